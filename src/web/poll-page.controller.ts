import { Body, Get, Param, Post, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import type { Locale } from '../common/locale';
import { sitePaths } from '../config/public-urls';
import { VOTE_ANSWERS } from '../forums/date-option.entity';
import { DatePollService } from '../forums/date-poll.service';
import type { DatePollView, PollOptionView } from '../forums/dto/date-poll.views';
import { VoteDto } from '../forums/dto/date-poll.dto';
import type { Forum } from '../forums/forum.entity';
import { organisationName } from '../organisations/organisation.views';
import { MemberNavService } from './member-nav';
import { Page, type PageContext } from './page-context';
import { text, validateAs } from './page-forms';
import { refusalForm } from './page-refusals';
import { MemberPage, PageController } from './page.guard';
import { EMPTY_FORM, type FormState, PageRenderer } from './page-renderer.service';
import type { FormBody } from './web-http';

const byDate = (a: PollOptionView, b: PollOptionView) =>
  a.option.startDate.localeCompare(b.option.startDate) || a.option.endDate.localeCompare(b.option.endDate);

/** The date poll for a member: each option with its conflicts, one form of answers, the results. */
@PageController('forums/:slug/poll')
@MemberPage()
export class PollPageController {
  constructor(
    private readonly renderer: PageRenderer,
    private readonly poll: DatePollService,
    private readonly nav: MemberNavService,
  ) {}

  @Get()
  async show(@Page() page: PageContext, @Param('slug') _slug: string, @Res() reply: FastifyReply): Promise<void> {
    const forum = page.forum as Forum;
    const poll = await this.poll.poll(forum.id, page.locale, page.member);
    await this.render(reply, page, forum, poll, this.ownAnswers(poll, page));
  }

  @Post()
  async vote(@Page() page: PageContext, @Param('slug') _slug: string, @Body() body: FormBody, @Res() reply: FastifyReply): Promise<void> {
    const forum = page.forum as Forum;
    const member = page.member as NonNullable<PageContext['member']>;
    const before = await this.poll.poll(forum.id, page.locale, member);
    const values: Record<string, unknown> = {};
    const errors: Record<string, string> = {};
    const votes: { optionId: string; vote: VoteDto }[] = [];
    let general: string | undefined;
    // Every answer is checked before any is saved: a refused form changes nothing.
    for (const { option } of before.options) {
      const answer = text(body[`answer.${option.id}`]);
      const comment = text(body[`comment.${option.id}`]);
      values[`answer.${option.id}`] = answer;
      values[`comment.${option.id}`] = comment;
      if (!answer && !comment) {
        continue;
      }
      const checked = await validateAs(VoteDto, { answer, comment: comment.trim() || null }, this.renderer.constraint(page.locale));
      if (checked.ok) {
        votes.push({ optionId: option.id, vote: checked.value });
      } else {
        for (const [field, message] of Object.entries(checked.errors)) {
          errors[`${field}.${option.id}`] = message;
        }
      }
    }
    for (const { optionId, vote } of Object.keys(errors).length === 0 ? votes : []) {
      try {
        await this.poll.vote(forum.id, optionId, member.organisationId, vote, member.label);
      } catch (error) {
        const place = (field: string) => (field === 'answer' || field === 'comment' ? `${field}.${optionId}` : undefined);
        const state = refusalForm(error, values, this.renderer.messages(page.locale), { mailbox: this.renderer.mailbox, place });
        Object.assign(errors, state.errors);
        general = general ?? state.general;
      }
    }
    if (Object.keys(errors).length > 0 || general) {
      await this.render(reply, page, forum, await this.poll.poll(forum.id, page.locale, member), { values, errors, general }, 400);
      return;
    }
    await reply.redirect(`${sitePaths.poll(forum.slug)}?saved=1`, 303);
  }

  private ownAnswers(poll: DatePollView, page: PageContext): FormState {
    const values: Record<string, unknown> = {};
    for (const entry of poll.options) {
      const own = entry.votes.find((vote) => vote.organisation.id === page.member?.organisationId);
      values[`answer.${entry.option.id}`] = own?.answer ?? '';
      values[`comment.${entry.option.id}`] = own?.comment ?? '';
    }
    return { ...EMPTY_FORM, values };
  }

  private async render(
    reply: FastifyReply,
    page: PageContext,
    forum: Forum,
    poll: DatePollView,
    form: FormState,
    status = 200,
  ): Promise<void> {
    const locale: Locale = page.locale;
    const options = [...poll.options].sort(byDate).map((entry) => ({
      ...entry,
      answerName: `answer.${entry.option.id}`,
      commentName: `comment.${entry.option.id}`,
      answers: VOTE_ANSWERS.map((answer) => ({ answer, checked: form.values[`answer.${entry.option.id}`] === answer })),
      hasConflicts: entry.conflicts.holidays.length + entry.conflicts.blackouts.length > 0,
      // Whose dates to avoid, named as the reader names them (in Hangul on Korean pages).
      conflicts: {
        ...entry.conflicts,
        blackouts: entry.conflicts.blackouts.map((blackout) => ({
          ...blackout,
          organisation: { ...blackout.organisation, name: organisationName(blackout.organisation, locale) },
        })),
      },
    }));
    const organisations = new Map<string, string>();
    for (const entry of options) {
      for (const vote of entry.votes) {
        organisations.set(vote.organisation.id, organisationName(vote.organisation, locale));
      }
    }
    const grid = [...organisations.entries()]
      .sort((a, b) => a[1].localeCompare(b[1], locale))
      .map(([id, name]) => ({
        name,
        cells: options.map((entry) => entry.votes.find((vote) => vote.organisation.id === id)?.answer ?? null),
      }));
    await this.renderer.render(
      reply,
      'poll',
      page,
      {
        title: this.renderer.t(locale, 'poll.title'),
        open: poll.open,
        options,
        grid,
        form,
        saved: page.url.includes('saved=1'),
        nav: await this.nav.of(page, forum, 'poll'),
      },
      status,
    );
  }
}
