import { Get, Param, Post, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { IdPipe } from '../../common/id.pipe';
import { PageQuery } from '../../common/pagination';
import { ProblemException } from '../../common/problem';
import { formatLocalDateRange } from '../../common/time';
import { DatePollService } from '../../forums/date-poll.service';
import { ForumsService } from '../../forums/forums.service';
import { InvitationsService } from '../../forums/invitations.service';
import { Page, type PageContext } from '../page-context';
import { organisationName } from '../../organisations/organisation.views';
import { OrganiserPage } from '../page.guard';
import { DeskPages, deskPath } from './desk-pages.service';
import { DeskController } from './desk-problem.filter';

const ALL = Object.assign(new PageQuery(), { perPage: 100 });

/** The date poll with its answers grid and the choice of dates. */
@DeskController('desk/editions/:slug')
export class DeskPollController {
  constructor(
    private readonly pages: DeskPages,
    private readonly forums: ForumsService,
    private readonly invitations: InvitationsService,
    private readonly poll: DatePollService,
  ) {}

  @Get('poll')
  @OrganiserPage('viewer')
  async pollPage(@Param('slug') slug: string, @Page() page: PageContext, @Res() reply: FastifyReply): Promise<void> {
    const forum = await this.forums.get(slug, true);
    const poll = await this.poll.poll(forum.id, page.locale);
    const t = (key: string, params: Record<string, unknown> = {}) => this.pages.t(page.locale, key, params);
    const regions = new Intl.DisplayNames([page.locale], { type: 'region' });
    const range = (start: string, end: string) => formatLocalDateRange(start, end, page.locale);
    const options = poll.options.map((entry) => {
      const period = range(entry.option.startDate, entry.option.endDate);
      return {
        ...entry,
        choosePath: deskPath(forum, `/poll/${entry.option.id}/choose`),
        editPath: deskPath(forum, `/poll/options/${entry.option.id}/edit`),
        deletePath: deskPath(forum, `/poll/options/${entry.option.id}/delete`),
        editLabel: t('poll.editLabel', { period }),
        deleteLabel: t('poll.deleteLabel', { period }),
        conflictLines: [
          ...entry.conflicts.holidays.map(
            (h) =>
              `${t('poll.holiday', { country: regions.of(h.country) ?? h.country, name: h.name, dates: range(h.startDate, h.endDate) })}${h.relation === 'touches' ? ` — ${t('poll.touches')}` : ''}`,
          ),
          ...entry.conflicts.blackouts.map((b) =>
            t('poll.blackout', {
              organisation: organisationName(b.organisation, page.locale),
              reason: b.reason,
              dates: range(b.startDate, b.endDate),
            }),
          ),
        ],
      };
    });
    const invited = (await this.invitations.list(forum.id, ALL)).items.map((invitation) => invitation.organisation);
    // The answers grid: one row per invited authority, one column per period, in date order.
    const byDate = [...options].sort((a, b) => a.option.startDate.localeCompare(b.option.startDate));
    const grid = invited.map((organisation) => ({
      name: organisationName(organisation, page.locale),
      answers: byDate.map((entry) => entry.votes.find((vote) => vote.organisation.id === organisation.id)?.answer ?? null),
    }));
    await this.pages.render(reply, 'desk/poll', page, {
      forum,
      section: 'poll',
      title: t('poll.title'),
      data: { poll, options, columns: byDate.map((entry) => entry.option), grid },
    });
  }

  @Get('poll/:optionId/choose')
  @OrganiserPage('organiser')
  async confirmChoice(
    @Param('slug') slug: string,
    @Param('optionId', IdPipe) optionId: string,
    @Page() page: PageContext,
    @Res() reply: FastifyReply,
  ): Promise<void> {
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
        confirmText: this.pages.t(page.locale, 'poll.confirmText', {
          dates: formatLocalDateRange(option.startDate, option.endDate, page.locale),
        }),
        action: deskPath(forum, `/poll/${option.id}/choose`),
        back: deskPath(forum, '/poll'),
      },
    });
  }

  @Post('poll/:optionId/choose')
  @OrganiserPage('organiser')
  async choose(
    @Param('slug') slug: string,
    @Param('optionId', IdPipe) optionId: string,
    @Page() page: PageContext,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const forum = await this.forums.get(slug, true);
    await this.poll.choose(forum.id, optionId, this.pages.actor(page));
    await reply.redirect(`${deskPath(forum, '/poll')}?done=chosen`, 303);
  }
}
