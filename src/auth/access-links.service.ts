import { Injectable } from '@nestjs/common';
import { EntityManager, raw, type FilterQuery } from '@mikro-orm/postgresql';
import { Clock } from '../common/clock';
import { pickLocale } from '../common/locale';
import { ProblemException } from '../common/problem';
import { RateLimiter } from '../common/rate-limiter';
import { QUARTER_HOUR_MS } from '../common/time';
import { PublicUrls } from '../config/public-urls';
import { Forum } from '../forums/forum.entity';
import { InvitationsService } from '../forums/invitations.service';
import { Contact } from '../organisations/contact.entity';
import { organisationName } from '../organisations/organisation.views';
import { type MessageDraft, Outbox } from '../outbox/outbox.service';
import { AccessLink } from './access-link.entity';
import { ListAccessLinksQuery } from './dto/auth.dto';
import { hashToken, newToken, TokenPrefix } from './tokens';

export const ACCESS_LINK_DAYS = 30;
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
    private readonly outbox: Outbox,
    private readonly limiter: RateLimiter,
    private readonly clock: Clock,
    private readonly urls: PublicUrls,
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
    const messages = await this.em.transactional(async (em) => {
      const drafts: MessageDraft[] = [];
      for (const contact of contacts) {
        if (!(await this.invitations.isInvited(forum.id, contact.organisation.id))) {
          continue;
        }
        const secret = newToken(TokenPrefix.AccessLink);
        const expiresAt = new Date(now.getTime() + ACCESS_LINK_DAYS * 24 * 3600 * 1000);
        const link = new AccessLink({ contact, organisation: contact.organisation, forum, tokenHash: hashToken(secret), expiresAt });
        em.persist(link);
        drafts.push({
          kind: 'access_link',
          recipient: contact.email,
          locale: contact.locale,
          template: 'access-link',
          dedupeKey: `access-link-${link.id}`,
          scheduledFor: now,
          forumId: forum.id,
          data: {
            name: contact.firstName,
            organisation: organisationName(contact.organisation, contact.locale),
            forum: pickLocale(forum.title, contact.locale),
            link: this.urls.access(secret),
            expiresOn: expiresAt.toISOString().slice(0, 10),
          },
        });
      }
      return this.outbox.write(em, drafts);
    });
    await this.outbox.queueAfterCommit(messages);
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
