import { Body, Get, Param, Post, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { IdPipe } from '../../common/id.pipe';
import { PageQuery } from '../../common/pagination';
import { ProblemException } from '../../common/problem';
import { DatePollService } from '../../forums/date-poll.service';
import type { Forum } from '../../forums/forum.entity';
import { ForumsService } from '../../forums/forums.service';
import { InvitationsService } from '../../forums/invitations.service';
import { ListOrganisationsQuery } from '../../organisations/dto/organisation.dto';
import { OrganisationsService } from '../../organisations/organisations.service';
import { Page, type PageContext } from '../page-context';
import { list } from '../page-forms';
import { OrganiserPage } from '../page.guard';
import { EMPTY_FORM, type FormState } from '../page-renderer.service';
import type { FormBody } from '../web-http';
import { DeskPages, deskPath } from './desk-pages.service';
import { DeskController } from './desk-problem.filter';

const ALL = Object.assign(new PageQuery(), { perPage: 100 });

/** Invitations (many at once) and the date poll with its answers grid and the choice of dates. */
@DeskController('desk/editions/:slug')
export class DeskPollController {
  constructor(
    private readonly pages: DeskPages,
    private readonly forums: ForumsService,
    private readonly invitations: InvitationsService,
    private readonly organisations: OrganisationsService,
    private readonly poll: DatePollService,
  ) {}

  @Get('invitations')
  @OrganiserPage('viewer')
  async invitationsPage(@Param('slug') slug: string, @Page() page: PageContext, @Res() reply: FastifyReply): Promise<void> {
    await this.renderInvitations(reply, page, await this.forums.get(slug, true), EMPTY_FORM);
  }

  @Post('invitations')
  @OrganiserPage('organiser')
  async invite(@Param('slug') slug: string, @Body() body: FormBody, @Page() page: PageContext, @Res() reply: FastifyReply): Promise<void> {
    const forum = await this.forums.get(slug, true);
    const ids = list(body.organisationIds);
    if (ids.length === 0) {
      await this.renderInvitations(reply, page, forum, { values: {}, errors: { organisationIds: this.pages.t(page.locale, 'invitations.pick') } }, 400);
      return;
    }
    try {
      await this.invitations.invite(forum.id, ids);
    } catch (error) {
      if (!(error instanceof ProblemException) || Number(error.status) >= 500) {
        throw error;
      }
      await this.renderInvitations(reply, page, forum, { values: { organisationIds: ids }, errors: { organisationIds: error.extensions.errors?.map((e) => e.message).join('; ') ?? error.detail } }, 400);
      return;
    }
    await reply.redirect(`${deskPath(forum, '/invitations')}?done=invited`, 303);
  }

  @Post('invitations/:organisationId/remove')
  @OrganiserPage('organiser')
  async uninvite(@Param('slug') slug: string, @Param('organisationId', IdPipe) organisationId: string, @Res() reply: FastifyReply): Promise<void> {
    const forum = await this.forums.get(slug, true);
    await this.invitations.uninvite(forum.id, organisationId);
    await reply.redirect(`${deskPath(forum, '/invitations')}?done=uninvited`, 303);
  }

  @Get('poll')
  @OrganiserPage('viewer')
  async pollPage(@Param('slug') slug: string, @Page() page: PageContext, @Res() reply: FastifyReply): Promise<void> {
    const forum = await this.forums.get(slug, true);
    const poll = await this.poll.poll(forum.id, page.locale);
    const t = (key: string, params: Record<string, unknown> = {}) => this.pages.t(page.locale, key, params);
    const options = poll.options.map((entry) => ({
      ...entry,
      choosePath: deskPath(forum, `/poll/${entry.option.id}/choose`),
      conflictLines: [
        ...entry.conflicts.holidays.map((h) => `${t('poll.holiday', { country: h.country, name: h.name, start: h.startDate, end: h.endDate })}${h.relation === 'touches' ? ` — ${t('poll.touches')}` : ''}`),
        ...entry.conflicts.blackouts.map((b) => t('poll.blackout', { organisation: b.organisation.name, reason: b.reason, start: b.startDate, end: b.endDate })),
      ],
    }));
    const invited = (await this.invitations.list(forum.id, ALL)).items.map((invitation) => invitation.organisation);
    // The answers grid: one row per invited authority, one column per period, in date order.
    const byDate = [...options].sort((a, b) => a.option.startDate.localeCompare(b.option.startDate));
    const grid = invited.map((organisation) => ({
      name: organisation.name,
      answers: byDate.map((entry) => entry.votes.find((vote) => vote.organisation.id === organisation.id)?.answer ?? null),
    }));
    await this.pages.render(reply, 'desk/poll', page, { forum, section: 'poll', title: t('poll.title'), data: { poll, options, columns: byDate.map((entry) => entry.option), grid } });
  }

  @Get('poll/:optionId/choose')
  @OrganiserPage('organiser')
  async confirmChoice(@Param('slug') slug: string, @Param('optionId', IdPipe) optionId: string, @Page() page: PageContext, @Res() reply: FastifyReply): Promise<void> {
    const forum = await this.forums.get(slug, true);
    const option = (await this.poll.listOptions(forum.id)).find((candidate) => candidate.id === optionId);
    if (!option) {
      throw ProblemException.notFound('Date option', optionId);
    }
    await this.pages.render(reply, 'desk/choose', page, {
      forum,
      section: 'poll',
      title: this.pages.t(page.locale, 'poll.confirmTitle'),
      data: {
        option,
        confirmText: this.pages.t(page.locale, 'poll.confirmText', { start: option.startDate, end: option.endDate }),
        action: deskPath(forum, `/poll/${option.id}/choose`),
        back: deskPath(forum, '/poll'),
      },
    });
  }

  @Post('poll/:optionId/choose')
  @OrganiserPage('organiser')
  async choose(@Param('slug') slug: string, @Param('optionId', IdPipe) optionId: string, @Page() page: PageContext, @Res() reply: FastifyReply): Promise<void> {
    const forum = await this.forums.get(slug, true);
    await this.poll.choose(forum.id, optionId, this.pages.actor(page));
    await reply.redirect(`${deskPath(forum, '/poll')}?done=chosen`, 303);
  }

  private async renderInvitations(reply: FastifyReply, page: PageContext, forum: Forum, form: FormState, status = 200): Promise<void> {
    const invited = (await this.invitations.list(forum.id, ALL)).items;
    const invitedIds = new Set(invited.map((invitation) => invitation.organisation.id));
    const all = await this.organisations.list(Object.assign(new ListOrganisationsQuery(), { perPage: 100 }));
    const candidates = all.items.filter((organisation) => !invitedIds.has(organisation.id)).map((organisation) => ({ id: organisation.id, name: organisation.name, nameKo: organisation.nameKo, country: organisation.country }));
    await this.pages.render(reply, 'desk/invitations', page, {
      forum,
      section: 'invitations',
      title: this.pages.t(page.locale, 'invitations.title'),
      status,
      data: {
        form,
        invited: invited.map((invitation) => ({
          id: invitation.organisation.id,
          name: invitation.organisation.name,
          country: invitation.organisation.country,
          since: invitation.createdAt.toISOString().slice(0, 10),
          removeLabel: this.pages.t(page.locale, 'invitations.removeLabel', { name: invitation.organisation.name }),
          removePath: deskPath(forum, `/invitations/${invitation.organisation.id}/remove`),
        })),
        candidates,
      },
    });
  }
}
