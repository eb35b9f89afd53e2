import { Injectable } from '@nestjs/common';
import { EntityManager } from '@mikro-orm/postgresql';
import { hashToken, newToken, TokenPrefix } from '../auth/tokens';
import { Clock } from '../common/clock';
import { AppConfig } from '../config/app-config';
import { Enrolment } from '../programme/enrolment.entity';
import type { Delegate } from '../registrations/registration.entity';
import { FeedToken } from './feed-token.entity';

export interface PersonalFeedLinks {
  token: string;
  https: string;
  webcal: string;
}

/** Personal agenda feeds: a long random token in the URL, one live per delegate. */
@Injectable()
export class FeedTokensService {
  constructor(
    private readonly em: EntityManager,
    private readonly clock: Clock,
    private readonly config: AppConfig,
  ) {}

  /** A new token, the old one revoked at once (renewal). The secret is shown this once. */
  async issue(delegate: Delegate): Promise<PersonalFeedLinks> {
    const secret = newToken(TokenPrefix.FeedToken);
    await this.em.transactional(async (em) => {
      await em.nativeUpdate(FeedToken, { delegate, revokedAt: null }, { revokedAt: this.clock.now() });
      em.persist(new FeedToken({ delegate, tokenHash: hashToken(secret) }));
    });
    return this.links(secret);
  }

  async revoke(delegate: Delegate): Promise<number> {
    return this.em.nativeUpdate(FeedToken, { delegate, revokedAt: null }, { revokedAt: this.clock.now() });
  }

  links(secret: string): PersonalFeedLinks {
    const https = `${this.config.get('publicUrl')}/calendar/delegates/${secret}.ics`;
    return { token: secret, https, webcal: https.replace(/^https?:/, 'webcal:') };
  }

  /** The delegate behind a live token, with what their feed shows; null for an unknown or revoked one. */
  async resolve(secret: string): Promise<{ delegate: Delegate; enrolments: Enrolment[] } | null> {
    if (!/^cal_[A-Za-z0-9_-]{43}$/.test(secret)) {
      return null;
    }
    const em = this.em.fork();
    const token = await em.findOne(FeedToken, { tokenHash: hashToken(secret), revokedAt: null }, { populate: ['delegate.contact', 'delegate.registration.forum', 'delegate.registration.organisation'] });
    if (!token) {
      return null;
    }
    const enrolments = await em.find(
      Enrolment,
      { delegate: token.delegate, session: { status: { $in: ['published', 'cancelled'] } } },
      { populate: ['session.hosts.organisation', 'session.forum'], orderBy: { session: { startsAt: 'asc' } } },
    );
    return { delegate: token.delegate, enrolments };
  }
}
