import { Injectable } from '@nestjs/common';
import { EntityManager } from '@mikro-orm/postgresql';
import { AccessLinksService, type LinksSent } from '../auth/access-links.service';
import { ProblemException } from '../common/problem';
import { ForumsService } from '../forums/forums.service';
import { InvitationsService } from '../forums/invitations.service';
import { Registration } from './registration.entity';

/**
 * Inviting reaches the invited: each contact of an invited organisation is emailed its own magic
 * link, at the invitation and again whenever the organisers ask (for some organisations, or for
 * all those that have not registered yet).
 */
@Injectable()
export class InvitationLinksService {
  constructor(
    private readonly em: EntityManager,
    private readonly forums: ForumsService,
    private readonly invitations: InvitationsService,
    private readonly accessLinks: AccessLinksService,
  ) {}

  /** Invites the organisations and sends the links of those newly invited. */
  async inviteAndSend(forumRef: string, organisationIds: string[]): Promise<{ invited: string[]; sent: LinksSent }> {
    const forum = await this.forums.get(forumRef, true);
    const { added } = await this.invitations.invite(forum.id, organisationIds);
    const invited = added.map((invitation) => invitation.organisation.id);
    return { invited, sent: await this.accessLinks.sendFor(forum.id, invited) };
  }

  /** New links for these organisations and, if asked, for every invited one not registered yet. */
  async send(forumRef: string, choice: { organisationIds?: string[]; notRegistered?: boolean }): Promise<LinksSent> {
    const forum = await this.forums.get(forumRef, true);
    if (!choice.organisationIds?.length && !choice.notRegistered) {
      throw ProblemException.validation([
        { field: 'organisationIds', message: 'name the organisations, or ask for those not registered yet (notRegistered: true)' },
      ]);
    }
    const ids = [...(choice.organisationIds ?? []), ...(choice.notRegistered ? await this.notRegistered(forum.id) : [])];
    return this.accessLinks.sendFor(forum.id, ids);
  }

  /** Invited organisations with no registration for the edition. */
  async notRegistered(forumId: string): Promise<string[]> {
    const registered = new Set(
      (await this.em.find(Registration, { forum: forumId }, { fields: ['organisation'] })).map(
        (registration) => registration.organisation.id,
      ),
    );
    return (await this.invitations.organisationIds(forumId)).filter((id) => !registered.has(id));
  }
}
