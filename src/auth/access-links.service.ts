import { Injectable } from '@nestjs/common';
import { EntityManager, raw, type FilterQuery } from '@mikro-orm/postgresql';
import { Clock } from '../common/clock';
import { pickLocale } from '../common/locale';
import { ProblemException } from '../common/problem';
import { RateLimiter } from '../common/rate-limiter';
import { QUARTER_HOUR_MS } from '../common/time';
import { AppConfig } from '../config/app-config';
import { DeadlinesService } from '../deadlines/deadlines.service';
import { Forum } from '../forums/forum.entity';
import { InvitationsService } from '../forums/invitations.service';
import type { Message } from '../notifications/message.entity';
import { NotificationsService } from '../notifications/notifications.service';
import { Contact } from '../organisations/contact.entity';
import { AccessLink } from './access-link.entity';
import { ListAccessLinksQuery } from './dto/auth.dto';
import { hashToken, newToken, TokenPrefix } from './tokens';

export const ACCESS_LINK_DAYS = 30;
/** After an edition's last deadline, time to read what was sent and give a seat up before the forum. */
export const ACCESS_LINK_MARGIN_DAYS = 14;
const DAY_MS = 24 * 3600 * 1000;

/**
 * When a new magic link stops working: 30 days on, and never before the edition's last deadline
 * and a margin after it, so a link asked for early still opens every step it was sent for.
 */
export function accessLinkExpiry(now: Date, lastDeadline: Date | null): Date {
  const floor = now.getTime() + ACCESS_LINK_DAYS * DAY_MS;
  return new Date(lastDeadline ? Math.max(floor, lastDeadline.getTime() + ACCESS_LINK_MARGIN_DAYS * DAY_MS) : floor);
}
export const ACCESS_LINK_LIMITS = {
  perEmail: { name: 'magic links per email', limit: 5, windowMs: QUARTER_HOUR_MS },
  perIp: { name: 'magic links per address', limit: 20, windowMs: QUARTER_HOUR_MS },
};

/** Magic links: a contact of an invited organisation acts for it on one edition. */
@Injectable()
export class AccessLinksService {
  constructor(
    private readonly em: EntityManager,
    private readonly invitations: InvitationsService,
    private readonly deadlines: DeadlinesService,
    private readonly notifications: NotificationsService,
    private readonly limiter: RateLimiter,
    private readonly clock: Clock,
    private readonly config: AppConfig,
  ) {}

  /**
   * Emails a link to each contact with this address whose organisation is invited to the
   * edition. The caller learns nothing: the answer is the same whether anything was sent.
   */
  async request(email: string, forumId: string, ip: string): Promise<void> {
    const address = email.trim().toLowerCase();
    this.limiter.hit(ACCESS_LINK_LIMITS.perIp, ip);
    this.limiter.hit(ACCESS_LINK_LIMITS.perEmail, address);
    const forum = await this.em.findOne(Forum, { id: forumId, status: { $ne: 'archived' } });
    if (!forum) {
      return;
    }
    const contacts = await this.em.find(Contact, { [raw('lower(email)')]: address, erasedAt: null, organisation: { archivedAt: null } }, { populate: ['organisation'] });
    const now = this.clock.now();
    const expiresAt = accessLinkExpiry(now, (await this.deadlines.list(forum.id)).at(-1)?.dueAt ?? null);
    const messages: Message[] = [];
    await this.em.transactional(async (em) => {
      for (const contact of contacts) {
        if (!(await this.invitations.isInvited(forum.id, contact.organisation.id))) {
          continue;
        }
        const secret = newToken(TokenPrefix.AccessLink);
        const link = new AccessLink({ contact, organisation: contact.organisation, forum, tokenHash: hashToken(secret), expiresAt });
        em.persist(link);
        messages.push(
          this.notifications.compose(em, {
            kind: 'access_link',
            recipient: contact.email,
            locale: contact.locale,
            template: 'access-link',
            dedupeKey: `access-link-${link.id}`,
            scheduledFor: now,
            forum,
            data: {
              name: contact.firstName,
              organisation: contact.organisation.name,
              forum: pickLocale(forum.title, contact.locale),
              link: `${this.config.get('publicUrl')}/access?token=${secret}`,
              expiresOn: expiresAt.toISOString().slice(0, 10),
            },
          }),
        );
      }
    });
    await this.notifications.enqueue(messages);
  }

  /** When a link stops working, if it exists (a page's cookie lasts as long as the link it holds). */
  async expiresAt(id: string): Promise<Date | null> {
    return (await this.em.findOne(AccessLink, { id }, { fields: ['expiresAt'] }))?.expiresAt ?? null;
  }

  async list(query: ListAccessLinksQuery): Promise<AccessLink[]> {
    const where: FilterQuery<AccessLink> = {};
    if (query.forumId) {
      where.forum = query.forumId;
    }
    if (query.organisationId) {
      where.organisation = query.organisationId;
    }
    return this.em.find(AccessLink, where, { orderBy: { createdAt: 'desc' }, limit: 500 });
  }

  async revoke(id: string): Promise<AccessLink> {
    const link = await this.em.findOne(AccessLink, { id });
    if (!link) {
      throw ProblemException.notFound('Access link', id);
    }
    link.revokedAt = link.revokedAt ?? this.clock.now();
    await this.em.flush();
    return link;
  }
}
