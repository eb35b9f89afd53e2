import { HttpStatus, Injectable } from '@nestjs/common';
import { EntityManager } from '@mikro-orm/postgresql';
import { AfterResponse } from '../database/after-response';
import { Clock } from '../common/clock';
import { ProblemCode, ProblemException } from '../common/problem';
import { RateLimiter } from '../access/rate-limiter';
import { QUARTER_HOUR_MS, wallClock } from '../common/time';
import { PublicUrls } from '../config/public-urls';
import { Outbox } from '../outbox/outbox.service';
import { AccountsService } from './accounts.service';
import { ApiToken } from './api-token.entity';
import { SignInLink } from './sign-in-link.entity';
import { hashToken, newToken, TokenPrefix } from './tokens';
import { User } from './user.entity';

export const SIGN_IN_LINK_MINUTES = 15;
const SESSION_DAYS = 30;
export const SIGN_IN_LIMITS = {
  perEmail: { id: 'sign-in-email', name: 'sign-in links per email', limit: 5, windowMs: QUARTER_HOUR_MS },
  perIp: { id: 'sign-in-address', name: 'sign-in links per address', limit: 20, windowMs: QUARTER_HOUR_MS },
  sessionsPerIp: { id: 'session-address', name: 'sign-in attempts per address', limit: 30, windowMs: QUARTER_HOUR_MS },
};

/** Passwordless sign-in: an emailed single-use link, exchanged for a personal token. */
@Injectable()
export class SignInService {
  constructor(
    private readonly em: EntityManager,
    private readonly accounts: AccountsService,
    private readonly outbox: Outbox,
    private readonly limiter: RateLimiter,
    private readonly afterResponse: AfterResponse,
    private readonly clock: Clock,
    private readonly urls: PublicUrls,
  ) {}

  /**
   * Counts the attempt, then hands the rest off: whether the address has an account shows
   * neither in the answer nor in how long it takes.
   */
  async requestLink(email: string, ip: string): Promise<void> {
    const address = email.trim().toLowerCase();
    await this.limiter.hit(SIGN_IN_LIMITS.perIp, ip);
    await this.limiter.hit(SIGN_IN_LIMITS.perEmail, address);
    this.afterResponse.run('Sign-in link', () => this.sendLink(address));
  }

  /** Emails a link if the address has an active account; nothing otherwise. */
  async sendLink(address: string): Promise<void> {
    const user = await this.em.findOne(User, { email: address, disabledAt: null });
    if (!user) {
      return;
    }
    const now = this.clock.now();
    const secret = newToken(TokenPrefix.SignInLink);
    const link = new SignInLink({ user, tokenHash: hashToken(secret), expiresAt: new Date(now.getTime() + SIGN_IN_LINK_MINUTES * 60_000) });
    const messages = await this.em.transactional((em) => {
      em.persist(link);
      return this.outbox.write(em, [
        {
          kind: 'sign_in_link',
          recipient: user.email,
          locale: user.locale,
          template: 'sign-in-link',
          dedupeKey: `sign-in-link-${link.id}`,
          scheduledFor: now,
          data: { name: user.name, link: this.urls.signIn(secret), minutes: SIGN_IN_LINK_MINUTES },
        },
      ]);
    });
    await this.outbox.queueAfterCommit(messages);
  }

  /** Uses up the link (once, before it expires) and opens a 30-day session token. */
  async openSession(secret: string, ip: string): Promise<{ token: ApiToken; secret: string; user: User }> {
    await this.limiter.hit(SIGN_IN_LIMITS.sessionsPerIp, ip);
    const now = this.clock.now();
    const tokenHash = hashToken(secret);
    // One conditional UPDATE: of two concurrent uses, exactly one wins.
    const used = await this.em.nativeUpdate(SignInLink, { tokenHash, usedAt: null, expiresAt: { $gt: now } }, { usedAt: now });
    const link = used === 1 ? await this.em.findOne(SignInLink, { tokenHash }, { populate: ['user'] }) : null;
    if (!link || link.user.disabledAt) {
      throw new ProblemException(
        HttpStatus.UNAUTHORIZED,
        ProblemCode.LinkInvalid,
        'This sign-in link is unknown, has expired or was already used: ask for a new one.',
      );
    }
    const issued = await this.accounts.issueToken(link.user, `Sign-in ${wallClock(now.toISOString())} UTC`, SESSION_DAYS);
    return { ...issued, user: link.user };
  }

  /** Signing out ends the session's token, not just the cookie: a copy of the cookie opens nothing. */
  async closeSession(secret: string): Promise<void> {
    await this.em.nativeUpdate(ApiToken, { tokenHash: hashToken(secret), revokedAt: null }, { revokedAt: this.clock.now() });
  }
}
