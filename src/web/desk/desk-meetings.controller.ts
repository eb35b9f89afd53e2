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
import {
  AssignInterpreterDto,
  CreateInterpreterDto,
  CreateMeetingBlockDto,
  PlaceMeetingDto,
  UpdateInterpreterDto,
  UpdateMeetingBlockDto,
} from '../../meetings/dto/meetings.dto';
import type { Interpreter, MeetingBlock } from '../../meetings/meeting.entities';
import type { Violation } from '../../meetings/schedule.types';
import { INTERPRETING_MODES } from '../../meetings/schedule.types';
import { LOCALES } from '../../common/locale';
import { PageRenderer } from '../page-renderer.service';
import { OrganiserPage } from '../page.guard';
import { DeskPages, deskPath } from './desk-pages.service';
import { DeskController } from './desk-problem.filter';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

type Values = Record<string, string | string[]>;

/** A block's form as typed: local date-times in the edition's zone, tables separated by commas. */
function blockValues(body: FormBody): Values {
  return { startsAt: text(body.startsAt), endsAt: text(body.endsAt), tables: text(body.tables) };
}

function blockPlain(values: Values, forum: Forum): Record<string, unknown> {
  return {
    startsAt: values.startsAt,
    endsAt: values.endsAt,
    timeZone: forum.timeZone,
    tables: String(values.tables)
      .split(',')
      .map((t) => t.trim())
      .filter(Boolean),
  };
}

function interpreterValues(body: FormBody): Values {
  return {
    name: text(body.name),
    email: text(body.email),
    languages: text(body.languages),
    modes: list(body.modes),
    locale: text(body.locale) || 'fr',
    availability: text(body.availability),
  };
}

/** `2024-09-25 09:00 – 18:00` or `2024-09-25 20:00 – 2024-09-26 02:00`, local to the edition's zone. */
const PERIOD = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2})\s*[–—-]\s*(?:(\d{4}-\d{2}-\d{2})[ T])?(\d{2}:\d{2})$/;

/**
 * The availability textarea, one period per line: the periods as the API takes them, or the number
 * of the first line that is not a period. Nothing typed is no limit.
 */
function availabilityOf(typed: string): { ok: true; spans: { start: string; end: string }[] | null } | { ok: false; line: number } {
  const lines = typed
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter(Boolean);
  const spans: { start: string; end: string }[] = [];
  for (const [index, line] of lines.entries()) {
    const match = PERIOD.exec(line);
    if (!match) {
      return { ok: false, line: index + 1 };
    }
    const [, day, from, endDay, to] = match;
    spans.push({ start: `${day}T${from}`, end: `${endDay ?? day}T${to}` });
  }
  return { ok: true, spans: spans.length > 0 ? spans : null };
}

/** Saved periods as the textarea shows them: the end's date only when it is another day. */
function availabilityText(spans: { start: string; end: string }[] | null, zone: string): string {
  return (spans ?? [])
    .map((span) => {
      const start = renderInstant(new Date(span.start), zone).forum.local.slice(0, 16).replace('T', ' ');
      const end = renderInstant(new Date(span.end), zone).forum.local.slice(0, 16).replace('T', ' ');
      return `${start} – ${end.slice(0, 10) === start.slice(0, 10) ? end.slice(11) : end}`;
    })
    .join('\n');
}

function interpreterPlain(values: Values, spans: { start: string; end: string }[] | null, forum: Forum): Record<string, unknown> {
  const rest: Values = { ...values };
  delete rest.availability;
  return {
    ...rest,
    languages: String(values.languages)
      .split(',')
      .map((l) => l.trim().toLowerCase())
      .filter(Boolean),
    timeZone: forum.timeZone,
    availability: spans,
  };
}

/** Where the move form shows a broken rule. */
const MOVE_FIELD: Record<string, 'blockId' | 'table' | 'interpreterId'> = {
  unknown_block: 'blockId',
  delegation_busy: 'blockId',
  unknown_table: 'table',
  table_taken: 'table',
  no_free_table: 'table',
  interpreter_required: 'interpreterId',
  unknown_interpreter: 'interpreterId',
  interpreter_not_qualified: 'interpreterId',
  interpreter_unavailable: 'interpreterId',
  interpreter_busy: 'interpreterId',
};

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
    const values = blockValues(body);
    const checked = await validateAs(CreateMeetingBlockDto, blockPlain(values, forum), this.renderer.constraint(page.locale));
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
    const values = interpreterValues(body);
    const periods = availabilityOf(String(values.availability));
    const checked = await validateAs(
      CreateInterpreterDto,
      interpreterPlain(values, periods.ok ? periods.spans : null, forum),
      this.renderer.constraint(page.locale),
    );
    if (!checked.ok || !periods.ok) {
      const errors = { ...(checked.ok ? {} : checked.errors), ...this.periodError(periods, page) };
      return this.render(reply, page, forum, {}, { interpreter: { values, errors } }, 400);
    }
    try {
      await this.planning.createInterpreter(forum.id, checked.value);
    } catch (error) {
      return this.render(reply, page, forum, {}, { interpreter: this.refusal(error, values, page) }, statusOf(error));
    }
    await reply.redirect(`${deskPath(forum, '/meetings')}?done=interpreterAdded`, 303);
  }

  @Get('blocks/:blockId')
  @OrganiserPage('organiser')
  async editBlock(
    @Param('slug') slug: string,
    @Param('blockId', IdPipe) blockId: string,
    @Page() page: PageContext,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const forum = await this.forums.get(slug, true);
    const block = await this.planning.block(forum.id, blockId);
    const local = (instant: Date) => renderInstant(instant, forum.timeZone).forum.local.slice(0, 16);
    const values = { startsAt: local(block.startsAt), endsAt: local(block.endsAt), tables: block.tables.join(', ') };
    await this.renderBlock(reply, page, forum, block, { ...EMPTY_FORM, values });
  }

  @Post('blocks/:blockId')
  @OrganiserPage('organiser')
  async updateBlock(
    @Param('slug') slug: string,
    @Param('blockId', IdPipe) blockId: string,
    @Body() body: FormBody,
    @Page() page: PageContext,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const forum = await this.forums.get(slug, true);
    const block = await this.planning.block(forum.id, blockId);
    const values = blockValues(body);
    const checked = await validateAs(UpdateMeetingBlockDto, blockPlain(values, forum), this.renderer.constraint(page.locale));
    if (!checked.ok) {
      return this.renderBlock(reply, page, forum, block, { values, errors: checked.errors }, 400);
    }
    try {
      await this.planning.updateBlock(forum.id, block.id, checked.value);
    } catch (error) {
      return this.renderBlock(reply, page, forum, block, this.refusal(error, values, page), statusOf(error));
    }
    await reply.redirect(`${deskPath(forum, '/meetings')}?done=meetingBlockSaved`, 303);
  }

  @Get('blocks/:blockId/delete')
  @OrganiserPage('organiser')
  async confirmRemoveBlock(
    @Param('slug') slug: string,
    @Param('blockId', IdPipe) blockId: string,
    @Page() page: PageContext,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const forum = await this.forums.get(slug, true);
    const block = await this.planning.block(forum.id, blockId);
    const t = (key: string, params: Record<string, unknown> = {}) => this.pages.t(page.locale, key, params);
    const start = renderInstant(block.startsAt, forum.timeZone).forum.local.slice(0, 16).replace('T', ' ');
    await this.pages.render(reply, 'desk/confirm', page, {
      forum,
      section: 'meetings',
      title: t('meetings.removeBlockTitle'),
      data: {
        subject: `${start} (${forum.timeZone}) · ${block.tables.join(', ')}`,
        text: t('meetings.removeBlockText'),
        button: t('meetings.removeBlockConfirm'),
        action: deskPath(forum, `/meetings/blocks/${block.id}/delete`),
        back: deskPath(forum, `/meetings/blocks/${block.id}`),
      },
    });
  }

  @Post('blocks/:blockId/delete')
  @OrganiserPage('organiser')
  async removeBlock(@Param('slug') slug: string, @Param('blockId', IdPipe) blockId: string, @Res() reply: FastifyReply): Promise<void> {
    const forum = await this.forums.get(slug, true);
    await this.planning.removeBlock(forum.id, blockId);
    await reply.redirect(`${deskPath(forum, '/meetings')}?done=meetingBlockRemoved`, 303);
  }

  @Post('interpreters/:interpreterId')
  @OrganiserPage('organiser')
  async updateInterpreter(
    @Param('slug') slug: string,
    @Param('interpreterId', IdPipe) interpreterId: string,
    @Body() body: FormBody,
    @Page() page: PageContext,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const forum = await this.forums.get(slug, true);
    const interpreter = await this.planning.interpreter(forum.id, interpreterId);
    const values = interpreterValues(body);
    const periods = availabilityOf(String(values.availability));
    const checked = await validateAs(
      UpdateInterpreterDto,
      interpreterPlain(values, periods.ok ? periods.spans : null, forum),
      this.renderer.constraint(page.locale),
    );
    if (!checked.ok || !periods.ok) {
      const errors = { ...(checked.ok ? {} : checked.errors), ...this.periodError(periods, page) };
      return this.renderInterpreter(reply, page, forum, interpreter, { edit: { values, errors } }, 400);
    }
    try {
      await this.planning.updateInterpreter(forum.id, interpreter.id, checked.value);
    } catch (error) {
      return this.renderInterpreter(reply, page, forum, interpreter, { edit: this.refusal(error, values, page) }, statusOf(error));
    }
    await reply.redirect(`${deskPath(forum, `/meetings/interpreters/${interpreter.id}`)}?done=interpreterSaved`, 303);
  }

  @Get('interpreters/:interpreterId/delete')
  @OrganiserPage('organiser')
  async confirmRemoveInterpreter(
    @Param('slug') slug: string,
    @Param('interpreterId', IdPipe) interpreterId: string,
    @Page() page: PageContext,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const forum = await this.forums.get(slug, true);
    const interpreter = await this.planning.interpreter(forum.id, interpreterId);
    const t = (key: string, params: Record<string, unknown> = {}) => this.pages.t(page.locale, key, params);
    await this.pages.render(reply, 'desk/confirm', page, {
      forum,
      section: 'meetings',
      title: t('meetings.removeInterpreterTitle', { name: interpreter.name }),
      data: {
        text: t('meetings.removeInterpreterText', { name: interpreter.name }),
        button: t('meetings.removeInterpreterConfirm'),
        action: deskPath(forum, `/meetings/interpreters/${interpreter.id}/delete`),
        back: deskPath(forum, `/meetings/interpreters/${interpreter.id}`),
      },
    });
  }

  @Post('interpreters/:interpreterId/delete')
  @OrganiserPage('organiser')
  async removeInterpreter(
    @Param('slug') slug: string,
    @Param('interpreterId', IdPipe) interpreterId: string,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const forum = await this.forums.get(slug, true);
    await this.planning.removeInterpreter(forum.id, interpreterId);
    await reply.redirect(`${deskPath(forum, '/meetings')}?done=interpreterRemoved`, 303);
  }

  @Post('interpreters/:interpreterId/sessions')
  @OrganiserPage('organiser')
  async assign(
    @Param('slug') slug: string,
    @Param('interpreterId', IdPipe) interpreterId: string,
    @Body() body: FormBody,
    @Page() page: PageContext,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const forum = await this.forums.get(slug, true);
    const interpreter = await this.planning.interpreter(forum.id, interpreterId);
    const values = { sessionId: text(body.sessionId), mode: text(body.mode) };
    const t = (key: string, params: Record<string, unknown> = {}) => this.pages.t(page.locale, key, params);
    if (!UUID.test(values.sessionId)) {
      return this.renderInterpreter(
        reply,
        page,
        forum,
        interpreter,
        { assign: { values, errors: { sessionId: t('meetings.refusals.chooseSession') } } },
        400,
      );
    }
    const checked = await validateAs(AssignInterpreterDto, { mode: values.mode }, this.renderer.constraint(page.locale));
    if (!checked.ok) {
      return this.renderInterpreter(reply, page, forum, interpreter, { assign: { values, errors: checked.errors } }, 400);
    }
    try {
      await this.planning.assign(forum.id, interpreter.id, values.sessionId, checked.value);
    } catch (error) {
      const form = await this.assignRefusal(error, values, page, forum);
      return this.renderInterpreter(reply, page, forum, interpreter, { assign: form }, statusOf(error));
    }
    await reply.redirect(`${deskPath(forum, `/meetings/interpreters/${interpreter.id}`)}?done=interpreterAssigned`, 303);
  }

  @Post('interpreters/:interpreterId/sessions/:sessionId/delete')
  @OrganiserPage('organiser')
  async unassign(
    @Param('slug') slug: string,
    @Param('interpreterId', IdPipe) interpreterId: string,
    @Param('sessionId', IdPipe) sessionId: string,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const forum = await this.forums.get(slug, true);
    await this.planning.unassign(forum.id, interpreterId, sessionId);
    await reply.redirect(`${deskPath(forum, `/meetings/interpreters/${interpreterId}`)}?done=interpreterUnassigned`, 303);
  }

  @Get('move/:meetingId')
  @OrganiserPage('organiser')
  async moveForm(
    @Param('slug') slug: string,
    @Param('meetingId', IdPipe) meetingId: string,
    @Page() page: PageContext,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const forum = await this.forums.get(slug, true);
    const { meetings } = await this.planning.meetings(forum.id);
    const meeting = meetings.find((m) => m.id === meetingId);
    if (!meeting) {
      throw ProblemException.notFound('Accepted meeting', meetingId);
    }
    const values = {
      blockId: meeting.block?.id ?? '',
      table: meeting.tableLabel ?? '',
      interpreterId: meeting.block ? (meeting.interpreter?.id ?? 'none') : '',
    };
    await this.renderMove(reply, page, forum, meetingId, { ...EMPTY_FORM, values });
  }

  @Post('move/:meetingId')
  @OrganiserPage('organiser')
  async move(
    @Param('slug') slug: string,
    @Param('meetingId', IdPipe) meetingId: string,
    @Body() body: FormBody,
    @Page() page: PageContext,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const forum = await this.forums.get(slug, true);
    const values = { blockId: text(body.blockId), table: text(body.table), interpreterId: text(body.interpreterId) };
    const plain = {
      blockId: values.blockId,
      table: values.table,
      ...(values.interpreterId === 'none' ? { interpreterId: null } : values.interpreterId ? { interpreterId: values.interpreterId } : {}),
    };
    const t = (key: string, params: Record<string, unknown> = {}) => this.pages.t(page.locale, key, params);
    const checked = await validateAs(PlaceMeetingDto, plain, this.renderer.constraint(page.locale));
    if (!checked.ok) {
      const errors = { ...checked.errors };
      if (errors.blockId) {
        errors.blockId = t('meetings.refusals.chooseBlock');
      }
      return this.renderMove(reply, page, forum, meetingId, { values, errors }, 400);
    }
    try {
      await this.planning.place(forum.id, meetingId, checked.value);
    } catch (error) {
      const form = await this.moveRefusal(error, values, page, forum);
      return this.renderMove(reply, page, forum, meetingId, form, statusOf(error));
    }
    await reply.redirect(`${deskPath(forum, '/meetings')}?done=meetingMoved`, 303);
  }

  /** A move's broken rules, each in words beside the field it is about. */
  private async moveRefusal(error: unknown, values: Values, page: PageContext, forum: Forum): Promise<FormState> {
    const violations = error instanceof ProblemException ? (error.extensions.violations as Violation[] | undefined) : undefined;
    if (!violations || violations.length === 0) {
      return this.refusal(error, values, page);
    }
    const t = (key: string, params: Record<string, unknown> = {}) => this.pages.t(page.locale, key, params);
    const { meetings, interpreters } = await this.planning.meetings(forum.id);
    const names = new Map(
      meetings.flatMap((m) => [m.request.requester, m.request.counterpart]).map((o) => [o.id, organisationName(o, page.locale)]),
    );
    const interpreterName = (id: string) => interpreters.find((i) => i.id === id)?.name ?? '';
    const meetingLabel = (id: string) => {
      const m = meetings.find((x) => x.id === id);
      return m ? `${organisationName(m.request.requester, page.locale)} ↔ ${organisationName(m.request.counterpart, page.locale)}` : '';
    };
    const clashWith = async (clash: { kind: 'session' | 'visit' | 'meeting'; id: string }) =>
      clash.kind === 'meeting'
        ? t('meetings.clash.meeting', { what: meetingLabel(clash.id) })
        : t(`meetings.clash.${clash.kind}`, { what: await this.sessionTitle(forum, clash.id, page) });
    const errors: Record<string, string> = {};
    for (const v of violations) {
      const params: Record<string, unknown> = {};
      if (v.code === 'delegation_busy') {
        params.organisation = names.get(v.organisationId) ?? '';
        params.with = await clashWith(v.with);
      } else if (v.code === 'interpreter_busy') {
        params.name = interpreterName(v.interpreterId);
        params.with = await clashWith(v.with);
      } else if (v.code === 'table_taken') {
        params.table = v.tableId;
        params.with = meetingLabel(v.meetingId);
      } else if (v.code === 'unknown_table') {
        params.table = v.tableId;
      } else if (v.code === 'interpreter_not_qualified' || v.code === 'interpreter_unavailable') {
        params.name = interpreterName(v.interpreterId);
      }
      const field = MOVE_FIELD[v.code];
      const message = t(`meetings.violations.${v.code}`, params);
      errors[field] = errors[field] ? `${errors[field]} ${message}` : message;
    }
    return { values, errors, general: t('meetings.refusals.move') };
  }

  /** The no-double-booking refusal of an assignment in words: what the interpreter already does then. */
  private async assignRefusal(error: unknown, values: Values, page: PageContext, forum: Forum): Promise<FormState> {
    const t = (key: string, params: Record<string, unknown> = {}) => this.pages.t(page.locale, key, params);
    if (error instanceof ProblemException) {
      const clash = error.extensions.clash as { kind: 'unavailable' | 'session' | 'meeting'; id?: string } | undefined;
      if (clash?.kind === 'unavailable') {
        return { values, errors: { sessionId: t('meetings.refusals.assignUnavailable') } };
      }
      if (clash?.kind === 'session' && clash.id) {
        return {
          values,
          errors: { sessionId: t('meetings.refusals.assignSession', { what: await this.sessionTitle(forum, clash.id, page) }) },
        };
      }
      if (clash?.kind === 'meeting' && clash.id) {
        const { meetings } = await this.planning.meetings(forum.id);
        const m = meetings.find((x) => x.id === clash.id);
        const what = m
          ? `${organisationName(m.request.requester, page.locale)} ↔ ${organisationName(m.request.counterpart, page.locale)}`
          : '';
        return { values, errors: { sessionId: t('meetings.refusals.assignMeeting', { what }) } };
      }
      if (error.extensions.errors?.some((e) => e.constraint === 'interpreterMode')) {
        return { values, errors: { mode: t('meetings.refusals.assignMode') } };
      }
    }
    return this.refusal(error, values, page);
  }

  private async sessionTitle(forum: Forum, sessionId: string, page: PageContext): Promise<string> {
    const needs = await this.planning.needs(forum.id);
    const session = needs.find((n) => n.session.id === sessionId)?.session;
    return session ? pickLocale(session.title, page.locale) : '';
  }

  private async renderBlock(
    reply: FastifyReply,
    page: PageContext,
    forum: Forum,
    block: MeetingBlock,
    form: FormState,
    status = 200,
  ): Promise<void> {
    const t = (key: string, params: Record<string, unknown> = {}) => this.pages.t(page.locale, key, params);
    await this.pages.render(reply, 'desk/meeting-block', page, {
      forum,
      section: 'meetings',
      title: t('meetings.editBlock'),
      data: {
        form,
        action: deskPath(forum, `/meetings/blocks/${block.id}`),
        remove: deskPath(forum, `/meetings/blocks/${block.id}/delete`),
        back: deskPath(forum, '/meetings'),
        zone: forum.timeZone,
      },
      status,
    });
  }

  private async renderMove(
    reply: FastifyReply,
    page: PageContext,
    forum: Forum,
    meetingId: string,
    form: FormState,
    status = 200,
  ): Promise<void> {
    const locale = page.locale;
    const t = (key: string, params: Record<string, unknown> = {}) => this.pages.t(locale, key, params);
    const { meetings, blocks, interpreters } = await this.planning.meetings(forum.id);
    const meeting = meetings.find((m) => m.id === meetingId);
    if (!meeting) {
      throw ProblemException.notFound('Accepted meeting', meetingId);
    }
    const label = `${organisationName(meeting.request.requester, locale)} ↔ ${organisationName(meeting.request.counterpart, locale)}`;
    const blockLabel = (b: MeetingBlock) => {
      const at = renderInstant(b.startsAt, forum.timeZone);
      return `${at.forum.local.slice(0, 16).replace('T', ' ')} · ${b.tables.join(', ')}`;
    };
    await this.pages.render(reply, 'desk/meeting-move', page, {
      forum,
      section: 'meetings',
      title: t('meetings.moveTitle', { label }),
      data: {
        form,
        current: meeting.block
          ? t('meetings.currentPlace', {
              block: `${renderInstant(meeting.block.startsAt, forum.timeZone).forum.local.slice(0, 16).replace('T', ' ')} (${forum.timeZone})`,
              table: meeting.tableLabel ?? '',
              interpreter: meeting.interpreter?.name ?? '—',
            })
          : t('meetings.currentNone'),
        blocks: blocks.map((b) => ({ value: b.id, label: blockLabel(b) })),
        interpreters: [
          { value: '', label: t('meetings.interpreterAuto') },
          { value: 'none', label: t('meetings.interpreterNone') },
          ...interpreters.map((i: Interpreter) => ({ value: i.id, label: `${i.name} (${i.languages.join(', ')})` })),
        ],
        action: deskPath(forum, `/meetings/move/${meeting.id}`),
        back: deskPath(forum, '/meetings'),
        zone: forum.timeZone,
      },
      status,
    });
  }

  /** A line of the availability that is not a period, said beside the field. */
  private periodError(periods: ReturnType<typeof availabilityOf>, page: PageContext): Record<string, string> {
    return periods.ok ? {} : { availability: this.pages.t(page.locale, 'meetings.refusals.availabilityLine', { line: periods.line }) };
  }

  private refusal(error: unknown, values: Record<string, unknown>, page: PageContext): FormState {
    const fields = new Set(Object.keys(values));
    // The API's `availability.2.end` (or the zone the form sends for them) is the availability field.
    const field = (name: string) => (fields.has('availability') && /^(availability\.|timeZone$)/.test(name) ? 'availability' : name);
    return refusalForm(error, values, this.renderer.messages(page.locale), {
      mailbox: this.renderer.mailbox,
      place: (name) => (fields.has(field(name)) ? field(name) : undefined),
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
      edit: deskPath(forum, `/meetings/blocks/${block.id}`),
      cells: block.tables.map((table) => {
        const meeting = meetings.find((m) => m.block?.id === block.id && m.tableLabel === table);
        return {
          table,
          meeting: meeting
            ? {
                label: label(meeting),
                interpreter: meeting.interpreter?.name ?? null,
                move: deskPath(forum, `/meetings/move/${meeting.id}`),
                moveLabel: t('meetings.moveLabel', { label: label(meeting) }),
              }
            : null,
        };
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
          .map((m) => ({
            label: label(m),
            reason: m.unplacedCode ? t(`meetings.unplaced.${m.unplacedCode}`) : t('meetings.notYet'),
            move: deskPath(forum, `/meetings/move/${m.id}`),
            moveLabel: t('meetings.placeLabel', { label: label(m) }),
          })),
        needs: (await this.planning.needs(forum.id)).map((n) => ({
          start: renderInstant(n.session.startsAt, forum.timeZone),
          title: pickLocale(n.session.title, locale),
          interpreting: n.session.interpretation === 'none' ? '—' : t(`meetings.modes.${n.session.interpretation}`),
          delegates: n.delegates,
          needing: n.needingInterpretation,
          headsets: n.headsets,
          interpreters: n.interpreters.map((i) => `${i.interpreter.name} (${t(`meetings.modes.${i.mode}`)})`).join(', '),
        })),
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
        profiles: deskPath(forum, '/meetings/profiles'),
        blockAction: deskPath(forum, '/meetings/blocks'),
        interpreterAction: deskPath(forum, '/meetings/interpreters'),
        blockForm: forms.block ?? EMPTY_FORM,
        interpreterForm: forms.interpreter ?? {
          ...EMPTY_FORM,
          values: { languages: 'fr, ko', modes: ['consecutive'], locale: 'fr', availability: '' },
        },
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
    await this.renderInterpreter(reply, page, forum, interpreter, {});
  }

  private async renderInterpreter(
    reply: FastifyReply,
    page: PageContext,
    forum: Forum,
    interpreter: Interpreter,
    forms: { edit?: FormState; assign?: FormState },
    status = 200,
  ): Promise<void> {
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
        unassign: deskPath(forum, `/meetings/interpreters/${interpreter.id}/sessions/${a.session.id}/delete`),
        unassignLabel: t('meetings.unassignLabel', { what: pickLocale(a.session.title, locale) }),
      })),
      ...meetings.map((m) => ({
        at: (m.block as NonNullable<typeof m.block>).startsAt,
        start: renderInstant((m.block as NonNullable<typeof m.block>).startsAt, forum.timeZone),
        what: `${organisationName(m.request.requester, locale)} ↔ ${organisationName(m.request.counterpart, locale)}`,
        mode: t('meetings.bilateral'),
        table: m.tableLabel,
        unassign: null as string | null,
        unassignLabel: '',
      })),
    ].sort((a, b) => a.at.getTime() - b.at.getTime());
    const needs = await this.planning.needs(forum.id);
    await this.pages.render(reply, 'desk/interpreter', page, {
      forum,
      section: 'meetings',
      title: t('meetings.interpreterTitle', { name: interpreter.name }),
      data: {
        items,
        csv: deskPath(forum, `/meetings/interpreters/${interpreter.id}.csv`),
        feed: this.planning.feedUrl(interpreter),
        back: deskPath(forum, '/meetings'),
        editAction: deskPath(forum, `/meetings/interpreters/${interpreter.id}`),
        remove: deskPath(forum, `/meetings/interpreters/${interpreter.id}/delete`),
        assignAction: deskPath(forum, `/meetings/interpreters/${interpreter.id}/sessions`),
        editForm: forms.edit ?? {
          ...EMPTY_FORM,
          values: {
            name: interpreter.name,
            email: interpreter.email,
            languages: interpreter.languages.join(', '),
            modes: interpreter.modes,
            locale: interpreter.locale,
            availability: availabilityText(interpreter.availability, forum.timeZone),
          },
        },
        periods: availabilityText(interpreter.availability, forum.timeZone).split('\n').filter(Boolean),
        zone: forum.timeZone,
        assignForm: forms.assign ?? { ...EMPTY_FORM, values: { mode: interpreter.modes[0] ?? 'consecutive' } },
        sessions: needs.map((n) => ({
          value: n.session.id,
          label: `${renderInstant(n.session.startsAt, forum.timeZone).forum.local.slice(0, 16).replace('T', ' ')} · ${pickLocale(n.session.title, locale)}`,
        })),
        modes: INTERPRETING_MODES.map((mode) => ({ value: mode, label: t(`meetings.modes.${mode}`) })),
        locales: LOCALES.map((l) => ({ value: l, label: t(`common.${l}`) })),
      },
      status,
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
