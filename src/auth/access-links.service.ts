import { Injectable } from '@nestjs/common';
import { EntityManager, raw, type FilterQuery } from '@mikro-orm/postgresql';
import { Clock } from '../common/clock';
import { pickLocale } from '../common/locale';
import { ProblemCode, ProblemException } from '../common/problem';
import { RateLimiter } from '../common/rate-limiter';
import { QUARTER_HOUR_MS } from '../common/time';
import { AppConfig } from '../config/app-config';
import { Forum } from '../forums/forum.entity';
import { InvitationsService } from '../forums/invitations.service';
import type { Message } from '../notifications/message.entity';
import { type MessageDraft, NotificationsService } from '../notifications/notifications.service';
import { Contact } from '../organisations/contact.entity';
import { AccessLink } from './access-link.entity';
import { ListAccessLinksQuery } from './dto/auth.dto';
import { hashToken, newToken, TokenPrefix } from './tokens';

export const ACCESS_LINK_DAYS = 30;
export const ACCESS_LINK_LIMITS = {
  perEmail: { name: 'magic links per email', limit: 5, windowMs: QUARTER_HOUR_MS },
  perIp: { name: 'magic links per address', limit: 20, windowMs: QUARTER_HOUR_MS },
};

export interface LinksSent {
  /** Links written (one per contact). */
  links: number;
  /** Organisations reached. */
  organisations: number;
  /** Organisations asked for that have no contact to send to. */
  withoutContact: string[];
}

export interface LinkDelivery {
  link: AccessLink;
  /** The email that carried the link; null for a link not sent by email. */
  message: Message | null;
}

function accessLinkKey(linkId: string): string {
  return `access-link-${linkId}`;
}

/** The email carrying a contact's link, in the contact's language. */
function accessLinkDraft(input: { contact: Contact; forum: Forum; linkId: string; url: string; expiresAt: Date; now: Date }): MessageDraft {
  const { contact, forum } = input;
  return {
    kind: 'access_link',
    recipient: contact.email,
    locale: contact.locale,
    template: 'access-link',
    dedupeKey: accessLinkKey(input.linkId),
    scheduledFor: input.now,
    forum,
    data: {
      name: contact.firstName,
      organisation: contact.locale === 'ko' && contact.organisation.nameKo ? contact.organisation.nameKo : contact.organisation.name,
      forum: pickLocale(forum.title, contact.locale),
      link: input.url,
      expiresOn: input.expiresAt.toISOString().slice(0, 10),
    },
  };
}

/** Magic links: a contact of an invited organisation acts for it on one edition. */
@Injectable()
export class AccessLinksService {
  constructor(
    private readonly em: EntityManager,
    private readonly invitations: InvitationsService,
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
    const messages: Message[] = [];
    await this.em.transactional(async (em) => {
      for (const contact of contacts) {
        if (!(await this.invitations.isInvited(forum.id, contact.organisation.id))) {
          continue;
        }
        const secret = newToken(TokenPrefix.AccessLink);
        const expiresAt = new Date(now.getTime() + ACCESS_LINK_DAYS * 24 * 3600 * 1000);
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

  /**
   * Organisers send (or send again) the magic links of these invited organisations: every contact
   * gets a new link of its own, in its language, through the outbox. Organisations not invited
   * refuse the whole batch; those without a contact are returned, since nobody can be reached there.
   */
  async sendFor(forumId: string, organisationIds: string[]): Promise<LinksSent> {
    const forum = await this.em.findOne(Forum, { id: forumId });
    if (!forum) {
      throw ProblemException.notFound('Forum', forumId);
    }
    const ids = [...new Set(organisationIds.map((id) => id.toLowerCase()))];
    for (const id of ids) {
      if (!(await this.invitations.isInvited(forum.id, id))) {
        throw ProblemException.conflict(ProblemCode.NotInvited, `Organisation ${id} is not invited to this edition: invite it before sending its links.`, 'organisationIds');
      }
    }
    const contacts = ids.length ? await this.em.find(Contact, { organisation: { $in: ids, archivedAt: null }, erasedAt: null }, { populate: ['organisation'], orderBy: { lastName: 'asc' } }) : [];
    const now = this.clock.now();
    const expiresAt = new Date(now.getTime() + ACCESS_LINK_DAYS * 24 * 3600 * 1000);
    // The links and their emails commit together; the mail jobs are added once they have.
    const messages = await this.em.transactional((em) => {
      const composed = contacts.map((contact) => {
        const secret = newToken(TokenPrefix.AccessLink);
        const link = new AccessLink({ contact, organisation: contact.organisation, forum, tokenHash: hashToken(secret), expiresAt });
        em.persist(link);
        return this.notifications.compose(em, accessLinkDraft({ contact, forum, linkId: link.id, url: `${this.config.get('publicUrl')}/access?token=${secret}`, expiresAt, now }));
      });
      return Promise.resolve(composed);
    });
    await this.notifications.enqueue(messages);
    const reached = new Set(contacts.map((contact) => contact.organisation.id));
    return { links: messages.length, organisations: reached.size, withoutContact: ids.filter((id) => !reached.has(id)) };
  }

  /** Each link of the edition with the email that carried it, newest first. */
  async deliveries(forumId: string): Promise<LinkDelivery[]> {
    const links = await this.em.find(AccessLink, { forum: forumId }, { populate: ['contact'], orderBy: { createdAt: 'desc' } });
    const messages = new Map((await this.notifications.byDedupeKeys(links.map((link) => accessLinkKey(link.id)))).map((message) => [message.dedupeKey, message]));
    return links.map((link) => ({ link, message: messages.get(accessLinkKey(link.id)) ?? null }));
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
