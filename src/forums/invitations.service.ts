import { Injectable, type OnModuleInit } from '@nestjs/common';
import { EntityManager } from '@mikro-orm/postgresql';
import { Page, PageQuery, toPage } from '../common/pagination';
import { ProblemException } from '../common/problem';
import { DomainEvents } from '../events/domain-events';
import { OrganisationReferences } from '../organisations/organisation-events';
import { Organisation } from '../organisations/organisation.entity';
import { ForumsService } from './forums.service';
import { Invitation } from './invitation.entity';

@Injectable()
export class InvitationsService implements OnModuleInit {
  constructor(
    private readonly em: EntityManager,
    private readonly forums: ForumsService,
    private readonly events: DomainEvents,
  ) {}

  /** An invited organisation has taken part in an edition: it cannot be deleted. */
  onModuleInit(): void {
    this.events.on(OrganisationReferences, async ({ organisationId }) => ({
      invitations: await this.em.count(Invitation, { organisation: organisationId }),
    }));
  }

  async list(forumIdOrSlug: string, query: PageQuery): Promise<Page<Invitation>> {
    const forum = await this.forums.get(forumIdOrSlug, true);
    const [items, total] = await this.em.findAndCount(
      Invitation,
      { forum },
      { populate: ['organisation'], orderBy: { organisation: { name: 'asc' }, id: 'asc' }, limit: query.perPage, offset: query.offset },
    );
    return toPage(items, total, query);
  }

  /** Invites many at once; refuses the whole batch if one id is unknown or archived. */
  async invite(forumIdOrSlug: string, organisationIds: string[]): Promise<{ added: Invitation[]; alreadyInvited: string[] }> {
    const forum = await this.forums.get(forumIdOrSlug, true);
    const ids = [...new Set(organisationIds.map((id) => id.toLowerCase()))];
    const organisations = await this.em.find(Organisation, { id: { $in: ids } });
    const found = new Map(organisations.map((o) => [o.id, o]));
    const problems = ids.flatMap((id) => {
      const organisation = found.get(id);
      const index = organisationIds.findIndex((given) => given.toLowerCase() === id);
      if (!organisation) {
        return [{ field: `organisationIds.${index}`, message: `no organisation has the id ${id}` }];
      }
      return organisation.archivedAt ? [{ field: `organisationIds.${index}`, message: `${organisation.name} is archived` }] : [];
    });
    if (problems.length > 0) {
      throw ProblemException.validation(problems);
    }
    const existing = await this.em.find(Invitation, { forum, organisation: { $in: ids } });
    const alreadyInvited = existing.map((i) => i.organisation.id);
    const added = ids
      .filter((id) => !alreadyInvited.includes(id))
      .map((id) => new Invitation({ forum, organisation: found.get(id) as Organisation }));
    await this.em.persist(added).flush();
    return { added, alreadyInvited };
  }

  async uninvite(forumIdOrSlug: string, organisationId: string): Promise<void> {
    const forum = await this.forums.get(forumIdOrSlug, true);
    const invitation = await this.em.findOne(Invitation, { forum, organisation: organisationId });
    if (!invitation) {
      throw ProblemException.notFound('Invitation of organisation', organisationId);
    }
    await this.em.remove(invitation).flush();
  }

  /** Every invited organisation's id, however many. */
  async organisationIds(forumId: string): Promise<string[]> {
    return (await this.em.find(Invitation, { forum: forumId }, { fields: ['organisation'] })).map(
      (invitation) => invitation.organisation.id,
    );
  }

  async isInvited(forumId: string, organisationId: string): Promise<boolean> {
    return (await this.em.count(Invitation, { forum: forumId, organisation: organisationId })) > 0;
  }
}
