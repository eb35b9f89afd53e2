import { Injectable, type OnModuleInit } from '@nestjs/common';
import { EntityManager, raw, type FilterQuery } from '@mikro-orm/postgresql';
import { AfterResponse } from '../database/after-response';
import { Clock } from '../common/clock';
import { pickLocale } from '../common/locale';
import { ProblemCode, ProblemException } from '../common/problem';
import { RateLimiter } from '../access/rate-limiter';
import { QUARTER_HOUR_MS } from '../common/time';
import { PublicUrls } from '../config/public-urls';
import { DeadlinesService } from '../deadlines/deadlines.service';
import { DomainEvents } from '../events/domain-events';
import { Forum } from '../forums/forum.entity';
import { InvitationsService } from '../forums/invitations.service';
import type { Message } from '../outbox/message.entity';
import { Contact } from '../organisations/contact.entity';
import { ContactAccessLinks, ContactErasing, OrganisationReferences } from '../organisations/organisation-events';
import { organisationName } from '../organisations/organisation.views';
import { type MessageDraft, Outbox } from '../outbox/outbox.service';
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
  perEmail: { id: 'magic-link-email', name: 'magic links per email', limit: 5, windowMs: QUARTER_HOUR_MS },
  perIp: { id: 'magic-link-address', name: 'magic links per address', limit: 20, windowMs: QUARTER_HOUR_MS },
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
    forumId: forum.id,
    data: {
      name: contact.firstName,
      organisation: organisationName(contact.organisation, contact.locale),
      forum: pickLocale(forum.title, contact.locale),
      link: input.url,
      expiresOn: input.expiresAt.toISOString().slice(0, 10),
    },
  };
}

/** Magic links: a contact of an invited organisation acts for it on one edition. */
@Injectable()
export class AccessLinksService implements OnModuleInit {
  constructor(
    private readonly em: EntityManager,
    private readonly invitations: InvitationsService,
    private readonly deadlines: DeadlinesService,
    private readonly outbox: Outbox,
    private readonly limiter: RateLimiter,
    private readonly afterResponse: AfterResponse,
    private readonly clock: Clock,
    private readonly urls: PublicUrls,
    private readonly events: DomainEvents,
  ) {}

  /** A contact's links answer for them: counted before their organisation goes, listed in their export, revoked when they are erased. */
  onModuleInit(): void {
    this.events.on(OrganisationReferences, async ({ organisationId }) => ({
      accessLinks: await this.em.count(AccessLink, { organisation: organisationId }),
    }));
    this.events.on(ContactAccessLinks, async ({ contactId }) =>
      (await this.em.find(AccessLink, { contact: contactId }, { orderBy: { createdAt: 'asc' } })).map((l) => ({
        id: l.id,
        forumId: l.forum.id,
        createdAt: l.createdAt.toISOString(),
        expiresAt: l.expiresAt.toISOString(),
        revokedAt: l.revokedAt?.toISOString() ?? null,
        lastUsedAt: l.lastUsedAt?.toISOString() ?? null,
      })),
    );
    this.events.on(ContactErasing, async ({ em, contactId, at }) => {
      await em.nativeUpdate(AccessLink, { contact: contactId, revokedAt: null }, { revokedAt: at });
    });
  }

  /**
   * Counts the attempt, then hands the rest off: the caller learns nothing, neither from the
   * answer nor from its timing, whether anything will be sent.
   */
  async request(email: string, forumId: string, ip: string): Promise<void> {
    const address = email.trim().toLowerCase();
    await this.limiter.hit(ACCESS_LINK_LIMITS.perIp, ip);
    await this.limiter.hit(ACCESS_LINK_LIMITS.perEmail, address);
    this.afterResponse.run('Magic link', () => this.sendLinks(address, forumId));
  }

  /** Emails a link to each contact with this address whose organisation is invited to the edition. */
  async sendLinks(address: string, forumId: string): Promise<void> {
    const forum = await this.em.findOne(Forum, { id: forumId, status: { $ne: 'archived' } });
    if (!forum) {
      return;
    }
    const contacts = await this.em.find(
      Contact,
      { [raw('lower(email)')]: address, erasedAt: null, organisation: { archivedAt: null } },
      { populate: ['organisation'] },
    );
    const now = this.clock.now();
    const expiresAt = accessLinkExpiry(now, (await this.deadlines.list(forum.id)).at(-1)?.dueAt ?? null);
    const messages = await this.em.transactional(async (em) => {
      const drafts: MessageDraft[] = [];
      for (const contact of contacts) {
        if (!(await this.invitations.isInvited(forum.id, contact.organisation.id))) {
          continue;
        }
        const secret = newToken(TokenPrefix.AccessLink);
        const link = new AccessLink({ contact, organisation: contact.organisation, forum, tokenHash: hashToken(secret), expiresAt });
        em.persist(link);
        drafts.push(accessLinkDraft({ contact, forum, linkId: link.id, url: this.urls.access(secret), expiresAt, now }));
      }
      return this.outbox.write(em, drafts);
    });
    await this.outbox.queueAfterCommit(messages);
  }

  /** When a link stops working, if it exists (a page's cookie lasts as long as the link it holds). */
  async expiresAt(id: string): Promise<Date | null> {
    return (await this.em.findOne(AccessLink, { id }, { fields: ['expiresAt'] }))?.expiresAt ?? null;
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
        throw ProblemException.conflict(
          ProblemCode.NotInvited,
          `Organisation ${id} is not invited to this edition: invite it before sending its links.`,
          'organisationIds',
        );
      }
    }
    const contacts = ids.length
      ? await this.em.find(
          Contact,
          { organisation: { $in: ids, archivedAt: null }, erasedAt: null },
          { populate: ['organisation'], orderBy: { lastName: 'asc' } },
        )
      : [];
    const now = this.clock.now();
    const expiresAt = accessLinkExpiry(now, (await this.deadlines.list(forum.id)).at(-1)?.dueAt ?? null);
    // The links and their emails commit together; the mail jobs are added once they have.
    const messages = await this.em.transactional((em) => {
      const drafts = contacts.map((contact) => {
        const secret = newToken(TokenPrefix.AccessLink);
        const link = new AccessLink({ contact, organisation: contact.organisation, forum, tokenHash: hashToken(secret), expiresAt });
        em.persist(link);
        return accessLinkDraft({ contact, forum, linkId: link.id, url: this.urls.access(secret), expiresAt, now });
      });
      return this.outbox.write(em, drafts);
    });
    await this.outbox.queueAfterCommit(messages);
    const reached = new Set(contacts.map((contact) => contact.organisation.id));
    return { links: messages.length, organisations: reached.size, withoutContact: ids.filter((id) => !reached.has(id)) };
  }

  /** Each link of the edition with the email that carried it, newest first. */
  async deliveries(forumId: string): Promise<LinkDelivery[]> {
    const links = await this.em.find(AccessLink, { forum: forumId }, { populate: ['contact'], orderBy: { createdAt: 'desc' } });
    const messages = new Map(
      (await this.outbox.byDedupeKeys(links.map((link) => accessLinkKey(link.id)))).map((message) => [message.dedupeKey, message]),
    );
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
    return this.em.find(AccessLink, where, { populate: ['contact'], orderBy: { createdAt: 'desc' }, limit: 500 });
  }

  /**
   * Revokes the link and what it made: whoever held it may have added contacts (or changed their
   * address) and asked links for them, so the links of those contacts end too, and so on down.
   */
  async revoke(id: string): Promise<AccessLink> {
    const link = await this.em.findOne(AccessLink, { id }, { populate: ['contact'] });
    if (!link) {
      throw ProblemException.notFound('Access link', id);
    }
    const now = this.clock.now();
    link.revokedAt = link.revokedAt ?? now;
    const seen = new Set([link.id]);
    for (let parents = [link.id]; parents.length > 0;) {
      const heirs = (await this.em.find(AccessLink, { contact: { addedByAccessLinkId: { $in: parents } } })).filter(
        (heir) => !seen.has(heir.id),
      );
      for (const heir of heirs) {
        seen.add(heir.id);
        heir.revokedAt = heir.revokedAt ?? now;
      }
      parents = heirs.map((heir) => heir.id);
    }
    await this.em.flush();
    return link;
  }
}
