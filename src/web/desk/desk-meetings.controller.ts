import { Body, Get, Param, Post, Query, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { IdPipe } from '../../common/id.pipe';
import { contentDisposition } from '../../common/escape';
import { pickLocale } from '../../common/locale';
import { ProblemException } from '../../common/problem';
import { renderInstant } from '../../common/time';
import type { Forum } from '../../forums/forum.entity';
import { ForumsService } from '../../forums/forums.service';
import { MeetingPlanningService } from '../../meetings/meeting-planning.service';
import { organisationName } from '../../organisations/organisation.views';
import { Page, type PageContext } from '../page-context';
import { list, text, validateAs } from '../page-forms';
import { refusalForm } from '../page-refusals';
import { EMPTY_FORM, type FormState } from '../page-renderer.service';
import { statusOf } from '../registration-page.forms';
import type { FormBody } from '../web-http';
import { CreateInterpreterDto, CreateMeetingBlockDto } from '../../meetings/dto/meetings.dto';
import { INTERPRETING_MODES } from '../../meetings/schedule.types';
import { LOCALES } from '../../common/locale';
import { PageRenderer } from '../page-renderer.service';
import { OrganiserPage } from '../page.guard';
import { DeskPages, deskPath } from './desk-pages.service';
import { DeskController } from './desk-problem.filter';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Bilateral meetings at the desk: the grid of blocks × tables with each meeting and its
 * interpreter, filters by interpreter and organisation, what is left unplaced and why, scheduling,
 * the CSV; each interpreter's schedule (page, CSV, personal feed).
 */
@DeskController('desk/editions/:slug/meetings')
export class DeskMeetingsController {
  constructor(
    private readonly pages: DeskPages,
    private readonly forums: ForumsService,
    private readonly planning: MeetingPlanningService,
    private readonly renderer: PageRenderer,
  ) {}

  @Get()
  @OrganiserPage('viewer')
  async grid(
    @Param('slug') slug: string,
    @Query() query: Record<string, unknown>,
    @Page() page: PageContext,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    await this.render(reply, page, await this.forums.get(slug, true), query, {});
  }

  @Post('blocks')
  @OrganiserPage('organiser')
  async addBlock(
    @Param('slug') slug: string,
    @Body() body: FormBody,
    @Page() page: PageContext,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const forum = await this.forums.get(slug, true);
    const values = { startsAt: text(body.startsAt), endsAt: text(body.endsAt), tables: text(body.tables) };
    const plain = {
      startsAt: values.startsAt,
      endsAt: values.endsAt,
      timeZone: forum.timeZone,
      tables: values.tables
        .split(',')
        .map((t) => t.trim())
        .filter(Boolean),
    };
    const checked = await validateAs(CreateMeetingBlockDto, plain, this.renderer.constraint(page.locale));
    if (!checked.ok) {
      return this.render(reply, page, forum, {}, { block: { values, errors: checked.errors } }, 400);
    }
    try {
      await this.planning.createBlock(forum.id, checked.value);
    } catch (error) {
      return this.render(reply, page, forum, {}, { block: this.refusal(error, values, page) }, statusOf(error));
    }
    await reply.redirect(`${deskPath(forum, '/meetings')}?done=meetingBlockAdded`, 303);
  }

  @Post('interpreters')
  @OrganiserPage('organiser')
  async addInterpreter(
    @Param('slug') slug: string,
    @Body() body: FormBody,
    @Page() page: PageContext,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const forum = await this.forums.get(slug, true);
    const values = {
      name: text(body.name),
      email: text(body.email),
      languages: text(body.languages),
      modes: list(body.modes),
      locale: text(body.locale) || 'fr',
    };
    const plain = {
      ...values,
      languages: values.languages
        .split(',')
        .map((l) => l.trim().toLowerCase())
        .filter(Boolean),
    };
    const checked = await validateAs(CreateInterpreterDto, plain, this.renderer.constraint(page.locale));
    if (!checked.ok) {
      return this.render(reply, page, forum, {}, { interpreter: { values, errors: checked.errors } }, 400);
    }
    try {
      await this.planning.createInterpreter(forum.id, checked.value);
    } catch (error) {
      return this.render(reply, page, forum, {}, { interpreter: this.refusal(error, values, page) }, statusOf(error));
    }
    await reply.redirect(`${deskPath(forum, '/meetings')}?done=interpreterAdded`, 303);
  }

  private refusal(error: unknown, values: Record<string, unknown>, page: PageContext): FormState {
    const fields = new Set(Object.keys(values));
    return refusalForm(error, values, this.renderer.messages(page.locale), {
      mailbox: this.renderer.mailbox,
      place: (field) => (fields.has(field) ? field : undefined),
    });
  }

  private async render(
    reply: FastifyReply,
    page: PageContext,
    forum: Forum,
    query: Record<string, unknown>,
    forms: { block?: FormState; interpreter?: FormState },
    status = 200,
  ): Promise<void> {
    const interpreterId = UUID.test(text(query.interpreter)) ? text(query.interpreter) : undefined;
    const organisationId = UUID.test(text(query.organisation)) ? text(query.organisation) : undefined;
    const locale = page.locale;
    const t = (key: string, params: Record<string, unknown> = {}) => this.pages.t(locale, key, params);
    const all = await this.planning.meetings(forum.id);
    const { meetings } = await this.planning.meetings(forum.id, { interpreterId, organisationId });
    const label = (m: (typeof meetings)[number]) =>
      `${organisationName(m.request.requester, locale)} ↔ ${organisationName(m.request.counterpart, locale)}`;
    const rows = all.blocks.map((block) => ({
      id: block.id,
      start: renderInstant(block.startsAt, forum.timeZone),
      cells: block.tables.map((table) => {
        const meeting = meetings.find((m) => m.block?.id === block.id && m.tableLabel === table);
        return { table, meeting: meeting ? { label: label(meeting), interpreter: meeting.interpreter?.name ?? null } : null };
      }),
    }));
    const organisations = new Map(
      all.meetings.flatMap((m) => [m.request.requester, m.request.counterpart]).map((o) => [o.id, organisationName(o, locale)]),
    );
    const filterQuery = new URLSearchParams({
      ...(interpreterId ? { interpreterId } : {}),
      ...(organisationId ? { organisationId } : {}),
    }).toString();
    await this.pages.render(reply, 'desk/meetings', page, {
      forum,
      section: 'meetings',
      title: t('meetings.title'),
      data: {
        rows,
        tables: [...new Set(all.blocks.flatMap((b) => b.tables))],
        unplaced: meetings
          .filter((m) => !m.block)
          .map((m) => ({ label: label(m), reason: m.unplacedCode ? t(`meetings.unplaced.${m.unplacedCode}`) : t('meetings.notYet') })),
        interpreters: all.interpreters.map((i) => ({
          id: i.id,
          name: i.name,
          selected: i.id === interpreterId,
          path: deskPath(forum, `/meetings/interpreters/${i.id}`),
        })),
        organisations: [...organisations]
          .sort((a, b) => a[1].localeCompare(b[1], locale))
          .map(([id, name]) => ({ id, name, selected: id === organisationId })),
        csv: `${deskPath(forum, '/meetings.csv')}${filterQuery ? `?${filterQuery}` : ''}`,
        action: deskPath(forum, '/meetings/schedule'),
        filterAction: deskPath(forum, '/meetings'),
        blockAction: deskPath(forum, '/meetings/blocks'),
        interpreterAction: deskPath(forum, '/meetings/interpreters'),
        blockForm: forms.block ?? EMPTY_FORM,
        interpreterForm: forms.interpreter ?? { ...EMPTY_FORM, values: { languages: 'fr, ko', modes: ['consecutive'], locale: 'fr' } },
        modes: INTERPRETING_MODES.map((mode) => ({ value: mode, label: t(`meetings.modes.${mode}`) })),
        locales: LOCALES.map((locale) => ({ value: locale, label: t(`common.${locale}`) })),
        zone: forum.timeZone,
      },
      status,
    });
  }

  @Post('schedule')
  @OrganiserPage('organiser')
  async schedule(@Param('slug') slug: string, @Res() reply: FastifyReply): Promise<void> {
    const forum = await this.forums.get(slug, true);
    await this.planning.schedule(forum.id, false);
    await reply.redirect(`${deskPath(forum, '/meetings')}?done=meetingsScheduled`, 303);
  }

  @Get('interpreters/:interpreterId')
  @OrganiserPage('viewer')
  async interpreter(
    @Param('slug') slug: string,
    @Param('interpreterId', IdPipe) interpreterId: string,
    @Page() page: PageContext,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const forum = await this.forums.get(slug, true);
    const interpreter = await this.planning.interpreter(forum.id, interpreterId);
    const locale = page.locale;
    const t = (key: string, params: Record<string, unknown> = {}) => this.pages.t(locale, key, params);
    const { sessions, meetings } = await this.planning.interpreterSchedule(interpreter);
    const items = [
      ...sessions.map((a) => ({
        at: a.session.startsAt,
        start: renderInstant(a.session.startsAt, forum.timeZone),
        what: pickLocale(a.session.title, locale),
        mode: t(`meetings.modes.${a.mode}`),
        table: null as string | null,
      })),
      ...meetings.map((m) => ({
        at: (m.block as NonNullable<typeof m.block>).startsAt,
        start: renderInstant((m.block as NonNullable<typeof m.block>).startsAt, forum.timeZone),
        what: `${organisationName(m.request.requester, locale)} ↔ ${organisationName(m.request.counterpart, locale)}`,
        mode: t('meetings.bilateral'),
        table: m.tableLabel,
      })),
    ].sort((a, b) => a.at.getTime() - b.at.getTime());
    await this.pages.render(reply, 'desk/interpreter', page, {
      forum,
      section: 'meetings',
      title: t('meetings.interpreterTitle', { name: interpreter.name }),
      data: {
        items,
        csv: deskPath(forum, `/meetings/interpreters/${interpreter.id}.csv`),
        feed: this.planning.feedUrl(interpreter),
        back: deskPath(forum, '/meetings'),
      },
    });
  }

  @Get('interpreters/:interpreterId.csv')
  @OrganiserPage('viewer')
  async interpreterCsv(
    @Param('slug') slug: string,
    @Param('interpreterId') interpreterId: string,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const forum = await this.forums.get(slug, true);
    if (!UUID.test(interpreterId)) {
      throw ProblemException.notFound('Interpreter', interpreterId);
    }
    const interpreter = await this.planning.interpreter(forum.id, interpreterId);
    await reply
      .header('content-type', 'text/csv; charset=utf-8')
      .header('content-disposition', contentDisposition('attachment', `interpreter-${interpreter.name}.csv`))
      .send(await this.planning.interpreterCsv(interpreter));
  }
}

/** The grid as CSV, with the grid's filters. */
@DeskController('desk/editions/:slug')
export class DeskMeetingsExportController {
  constructor(
    private readonly forums: ForumsService,
    private readonly planning: MeetingPlanningService,
  ) {}

  @Get('meetings.csv')
  @OrganiserPage('viewer')
  async csv(@Param('slug') slug: string, @Query() query: Record<string, unknown>, @Res() reply: FastifyReply): Promise<void> {
    const forum: Forum = await this.forums.get(slug, true);
    const interpreterId = UUID.test(text(query.interpreterId)) ? text(query.interpreterId) : undefined;
    const organisationId = UUID.test(text(query.organisationId)) ? text(query.organisationId) : undefined;
    await reply
      .header('content-type', 'text/csv; charset=utf-8')
      .header('content-disposition', contentDisposition('attachment', 'meetings.csv'))
      .send(await this.planning.meetingsCsv(forum.id, { interpreterId, organisationId }));
  }
}
