import { HttpStatus, Injectable } from '@nestjs/common';
import { EntityManager } from '@mikro-orm/postgresql';
import { Clock } from '../common/clock';
import { Page, PageQuery, toPage } from '../common/pagination';
import { ProblemCode, ProblemException } from '../common/problem';
import { ApiToken } from './api-token.entity';
import { CreateUserDto, UpdateUserDto } from './dto/auth.dto';
import type { Principal } from '../access/principal';
import { hashToken, newToken, TokenPrefix } from './tokens';
import { User } from './user.entity';

const DAY_MS = 24 * 3600 * 1000;
/** What a personal token lasts when its owner does not say. */
export const DEFAULT_TOKEN_DAYS = 90;

/** Organiser accounts and their personal API tokens. */
@Injectable()
export class AccountsService {
  constructor(
    private readonly em: EntityManager,
    private readonly clock: Clock,
  ) {}

  async listUsers(query: PageQuery): Promise<Page<User>> {
    const [items, total] = await this.em.findAndCount(User, {}, { orderBy: { email: 'asc' }, limit: query.perPage, offset: query.offset });
    return toPage(items, total, query);
  }

  async getUser(id: string): Promise<User> {
    const user = await this.em.findOne(User, { id });
    if (!user) {
      throw ProblemException.notFound('User', id);
    }
    return user;
  }

  async createUser(dto: CreateUserDto): Promise<User> {
    await this.ensureEmailFree(dto.email);
    const user = new User({ email: dto.email.trim(), name: dto.name.trim(), role: dto.role });
    user.locale = dto.locale ?? 'fr';
    await this.em.persist(user).flush();
    return user;
  }

  async updateUser(id: string, dto: UpdateUserDto): Promise<User> {
    const user = await this.getUser(id);
    if (dto.email !== undefined && dto.email.trim().toLowerCase() !== user.email) {
      await this.ensureEmailFree(dto.email);
      user.email = dto.email.trim().toLowerCase();
    }
    user.name = dto.name?.trim() ?? user.name;
    user.role = dto.role ?? user.role;
    user.locale = dto.locale ?? user.locale;
    if (dto.disabled !== undefined) {
      user.disabledAt = dto.disabled ? (user.disabledAt ?? this.clock.now()) : null;
    }
    await this.em.flush();
    return user;
  }

  /** The account behind an organiser principal; the bootstrap token has none. */
  async userOf(principal: Principal | undefined): Promise<User> {
    if (principal?.kind !== 'organiser' || !principal.userId) {
      throw new ProblemException(
        HttpStatus.FORBIDDEN,
        ProblemCode.Forbidden,
        'Personal tokens belong to an account: the bootstrap ADMIN_TOKEN has none. Create a user and sign in.',
      );
    }
    return this.getUser(principal.userId);
  }

  /** Creates a token and returns its secret, which is not stored and cannot be shown again. */
  async issueToken(user: User, name: string, expiresInDays = DEFAULT_TOKEN_DAYS): Promise<{ token: ApiToken; secret: string }> {
    const secret = newToken(TokenPrefix.ApiToken);
    const expiresAt = new Date(this.clock.now().getTime() + expiresInDays * DAY_MS);
    const token = new ApiToken({ user, name, tokenHash: hashToken(secret), hint: secret.slice(-4), expiresAt });
    await this.em.persist(token).flush();
    return { token, secret };
  }

  async listTokens(userId: string): Promise<ApiToken[]> {
    return this.em.find(ApiToken, { user: userId }, { orderBy: { createdAt: 'desc' } });
  }

  /** Revoked at once: the next request with it is refused. */
  async revokeToken(userId: string, tokenId: string): Promise<ApiToken> {
    const token = await this.em.findOne(ApiToken, { id: tokenId, user: userId });
    if (!token) {
      throw ProblemException.notFound('Token', tokenId);
    }
    token.revokedAt = token.revokedAt ?? this.clock.now();
    await this.em.flush();
    return token;
  }

  private async ensureEmailFree(email: string): Promise<void> {
    if (await this.em.count(User, { email: email.trim().toLowerCase() })) {
      throw ProblemException.conflict(ProblemCode.EmailTaken, `An account already uses ${email}.`, 'email');
    }
  }
}
