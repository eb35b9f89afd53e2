import { Injectable } from '@nestjs/common';
import { EntityManager } from '@mikro-orm/postgresql';
import { createHmac } from 'node:crypto';
import { deriveKey } from '../common/keys';
import { hashToken, TokenPrefix } from '../auth/tokens';
import { Clock } from '../common/clock';
import { sqlArray } from '../common/sql-array';
import { AppConfig } from '../config/app-config';
import { PublicUrls } from '../config/public-urls';
import { Enrolment } from './enrolment.entity';
import type { Delegate } from './registration.entity';
import { FeedToken } from './feed-token.entity';

export interface PersonalFeedLinks {
  token: string;
  https: string;
  webcal: string;
}

/** Personal agenda feeds: a long random token in the URL, one live per delegate. */
@Injectable()
export class FeedTokensService {
  private readonly key: Buffer;

  constructor(
    private readonly em: EntityManager,
    private readonly clock: Clock,
    config: AppConfig,
    private readonly urls: PublicUrls,
  ) {
    this.key = deriveKey(config.get('adminToken'), 'personal feeds');
  }

  /** A new token, the old one revoked at once (renewal). */
  async issue(delegate: Delegate): Promise<PersonalFeedLinks> {
    const secret = await this.em.fork().transactional(async (em) => {
      const last = await em.findOne(FeedToken, { delegate }, { orderBy: { version: 'desc' } });
      await em.nativeUpdate(FeedToken, { delegate, revokedAt: null }, { revokedAt: this.clock.now() });
      const version = (last?.version ?? 0) + 1;
      const token = this.derive(delegate.id, version);
      em.persist(new FeedToken({ delegate, tokenHash: hashToken(token), version }));
      return token;
    });
    return this.links(secret);
  }

  /** The live feed links of a delegate, issued on first need: what confirmation emails carry. */
  async current(delegate: Delegate): Promise<PersonalFeedLinks> {
    return (await this.currentMany(this.em.fork(), [delegate.id])).get(delegate.id) as PersonalFeedLinks;
  }

  /**
   * The live links of many delegates at once, in the caller's transaction; a delegate without a
   * live token gets one (the same secret `current` would issue, so a race writes it only once).
   */
  async currentMany(em: EntityManager, delegateIds: string[]): Promise<Map<string, PersonalFeedLinks>> {
    if (delegateIds.length === 0) {
      return new Map();
    }
    const rows = await em.execute<{ delegateId: string; live: number | null; last: number | null }[]>(
      `select d as "delegateId", max(t.version) filter (where t.revoked_at is null) as live, max(t.version) as last
         from unnest(?::uuid[]) as d left join feed_token t on t.delegate_id = d group by d`,
      [sqlArray(delegateIds)],
    );
    const fresh = rows.filter((r) => r.live === null).map((r) => ({ delegateId: r.delegateId, version: Number(r.last ?? 0) + 1 }));
    if (fresh.length > 0) {
      const now = this.clock.now();
      const secrets = fresh.map((f) => this.derive(f.delegateId, f.version));
      await em.execute(
        `insert into feed_token (id, created_at, updated_at, delegate_id, token_hash, version)
         select gen_random_uuid(), ?, ?, d, h, v from unnest(?::uuid[], ?::text[], ?::int[]) as x(d, h, v)
         on conflict (token_hash) do nothing`,
        [now, now, sqlArray(fresh.map((f) => f.delegateId)), sqlArray(secrets.map(hashToken)), sqlArray(fresh.map((f) => f.version))],
      );
    }
    return new Map(rows.map((r) => [r.delegateId, this.links(this.derive(r.delegateId, Number(r.live ?? Number(r.last ?? 0) + 1)))]));
  }

  /**
   * 256 bits from a key only the server holds (derived from ADMIN_TOKEN): unguessable, yet the
   * same each time for one (delegate, version), so the URL can be sent again; renewal bumps the version.
   */
  private derive(delegateId: string, version: number): string {
    return `${TokenPrefix.FeedToken}_${createHmac('sha256', this.key).update(`${delegateId}.${version}`).digest('base64url')}`;
  }

  async revoke(delegate: Delegate): Promise<number> {
    return this.em.nativeUpdate(FeedToken, { delegate, revokedAt: null }, { revokedAt: this.clock.now() });
  }

  links(secret: string): PersonalFeedLinks {
    const https = this.urls.personalFeed(secret);
    return { token: secret, https, webcal: https.replace(/^https?:/, 'webcal:') };
  }

  /**
   * The delegate behind a live token, with what their feed shows: their enrolments, and the
   * SEQUENCE of the last invite each session sent them. Null for an unknown or revoked token.
   */
  async resolve(secret: string): Promise<{ delegate: Delegate; enrolments: Enrolment[]; sequences: Map<string, number> } | null> {
    if (!/^cal_[A-Za-z0-9_-]{43}$/.test(secret)) {
      return null;
    }
    const em = this.em.fork();
    // An erased person has no agenda left to show: their feed answers as an unknown one.
    const token = await em.findOne(
      FeedToken,
      { tokenHash: hashToken(secret), revokedAt: null, delegate: { contact: { erasedAt: null } } },
      { populate: ['delegate.contact', 'delegate.registration.forum', 'delegate.registration.organisation'] },
    );
    if (!token) {
      return null;
    }
    const enrolments = await em.find(
      Enrolment,
      { delegate: token.delegate, session: { status: { $in: ['published', 'cancelled'] } } },
      { populate: ['session.hosts.organisation', 'session.forum'], orderBy: { session: { startsAt: 'asc' } } },
    );
    const sent = await em.execute<{ sessionId: string; sequence: number }[]>(
      'select session_id as "sessionId", last_sequence as sequence from invite_state where delegate_id = ?',
      [token.delegate.id],
    );
    return { delegate: token.delegate, enrolments, sequences: new Map(sent.map((row) => [row.sessionId, Number(row.sequence)])) };
  }
}
