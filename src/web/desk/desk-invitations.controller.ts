import { Body, Get, Param, Post, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { AccessLinksService, type LinkDelivery } from '../../auth/access-links.service';
import { IdPipe, UUID_PATTERN } from '../../common/id.pipe';
import { PageQuery } from '../../common/pagination';
import { renderInstant } from '../../common/time';
import type { Forum } from '../../forums/forum.entity';
import { ForumsService } from '../../forums/forums.service';
import { InvitationsService } from '../../forums/invitations.service';
import { ListOrganisationsQuery } from '../../organisations/dto/organisation.dto';
import { ContactsService } from '../../organisations/contacts.service';
import { fullName } from '../../organisations/organisation.views';
import { OrganisationsService } from '../../organisations/organisations.service';
import { InvitationLinksService } from '../../participation/invitation-links.service';
import { Page, type PageContext } from '../page-context';
import { organisationName } from '../../organisations/organisation.views';
import { list } from '../page-forms';
import { OrganiserPage } from '../page.guard';
import { EMPTY_FORM, type FormState } from '../page-renderer.service';
import type { FormBody } from '../web-http';
import { organisationPath } from './desk-organisations.controller';
import { DeskPages, deskPath } from './desk-pages.service';
import { DeskController } from './desk-problem.filter';
import type { FormFields } from './desk-refusals';

const ALL = Object.assign(new PageQuery(), { perPage: 100 });
const INVITE_FORM: FormFields = { names: ['organisationIds'], map: { 'organisationIds.0': 'organisationIds' } };

/**
 * Invitations that reach the invited: inviting emails each contact its magic link, the links can
 * be sent again (to one organisation, or to all not registered yet), and the page shows who was
 * sent what, when, and who has opened it.
 */
@DeskController('desk/editions/:slug/invitations')
export class DeskInvitationsController {
  constructor(
    private readonly pages: DeskPages,
    private readonly forums: ForumsService,
    private readonly invitations: InvitationsService,
    private readonly organisations: OrganisationsService,
    private readonly contacts: ContactsService,
    private readonly accessLinks: AccessLinksService,
    private readonly links: InvitationLinksService,
  ) {}

  @Get()
  @OrganiserPage('viewer')
  async invitationsPage(@Param('slug') slug: string, @Page() page: PageContext, @Res() reply: FastifyReply): Promise<void> {
    await this.render(reply, page, await this.forums.get(slug, true), EMPTY_FORM);
  }

  @Post()
  @OrganiserPage('organiser')
  async invite(@Param('slug') slug: string, @Body() body: FormBody, @Page() page: PageContext, @Res() reply: FastifyReply): Promise<void> {
    const forum = await this.forums.get(slug, true);
    const ids = list(body.organisationIds);
    if (ids.length === 0) {
      await this.render(
        reply,
        page,
        forum,
        { values: {}, errors: { organisationIds: this.pages.t(page.locale, 'invitations.pick') } },
        400,
      );
      return;
    }
    if (ids.some((id) => !UUID_PATTERN.test(id))) {
      // Not an organisation the form offered: a forged or stale form, said beside the list.
      await this.render(
        reply,
        page,
        forum,
        { values: {}, errors: { organisationIds: this.pages.t(page.locale, 'fieldErrors.organisationIds') } },
        400,
      );
      return;
    }
    let links: number;
    try {
      links = (await this.links.inviteAndSend(forum.id, ids)).sent.links;
    } catch (error) {
      await this.render(reply, page, forum, this.pages.refusal(error, { organisationIds: ids }, INVITE_FORM, page.locale), 400);
      return;
    }
    await reply.redirect(`${deskPath(forum, '/invitations')}?done=${links > 0 ? 'invited' : 'invitedNoContact'}`, 303);
  }

  /** New links for every invited organisation that has not registered yet. */
  @Post('links')
  @OrganiserPage('organiser')
  async sendToUnregistered(@Param('slug') slug: string, @Res() reply: FastifyReply): Promise<void> {
    const forum = await this.forums.get(slug, true);
    const notRegistered = await this.links.notRegistered(forum.id);
    const sent = notRegistered.length ? await this.links.send(forum.id, { organisationIds: notRegistered }) : null;
    await reply.redirect(`${deskPath(forum, '/invitations')}?done=${sent?.links ? 'linksSent' : 'noLinkToSend'}`, 303);
  }

  @Post(':organisationId/links')
  @OrganiserPage('organiser')
  async sendTo(
    @Param('slug') slug: string,
    @Param('organisationId', IdPipe) organisationId: string,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const forum = await this.forums.get(slug, true);
    const sent = await this.links.send(forum.id, { organisationIds: [organisationId] });
    await reply.redirect(`${deskPath(forum, '/invitations')}?done=${sent.links ? 'linksSent' : 'noLinkToSend'}`, 303);
  }

  @Post(':organisationId/remove')
  @OrganiserPage('organiser')
  async uninvite(
    @Param('slug') slug: string,
    @Param('organisationId', IdPipe) organisationId: string,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const forum = await this.forums.get(slug, true);
    await this.invitations.uninvite(forum.id, organisationId);
    await reply.redirect(`${deskPath(forum, '/invitations')}?done=uninvited`, 303);
  }

  private async render(reply: FastifyReply, page: PageContext, forum: Forum, form: FormState, status = 200): Promise<void> {
    const t = (key: string, params: Record<string, unknown> = {}) => this.pages.t(page.locale, key, params);
    const regions = new Intl.DisplayNames([page.locale], { type: 'region' });
    const invited = (await this.invitations.list(forum.id, ALL)).items;
    const invitedIds = new Set(invited.map((invitation) => invitation.organisation.id));
    const notRegistered = new Set(await this.links.notRegistered(forum.id));
    // The newest link of each contact tells what they were last sent.
    const latest = new Map<string, LinkDelivery>();
    for (const delivery of await this.accessLinks.deliveries(forum.id)) {
      if (!latest.has(delivery.link.contact.id)) {
        latest.set(delivery.link.contact.id, delivery);
      }
    }
    const at = (date: Date | null | undefined) => (date ? renderInstant(date, forum.timeZone) : null);
    const rows = [];
    for (const invitation of invited) {
      const organisation = invitation.organisation;
      const name = organisationName(organisation, page.locale);
      const people = (await this.contacts.list(organisation.id, ALL)).items.filter((contact) => !contact.erasedAt);
      rows.push({
        name,
        country: regions.of(organisation.country) ?? organisation.country,
        since: at(invitation.createdAt),
        registered: !notRegistered.has(organisation.id),
        organisationPath: organisationPath(organisation),
        contacts: people.map((contact) => {
          const delivery = latest.get(contact.id);
          const message = delivery?.message ?? null;
          return {
            name: fullName(contact.firstName, contact.lastName),
            email: contact.email,
            language: t(`common.${contact.locale}`),
            sentAt: delivery ? at(message?.sentAt ?? delivery.link.createdAt) : null,
            delivery: message ? t(`invitations.delivery.${message.status}`) : null,
            failed: message?.status === 'failed',
            messagePath: message ? deskPath(forum, `/outbox/${message.id}`) : null,
            openedAt: at(delivery?.link.firstUsedAt),
          };
        }),
        linksPath: deskPath(forum, `/invitations/${organisation.id}/links`),
        linksLabel: t('invitations.resendLabel', { name }),
        removeLabel: t('invitations.removeLabel', { name }),
        removePath: deskPath(forum, `/invitations/${organisation.id}/remove`),
      });
    }
    const all = await this.organisations.list(Object.assign(new ListOrganisationsQuery(), { perPage: 100 }));
    const candidates = all.items
      .filter((organisation) => !invitedIds.has(organisation.id))
      .map((organisation) => ({
        id: organisation.id,
        name: organisationName(organisation, page.locale),
        otherName: page.locale === 'ko' && organisation.nameKo ? organisation.name : organisation.nameKo,
        country: regions.of(organisation.country) ?? organisation.country,
      }));
    await this.pages.render(reply, 'desk/invitations', page, {
      forum,
      section: 'invitations',
      title: t('invitations.title'),
      status,
      data: {
        form,
        invited: rows,
        candidates,
        notRegisteredCount: t('invitations.notRegisteredCount', { count: notRegistered.size }),
        hasNotRegistered: notRegistered.size > 0,
        linksAction: deskPath(forum, '/invitations/links'),
      },
    });
  }
}
