import { timingSafeEqual } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { EntityManager } from '@mikro-orm/postgresql';
import { Clock } from '../common/clock';
import { AppConfig } from '../config/app-config';
import { Invitation } from '../forums/invitation.entity';
import { AccessLink } from './access-link.entity';
import { ApiToken } from './api-token.entity';
import type { Principal } from '../access/principal';
import { hashToken, prefixOf, TokenPrefix } from './tokens';

// Last-used times are for people, not forensics: a minute's precision spares a write per request.
const LAST_USED_PRECISION_MS = 60_000;

/** Turns a bearer token into a principal, or null when it is not (or no longer) valid. */
@Injectable()
export class AuthenticatorService {
  private readonly adminHash: Buffer;

  constructor(
    private readonly em: EntityManager,
    private readonly clock: Clock,
    config: AppConfig,
  ) {
    this.adminHash = Buffer.from(hashToken(config.get('adminToken')), 'hex');
  }

  async authenticate(token: string): Promise<Principal | null> {
    const hash = hashToken(token);
    if (timingSafeEqual(Buffer.from(hash, 'hex'), this.adminHash)) {
      return { kind: 'organiser', role: 'admin', userId: null, label: 'bootstrap admin (ADMIN_TOKEN)' };
    }
    switch (prefixOf(token)) {
      case TokenPrefix.ApiToken:
        return this.fromApiToken(hash);
      case TokenPrefix.AccessLink:
        return this.fromAccessLink(hash);
      default:
        return null;
    }
  }

  private async fromApiToken(hash: string): Promise<Principal | null> {
    const em = this.em.fork();
    const now = this.clock.now();
    const token = await em.findOne(ApiToken, { tokenHash: hash, revokedAt: null }, { populate: ['user'] });
    if (!token || token.user.disabledAt || token.expiresAt <= now) {
      return null;
    }
    if (!token.lastUsedAt || now.getTime() - token.lastUsedAt.getTime() > LAST_USED_PRECISION_MS) {
      await em.nativeUpdate(ApiToken, { id: token.id }, { lastUsedAt: now });
    }
    return { kind: 'organiser', role: token.user.role, userId: token.user.id, label: token.user.email };
  }

  private async fromAccessLink(hash: string): Promise<Principal | null> {
    const em = this.em.fork();
    const now = this.clock.now();
    const link = await em.findOne(AccessLink, { tokenHash: hash, revokedAt: null, expiresAt: { $gt: now } }, { populate: ['contact'] });
    if (!link || link.contact.erasedAt) {
      return null;
    }
    if (!link.firstUsedAt) {
      // Once, and only by the first of two requests at once: the instant the invitation was taken up.
      await em.nativeUpdate(AccessLink, { id: link.id, firstUsedAt: null }, { firstUsedAt: now, lastUsedAt: now });
    } else if (!link.lastUsedAt || now.getTime() - link.lastUsedAt.getTime() > LAST_USED_PRECISION_MS) {
      await em.nativeUpdate(AccessLink, { id: link.id }, { lastUsedAt: now });
    }
    // Asked on every use, not when the link was made: an invitation withdrawn closes its links at once.
    const invited = (await em.count(Invitation, { forum: link.forum, organisation: link.organisation })) > 0;
    return {
      kind: 'authority',
      invited,
      organisationId: link.organisation.id,
      forumId: link.forum.id,
      contactId: link.contact.id,
      accessLinkId: link.id,
      label: `${link.contact.email} (magic link)`,
    };
  }
}
