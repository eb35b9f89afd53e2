import { randomBytes } from 'node:crypto';
import { HttpStatus, Injectable } from '@nestjs/common';
import { EntityManager } from '@mikro-orm/postgresql';
import type { ICalCalendar } from 'ical-generator';
import { Clock } from '../common/clock';
import { csvCell } from '../common/escape';
import { instantOf } from '../common/instant-input';
import { type Locale, pickLocale } from '../common/locale';
import { ProblemCode, ProblemException, type FieldError } from '../common/problem';
import { ACTIVE_STATUSES_SQL } from '../common/registration-status';
import { readableTime, renderInstant } from '../common/time';
import { AppConfig } from '../config/app-config';
import { PublicUrls } from '../config/public-urls';
import type { Forum } from '../forums/forum.entity';
import { fullName, organisationName } from '../organisations/organisation.views';
import { type MessageDraft, Outbox } from '../outbox/outbox.service';
import { Session } from '../programme/session.entity';
import { Delegate } from '../participation/registration.entity';
import {
  AssignInterpreterDto,
  CreateInterpreterDto,
  CreateMeetingBlockDto,
  MeetingsQuery,
  PlaceMeetingDto,
  UpdateInterpreterDto,
  UpdateMeetingBlockDto,
} from './dto/meetings.dto';
import { checkMove } from './manual-move';
import { Interpreter, InterpreterAssignment, Meeting, MeetingBlock } from './meeting.entities';
import { addMeetingEvents, type MeetingFacts, meetingInvite, meetingsFeed, meetingTitle } from './meeting-invite';
import { MeetingRequestsService } from './meeting-requests.service';
import { type CommitmentRow, delegationAgendas, meetingInterpretation, overlaps } from './request-rules';
import type { Commitment, InterpreterAgenda, MeetingSlot, Schedule, ScheduleInput, UnplacedMeeting, Violation } from './schedule.types';
import { scheduleMeetings } from './scheduler';

export const MEETING_INVITE_KIND = 'meeting_invite';

/** The field of a move a violation is about, for problem details. */
function violationField(violation: Violation): string {
  switch (violation.code) {
    case 'unknown_block':
    case 'delegation_busy':
      return 'blockId';
    case 'unknown_table':
    case 'table_taken':
    case 'no_free_table':
      return 'table';
    case 'interpreter_required':
    case 'unknown_interpreter':
    case 'interpreter_not_qualified':
    case 'interpreter_unavailable':
    case 'interpreter_busy':
      return 'interpreterId';
  }
}

function violationMessage(violation: Violation): string {
  switch (violation.code) {
    case 'unknown_block':
      return 'no such meeting block in this edition';
    case 'unknown_table':
      return `the block has no table "${violation.tableId}"`;
    case 'delegation_busy':
      return `a delegation is busy then (${violation.with.kind} ${violation.with.id})`;
    case 'table_taken':
      return `the table is taken then by meeting ${violation.meetingId}`;
    case 'no_free_table':
      return 'no table is free then';
    case 'interpreter_required':
      return 'the meeting needs an interpreter';
    case 'unknown_interpreter':
      return 'no such interpreter in this edition';
    case 'interpreter_not_qualified':
      return `the interpreter does not work between ${violation.languages.join(' and ')} at a table`;
    case 'interpreter_unavailable':
      return 'the interpreter is not available then';
    case 'interpreter_busy':
      return `the interpreter is busy then (${violation.with.kind} ${violation.with.id})`;
  }
}

export interface SessionNeeds {
  session: Session;
  delegates: number;
  needingInterpretation: number;
  /** Headsets to hand out: every delegate needing interpretation, when the session has it simultaneous. */
  headsets: number;
  interpreters: { interpreter: Interpreter; mode: string }[];
}

export interface ScheduleOutcome {
  schedule: Schedule;
  meetings: Meeting[];
}

/** The organisers' side: blocks, interpreters, placing meetings, and the invites that follow. */
@Injectable()
export class MeetingPlanningService {
  constructor(
    private readonly em: EntityManager,
    private readonly requests: MeetingRequestsService,
    private readonly outbox: Outbox,
    private readonly clock: Clock,
    private readonly config: AppConfig,
    private readonly urls: PublicUrls,
  ) {}

  // ── Blocks ───────────────────────────────────────────────────────────────

  async blocks(forumRef: string): Promise<{ forum: Forum; blocks: MeetingBlock[] }> {
    const forum = await this.organiserForum(forumRef);
    return { forum, blocks: await this.em.find(MeetingBlock, { forum }, { orderBy: { startsAt: 'asc', id: 'asc' } }) };
  }

  private async organiserForum(forumRef: string): Promise<Forum> {
    return this.requests.organiserForum(forumRef);
  }

  private span(startsAt: string, endsAt: string, zone: string | undefined): { start: Date; end: Date } {
    const start = instantOf(startsAt, zone, 'startsAt');
    const end = instantOf(endsAt, zone, 'endsAt');
    if (end.getTime() <= start.getTime()) {
      throw ProblemException.validation([{ field: 'endsAt', message: 'endsAt must be after startsAt', constraint: 'dateOrder' }]);
    }
    return { start, end };
  }

  async createBlock(forumRef: string, dto: CreateMeetingBlockDto): Promise<MeetingBlock> {
    const forum = await this.organiserForum(forumRef);
    const { start, end } = this.span(dto.startsAt, dto.endsAt, dto.timeZone);
    const block = new MeetingBlock({ forum, startsAt: start, endsAt: end, tables: dto.tables.map((t) => t.trim()) });
    await this.em.persist(block).flush();
    return block;
  }

  async block(forumRef: string, blockId: string): Promise<MeetingBlock> {
    const forum = await this.organiserForum(forumRef);
    const block = await this.em.findOne(MeetingBlock, { id: blockId, forum });
    if (!block) {
      throw ProblemException.notFound('Meeting block', blockId);
    }
    return block;
  }

  /** A change of time updates the invites of its meetings; a table taken away unplaces the meetings there (CANCEL). */
  async updateBlock(forumRef: string, blockId: string, dto: UpdateMeetingBlockDto): Promise<MeetingBlock> {
    const block = await this.block(forumRef, blockId);
    const { start, end } = this.span(dto.startsAt ?? block.startsAt.toISOString(), dto.endsAt ?? block.endsAt.toISOString(), dto.timeZone);
    const timeChanged = start.getTime() !== block.startsAt.getTime() || end.getTime() !== block.endsAt.getTime();
    const messages = await this.em.transactional(async (em) => {
      block.startsAt = start;
      block.endsAt = end;
      if (dto.tables) {
        block.tables = dto.tables.map((t) => t.trim());
      }
      const meetings = await em.find(
        Meeting,
        { block },
        { populate: ['request.requester', 'request.counterpart', 'interpreter', 'forum'] },
      );
      const drafts: MessageDraft[] = [];
      for (const meeting of meetings) {
        if (!block.tables.includes(meeting.tableLabel ?? '')) {
          drafts.push(
            ...(await this.unplace(em, meeting, {
              code: 'no_table',
              displacedBy: [{ code: 'unknown_table', blockId: block.id, tableId: meeting.tableLabel ?? '' }],
            })),
          );
        } else if (timeChanged) {
          meeting.sequence += 1;
          drafts.push(...(await this.inviteDrafts(em, meeting, 'REQUEST')));
        }
      }
      await em.flush();
      return this.outbox.write(em, drafts);
    });
    await this.outbox.queueAfterCommit(messages);
    return block;
  }

  /** Its meetings lose their place (CANCEL to their attendees) and wait for the next scheduling. */
  async removeBlock(forumRef: string, blockId: string): Promise<void> {
    const block = await this.block(forumRef, blockId);
    const messages = await this.em.transactional(async (em) => {
      const meetings = await em.find(
        Meeting,
        { block },
        { populate: ['request.requester', 'request.counterpart', 'interpreter', 'forum'] },
      );
      const drafts: MessageDraft[] = [];
      for (const meeting of meetings) {
        drafts.push(
          ...(await this.unplace(em, meeting, { code: 'no_blocks', displacedBy: [{ code: 'unknown_block', blockId: block.id }] })),
        );
      }
      await em.flush();
      em.remove(block);
      await em.flush();
      return this.outbox.write(em, drafts);
    });
    await this.outbox.queueAfterCommit(messages);
  }

  // ── Interpreters ─────────────────────────────────────────────────────────

  async interpreters(forumRef: string): Promise<{ forum: Forum; interpreters: Interpreter[]; assignments: InterpreterAssignment[] }> {
    const forum = await this.organiserForum(forumRef);
    const interpreters = await this.em.find(Interpreter, { forum }, { orderBy: { name: 'asc', id: 'asc' } });
    const assignments = await this.em.find(
      InterpreterAssignment,
      { interpreter: { forum } },
      { populate: ['session'], orderBy: { session: { startsAt: 'asc' } } },
    );
    return { forum, interpreters, assignments };
  }

  async interpreter(forumRef: string, interpreterId: string): Promise<Interpreter> {
    const forum = await this.organiserForum(forumRef);
    const interpreter = await this.em.findOne(Interpreter, { id: interpreterId, forum });
    if (!interpreter) {
      throw ProblemException.notFound('Interpreter', interpreterId);
    }
    return interpreter;
  }

  private availability(
    spans: { start: string; end: string }[] | null | undefined,
    zone: string | undefined,
  ): { start: string; end: string }[] | null {
    if (!spans) {
      return null;
    }
    return spans.map((span, index) => {
      const start = instantOf(span.start, zone, `availability.${index}.start`);
      const end = instantOf(span.end, zone, `availability.${index}.end`);
      if (end.getTime() <= start.getTime()) {
        throw ProblemException.validation([
          { field: `availability.${index}.end`, message: 'end must be after start', constraint: 'dateOrder' },
        ]);
      }
      return { start: start.toISOString(), end: end.toISOString() };
    });
  }

  async createInterpreter(forumRef: string, dto: CreateInterpreterDto): Promise<Interpreter> {
    const forum = await this.organiserForum(forumRef);
    const interpreter = new Interpreter({
      forum,
      name: dto.name.trim(),
      email: dto.email.trim(),
      feedToken: `int_${randomBytes(24).toString('base64url')}`,
    });
    interpreter.locale = dto.locale ?? 'fr';
    interpreter.languages = dto.languages;
    interpreter.modes = dto.modes;
    interpreter.availability = this.availability(dto.availability, dto.timeZone);
    await this.em.persist(interpreter).flush();
    return interpreter;
  }

  /** A change that makes a placed meeting impossible is found by the next scheduling, which places it again. */
  async updateInterpreter(forumRef: string, interpreterId: string, dto: UpdateInterpreterDto): Promise<Interpreter> {
    const interpreter = await this.interpreter(forumRef, interpreterId);
    if (dto.name !== undefined) {
      interpreter.name = dto.name.trim();
    }
    if (dto.email !== undefined) {
      interpreter.email = dto.email.trim();
    }
    if (dto.locale !== undefined) {
      interpreter.locale = dto.locale;
    }
    if (dto.languages !== undefined) {
      interpreter.languages = dto.languages;
    }
    if (dto.modes !== undefined) {
      interpreter.modes = dto.modes;
    }
    if (dto.availability !== undefined) {
      interpreter.availability = this.availability(dto.availability, dto.timeZone);
    }
    await this.em.flush();
    return interpreter;
  }

  /** Their meetings lose their interpreter and place (CANCEL), to be placed again with another. */
  async removeInterpreter(forumRef: string, interpreterId: string): Promise<void> {
    const interpreter = await this.interpreter(forumRef, interpreterId);
    const messages = await this.em.transactional(async (em) => {
      const meetings = await em.find(
        Meeting,
        { interpreter },
        { populate: ['request.requester', 'request.counterpart', 'interpreter', 'block', 'forum'] },
      );
      const drafts: MessageDraft[] = [];
      for (const meeting of meetings) {
        drafts.push(
          ...(await this.unplace(em, meeting, {
            code: 'no_interpreter',
            displacedBy: [{ code: 'unknown_interpreter', interpreterId: interpreter.id }],
          })),
        );
      }
      await em.flush();
      em.remove(interpreter);
      await em.flush();
      return this.outbox.write(em, drafts);
    });
    await this.outbox.queueAfterCommit(messages);
  }

  /** An interpreter to a session, never in two places at once: not in another session nor a meeting then, and available. */
  async assign(forumRef: string, interpreterId: string, sessionId: string, dto: AssignInterpreterDto): Promise<InterpreterAssignment> {
    const interpreter = await this.interpreter(forumRef, interpreterId);
    const session = await this.em.findOne(Session, { id: sessionId, forum: interpreter.forum });
    if (!session) {
      throw ProblemException.notFound('Session', sessionId);
    }
    if (!interpreter.modes.includes(dto.mode)) {
      throw ProblemException.validation([
        { field: 'mode', message: `the interpreter does not work in ${dto.mode}`, constraint: 'interpreterMode' },
      ]);
    }
    const span = { start: session.startsAt, end: session.endsAt };
    if (interpreter.availability && !interpreter.availability.some((a) => new Date(a.start) <= span.start && span.end <= new Date(a.end))) {
      throw this.assignClash('The interpreter is not available for the whole session.', { kind: 'unavailable' });
    }
    const existing = await this.em.findOne(InterpreterAssignment, { interpreter, session });
    const others = await this.em.find(
      InterpreterAssignment,
      { interpreter, session: { id: { $ne: session.id }, status: { $ne: 'cancelled' } } },
      { populate: ['session'] },
    );
    const clash = others.find((a) => overlaps(span, { start: a.session.startsAt, end: a.session.endsAt }));
    if (clash) {
      throw this.assignClash(`The interpreter is already in session ${clash.session.id} then.`, { kind: 'session', id: clash.session.id });
    }
    const meetings = await this.em.find(Meeting, { interpreter, block: { $ne: null } }, { populate: ['block'] });
    const busy = meetings.find((m) => m.block && overlaps(span, { start: m.block.startsAt, end: m.block.endsAt }));
    if (busy) {
      throw this.assignClash(`The interpreter is in meeting ${busy.id} then.`, { kind: 'meeting', id: busy.id });
    }
    const assignment = existing ?? new InterpreterAssignment({ interpreter, session, mode: dto.mode });
    assignment.mode = dto.mode;
    await this.em.persist(assignment).flush();
    return assignment;
  }

  /** 409 on sessionId, with what the interpreter is already doing then (`clash`) for pages to say it. */
  private assignClash(detail: string, clash: { kind: 'unavailable' } | { kind: 'session' | 'meeting'; id: string }): ProblemException {
    return new ProblemException(HttpStatus.CONFLICT, ProblemCode.TimeClash, detail, {
      errors: [{ field: 'sessionId', message: detail }],
      clash,
    });
  }

  async unassign(forumRef: string, interpreterId: string, sessionId: string): Promise<void> {
    const interpreter = await this.interpreter(forumRef, interpreterId);
    const assignment = await this.em.findOne(InterpreterAssignment, { interpreter, session: sessionId });
    if (!assignment) {
      throw ProblemException.notFound('Assignment to session', sessionId);
    }
    await this.em.remove(assignment).flush();
  }

  /** Each session's interpretation needs, counted from its seated delegates, with who interprets it. */
  async needs(forumRef: string): Promise<SessionNeeds[]> {
    const forum = await this.organiserForum(forumRef);
    const sessions = await this.em.find(Session, { forum, status: { $ne: 'cancelled' } }, { orderBy: { startsAt: 'asc', id: 'asc' } });
    const counts = await this.em.execute<{ sessionId: string; delegates: string; needing: string }[]>(
      `select e.session_id as "sessionId", count(*) as delegates, count(*) filter (where d.needs_interpretation) as needing
       from enrolment e join delegate d on d.id = e.delegate_id join session s on s.id = e.session_id
       where s.forum_id = ? and e.status = 'confirmed' group by e.session_id`,
      [forum.id],
    );
    const byId = new Map(counts.map((c) => [c.sessionId, c]));
    const assignments = await this.em.find(InterpreterAssignment, { session: { forum } }, { populate: ['interpreter'] });
    return sessions.map((session) => {
      const count = byId.get(session.id);
      const needing = Number(count?.needing ?? 0);
      return {
        session,
        delegates: Number(count?.delegates ?? 0),
        needingInterpretation: needing,
        headsets: session.interpretation === 'simultaneous' ? needing : 0,
        interpreters: assignments.filter((a) => a.session.id === session.id).map((a) => ({ interpreter: a.interpreter, mode: a.mode })),
      };
    });
  }

  // ── Meetings ─────────────────────────────────────────────────────────────

  async meetings(
    forumRef: string,
    query: MeetingsQuery = {},
  ): Promise<{ forum: Forum; meetings: Meeting[]; blocks: MeetingBlock[]; interpreters: Interpreter[] }> {
    const forum = await this.organiserForum(forumRef);
    const meetings = await this.em.find(
      Meeting,
      { forum },
      { populate: ['request.requester', 'request.counterpart', 'block', 'interpreter'], orderBy: { acceptedAt: 'asc', id: 'asc' } },
    );
    const filtered = meetings.filter(
      (m) =>
        (!query.blockId || m.block?.id === query.blockId) &&
        (!query.interpreterId || m.interpreter?.id === query.interpreterId) &&
        (!query.organisationId || m.request.requester.id === query.organisationId || m.request.counterpart.id === query.organisationId) &&
        (!query.placement || (query.placement === 'placed') === (m.block !== null)),
    );
    const blocks = await this.em.find(MeetingBlock, { forum }, { orderBy: { startsAt: 'asc', id: 'asc' } });
    const interpreters = await this.em.find(Interpreter, { forum }, { orderBy: { name: 'asc' } });
    return { forum, meetings: filtered, blocks, interpreters };
  }

  /** The meetings of one organisation (a member's own), placed or waiting. */
  async meetingsOf(forum: Forum, organisationId: string): Promise<Meeting[]> {
    return this.em.find(
      Meeting,
      { forum, $or: [{ request: { requester: organisationId } }, { request: { counterpart: organisationId } }] },
      {
        populate: ['request.requester', 'request.counterpart', 'block', 'interpreter'],
        orderBy: { block: { startsAt: 'asc' }, acceptedAt: 'asc' },
      },
    );
  }

  /** Everything the scheduler reads, from the database, for one edition. */
  private async scheduleInput(em: EntityManager, forum: Forum): Promise<{ input: ScheduleInput; meetings: Meeting[] }> {
    const meetings = await em.find(
      Meeting,
      { forum, request: { state: 'accepted' } },
      {
        populate: ['request.requester', 'request.counterpart', 'block', 'interpreter', 'forum'],
        orderBy: { acceptedAt: 'asc', id: 'asc' },
      },
    );
    const blocks = await em.find(MeetingBlock, { forum }, { orderBy: { startsAt: 'asc', id: 'asc' } });
    const interpreters = await em.find(Interpreter, { forum }, { orderBy: { name: 'asc', id: 'asc' } });
    const assignments = await em.find(
      InterpreterAssignment,
      { interpreter: { forum }, session: { status: { $ne: 'cancelled' } } },
      { populate: ['session'] },
    );
    const organisationIds = [...new Set(meetings.flatMap((m) => [m.request.requester.id, m.request.counterpart.id]))];
    const rows = await em.execute<CommitmentRow[]>(
      `select r.organisation_id as "organisationId", s.id as "sessionId", s.kind, s.starts_at as "startsAt", s.ends_at as "endsAt"
       from enrolment e join delegate d on d.id = e.delegate_id join registration r on r.id = d.registration_id join session s on s.id = e.session_id
       where r.forum_id = ? and e.status = 'confirmed' and s.status <> 'cancelled' and r.status in ${ACTIVE_STATUSES_SQL}
       union
       select h.organisation_id, s.id, s.kind, s.starts_at, s.ends_at
       from session_host h join session s on s.id = h.session_id
       where s.forum_id = ? and s.status <> 'cancelled'`,
      [forum.id, forum.id],
    );
    const needs = await this.requests.interpretationNeeds(em, forum.id);
    for (const meeting of meetings) {
      meeting.interpretation = meetingInterpretation(needs, [meeting.request.requester.id, meeting.request.counterpart.id]);
    }
    const interpreterAgendas: InterpreterAgenda[] = interpreters.map((i) => ({
      id: i.id,
      languages: i.languages,
      modes: i.modes,
      availability: i.availability?.map((a) => ({ start: new Date(a.start), end: new Date(a.end) })) ?? null,
      commitments: assignments
        .filter((a) => a.interpreter.id === i.id)
        .map((a): Commitment => ({
          kind: a.session.kind === 'field_visit' ? 'visit' : 'session',
          id: a.session.id,
          start: a.session.startsAt,
          end: a.session.endsAt,
        })),
    }));
    const input: ScheduleInput = {
      blocks: blocks.map((b) => ({ id: b.id, start: b.startsAt, end: b.endsAt, tableIds: b.tables })),
      delegations: delegationAgendas(
        organisationIds,
        rows.map((r) => ({ ...r, startsAt: new Date(r.startsAt), endsAt: new Date(r.endsAt) })),
      ),
      interpreters: interpreterAgendas,
      meetings: meetings.map((m) => ({
        id: m.id,
        organisationIds: [m.request.requester.id, m.request.counterpart.id],
        interpretation: m.interpretation,
        acceptedAt: m.acceptedAt,
        placed: m.block && m.tableLabel ? { blockId: m.block.id, tableId: m.tableLabel, interpreterId: m.interpreter?.id ?? null } : null,
      })),
    };
    return { input, meetings };
  }

  /**
   * Places the accepted meetings: those placed stay where they are while they can (unless
   * `replan`), each unplaced one says why; every change of place is an invite (REQUEST with a
   * higher SEQUENCE, or CANCEL), written in the same transaction.
   */
  async schedule(forumRef: string, replan: boolean): Promise<ScheduleOutcome> {
    const forum = await this.organiserForum(forumRef);
    const { outcome, messages } = await this.em.transactional(async (em) => {
      // One scheduling at a time per edition: two would place meetings on the same tables.
      await em.execute('select pg_advisory_xact_lock(hashtext(?))', [`meetings-${forum.id}`]);
      const { input, meetings } = await this.scheduleInput(em, forum);
      const schedule = scheduleMeetings(input, { replan });
      const byId = new Map(meetings.map((m) => [m.id, m]));
      const blocks = new Map((await em.find(MeetingBlock, { forum })).map((b) => [b.id, b]));
      const interpreters = new Map((await em.find(Interpreter, { forum })).map((i) => [i.id, i]));
      const drafts: MessageDraft[] = [];
      for (const placed of schedule.placed) {
        const meeting = byId.get(placed.meetingId) as Meeting;
        drafts.push(...(await this.setPlace(em, meeting, placed, blocks, interpreters)));
        meeting.displacedBy = placed.displacedBy.length > 0 ? placed.displacedBy : null;
      }
      for (const unplaced of schedule.unplaced) {
        const meeting = byId.get(unplaced.meetingId) as Meeting;
        drafts.push(...(await this.unplace(em, meeting, { code: unplaced.code, displacedBy: unplaced.displacedBy })));
      }
      await em.flush();
      return { outcome: { schedule, meetings }, messages: await this.outbox.write(em, drafts) };
    });
    await this.outbox.queueAfterCommit(messages);
    return outcome;
  }

  /** An organiser moves a meeting by hand, with the scheduler's checks; 409 naming each field a rule refuses. */
  async place(forumRef: string, meetingId: string, dto: PlaceMeetingDto): Promise<Meeting> {
    const forum = await this.organiserForum(forumRef);
    const { meeting, messages } = await this.em.transactional(async (em) => {
      await em.execute('select pg_advisory_xact_lock(hashtext(?))', [`meetings-${forum.id}`]);
      const { input, meetings } = await this.scheduleInput(em, forum);
      const meeting = meetings.find((m) => m.id === meetingId);
      if (!meeting) {
        throw ProblemException.notFound('Accepted meeting', meetingId);
      }
      const outcome = checkMove(input, meeting.id, {
        blockId: dto.blockId.toLowerCase(),
        tableId: dto.table,
        ...(dto.interpreterId !== undefined ? { interpreterId: dto.interpreterId?.toLowerCase() ?? null } : {}),
      });
      if (!outcome.ok) {
        const errors: FieldError[] = outcome.violations.map((v) => ({
          field: violationField(v),
          message: violationMessage(v),
          constraint: v.code,
        }));
        throw new ProblemException(
          HttpStatus.CONFLICT,
          ProblemCode.TimeClash,
          `The meeting cannot go there: ${errors.map((e) => `${e.field}: ${e.message}`).join('; ')}.`,
          { errors, violations: outcome.violations },
        );
      }
      const blocks = new Map((await em.find(MeetingBlock, { forum })).map((b) => [b.id, b]));
      const interpreters = new Map((await em.find(Interpreter, { forum })).map((i) => [i.id, i]));
      const drafts = await this.setPlace(em, meeting, outcome.slot, blocks, interpreters);
      meeting.displacedBy = null;
      await em.flush();
      return { meeting, messages: await this.outbox.write(em, drafts) };
    });
    await this.outbox.queueAfterCommit(messages);
    return meeting;
  }

  private async setPlace(
    em: EntityManager,
    meeting: Meeting,
    slot: MeetingSlot,
    blocks: Map<string, MeetingBlock>,
    interpreters: Map<string, Interpreter>,
  ): Promise<MessageDraft[]> {
    const same =
      meeting.block?.id === slot.blockId && meeting.tableLabel === slot.tableId && (meeting.interpreter?.id ?? null) === slot.interpreterId;
    meeting.unplacedCode = null;
    if (same) {
      return [];
    }
    const drafts: MessageDraft[] = [];
    const previousInterpreter = meeting.invitedInterpreterEmail;
    meeting.block = blocks.get(slot.blockId) ?? null;
    meeting.tableLabel = slot.tableId;
    meeting.interpreter = slot.interpreterId ? (interpreters.get(slot.interpreterId) ?? null) : null;
    meeting.sequence += 1;
    if (previousInterpreter && previousInterpreter !== meeting.interpreter?.email) {
      drafts.push(...(await this.inviteDrafts(em, meeting, 'CANCEL', [previousInterpreter])));
    }
    drafts.push(...(await this.inviteDrafts(em, meeting, 'REQUEST')));
    return drafts;
  }

  /** Takes a meeting's place away (CANCEL to whoever was invited), saying why. */
  private async unplace(em: EntityManager, meeting: Meeting, why: Pick<UnplacedMeeting, 'code' | 'displacedBy'>): Promise<MessageDraft[]> {
    meeting.unplacedCode = why.code;
    meeting.displacedBy = why.displacedBy.length > 0 ? why.displacedBy : null;
    if (!meeting.block) {
      return [];
    }
    meeting.sequence += 1;
    const drafts = await this.inviteDrafts(em, meeting, 'CANCEL');
    meeting.block = null;
    meeting.tableLabel = null;
    meeting.interpreter = null;
    meeting.invitedInterpreterEmail = null;
    return drafts;
  }

  /** Who a meeting's invite goes to: the delegates of both delegations (taking part), and its interpreter. */
  private async attendees(
    em: EntityManager,
    meeting: Meeting,
  ): Promise<{ email: string; name: string; firstName: string; locale: Locale; delegateId: string | null }[]> {
    const delegates = await em.find(
      Delegate,
      {
        registration: {
          forum: meeting.forum,
          organisation: { $in: [meeting.request.requester.id, meeting.request.counterpart.id] },
          status: { $in: ['interested', 'confirmed'] },
        },
        contact: { erasedAt: null },
      },
      { populate: ['contact'], orderBy: { createdAt: 'asc' } },
    );
    return delegates.map((d) => ({
      email: d.contact.email,
      name: fullName(d.contact.firstName, d.contact.lastName),
      firstName: d.contact.firstName,
      locale: d.locale,
      delegateId: d.id,
    }));
  }

  facts(meeting: Meeting, block: MeetingBlock, locale: Locale): MeetingFacts {
    return {
      id: meeting.id,
      sequence: meeting.sequence,
      startsAt: block.startsAt,
      endsAt: block.endsAt,
      table: meeting.tableLabel ?? '',
      sides: [organisationName(meeting.request.requester, locale), organisationName(meeting.request.counterpart, locale)],
      interpreter: meeting.interpreter?.name ?? null,
      forum: { title: pickLocale(meeting.forum.title, locale), timeZone: meeting.forum.timeZone },
    };
  }

  /**
   * The invites of one version of a meeting: to the delegates and the interpreter (or, for a
   * replaced interpreter, to `only` these addresses), each with the meeting's SEQUENCE.
   */
  private async inviteDrafts(em: EntityManager, meeting: Meeting, method: 'REQUEST' | 'CANCEL', only?: string[]): Promise<MessageDraft[]> {
    const block = meeting.block;
    if (!block) {
      return [];
    }
    const recipients: { email: string; name: string; firstName: string; locale: Locale }[] = [];
    if (only) {
      const previous = await em.findOne(Interpreter, { forum: meeting.forum, email: { $in: only } });
      recipients.push(
        ...only.map((email) => ({
          email,
          name: previous?.name ?? email,
          firstName: previous?.name ?? email,
          locale: previous?.locale ?? 'fr',
        })),
      );
    } else {
      recipients.push(...(await this.attendees(em, meeting)));
      if (meeting.interpreter) {
        recipients.push({
          email: meeting.interpreter.email,
          name: meeting.interpreter.name,
          firstName: meeting.interpreter.name,
          locale: meeting.interpreter.locale,
        });
        meeting.invitedInterpreterEmail = method === 'REQUEST' ? meeting.interpreter.email : null;
      }
    }
    const stamp = this.clock.now();
    const url = this.urls.forum(meeting.forum.slug);
    return recipients.map((r) => {
      const facts = this.facts(meeting, block, r.locale);
      const start = renderInstant(block.startsAt, meeting.forum.timeZone);
      return {
        kind: MEETING_INVITE_KIND,
        recipient: r.email,
        locale: r.locale,
        template: 'meeting-invite',
        dedupeKey: `meeting-${meeting.id}-s${meeting.sequence}-${method}-${r.email.toLowerCase()}`,
        scheduledFor: stamp,
        forumId: meeting.forum.id,
        data: {
          name: r.firstName,
          title: meetingTitle(facts, r.locale),
          forum: facts.forum.title,
          whenParis: readableTime(start.paris),
          whenSeoul: readableTime(start.seoul),
          table: facts.table,
          interpreter: facts.interpreter ?? '',
          url,
          cancelled: method === 'CANCEL',
        },
        calendar: {
          method,
          content: meetingInvite(facts, {
            method,
            locale: r.locale,
            attendee: { email: r.email, name: r.name },
            organiser: { email: this.config.get('organisersEmail'), name: 'Passerelle' },
            stamp,
            url,
          }),
        },
      };
    });
  }

  // ── Interpreter schedule ─────────────────────────────────────────────────

  /** An interpreter's sessions and placed meetings, in time order. */
  async interpreterSchedule(interpreter: Interpreter): Promise<{ sessions: InterpreterAssignment[]; meetings: Meeting[] }> {
    const sessions = await this.em.find(
      InterpreterAssignment,
      { interpreter, session: { status: { $ne: 'cancelled' } } },
      { populate: ['session'], orderBy: { session: { startsAt: 'asc' } } },
    );
    const meetings = await this.em.find(
      Meeting,
      { interpreter, block: { $ne: null } },
      { populate: ['request.requester', 'request.counterpart', 'block', 'forum', 'interpreter'], orderBy: { block: { startsAt: 'asc' } } },
    );
    return { sessions, meetings };
  }

  /** The personal feed of an interpreter, by its secret: their placed meetings. */
  async interpreterFeed(token: string): Promise<string | null> {
    const interpreter = await this.em.findOne(Interpreter, { feedToken: token }, { populate: ['forum'] });
    if (!interpreter) {
      return null;
    }
    const { meetings } = await this.interpreterSchedule(interpreter);
    const facts = meetings.map((m) => this.facts(m, m.block as MeetingBlock, interpreter.locale));
    return meetingsFeed(
      `${interpreter.name} — ${pickLocale(interpreter.forum.title, interpreter.locale)}`,
      interpreter.forum.timeZone,
      facts,
      interpreter.locale,
      { email: this.config.get('organisersEmail'), name: 'Passerelle' },
      this.clock.now(),
      this.urls.forum(interpreter.forum.slug),
    );
  }

  /** A delegation's placed meetings, as its delegates' personal feeds show them. */
  async delegationFeedEvents(forumId: string, organisationId: string, locale: Locale): Promise<(calendar: ICalCalendar) => void> {
    const em = this.em.fork();
    const meetings = await em.find(
      Meeting,
      {
        forum: forumId,
        block: { $ne: null },
        $or: [{ request: { requester: organisationId } }, { request: { counterpart: organisationId } }],
      },
      { populate: ['request.requester', 'request.counterpart', 'block', 'forum', 'interpreter'], orderBy: { block: { startsAt: 'asc' } } },
    );
    const facts = meetings.map((m) => this.facts(m, m.block as MeetingBlock, locale));
    const stamp = this.clock.now();
    const organiser = { email: this.config.get('organisersEmail'), name: 'Passerelle' };
    const url = meetings[0] ? this.urls.forum(meetings[0].forum.slug) : this.urls.base;
    return (calendar) => addMeetingEvents(calendar, facts, locale, organiser, stamp, url);
  }

  /** The meetings grid as CSV: block (Paris and Seoul), table, the two delegations, interpreter, or why unplaced. */
  async meetingsCsv(forumRef: string, query: MeetingsQuery = {}): Promise<string> {
    const { forum, meetings } = await this.meetings(forumRef, query);
    const lines = [['Paris', 'Séoul', 'Table', 'Organisme A', 'Organisme B', 'Interprète', 'Sans place'].join(',')];
    const sorted = [...meetings].sort(
      (a, b) =>
        (a.block?.startsAt.getTime() ?? Infinity) - (b.block?.startsAt.getTime() ?? Infinity) ||
        (a.tableLabel ?? '').localeCompare(b.tableLabel ?? ''),
    );
    for (const m of sorted) {
      const at = m.block ? renderInstant(m.block.startsAt, forum.timeZone) : null;
      lines.push(
        [
          at ? readableTime(at.paris) : '',
          at ? readableTime(at.seoul) : '',
          m.tableLabel ?? '',
          m.request.requester.name,
          m.request.counterpart.name,
          m.interpreter?.name ?? '',
          m.block ? '' : (m.unplacedCode ?? ''),
        ]
          .map(csvCell)
          .join(','),
      );
    }
    return `${lines.join('\r\n')}\r\n`;
  }

  /** An interpreter's sessions and meetings as CSV, times in Paris and Seoul. */
  async interpreterCsv(interpreter: Interpreter): Promise<string> {
    const { sessions, meetings } = await this.interpreterSchedule(interpreter);
    const zone = interpreter.forum.timeZone;
    const rows: { start: Date; cells: string[] }[] = [
      ...sessions.map((a) => ({ start: a.session.startsAt, cells: ['session', pickLocale(a.session.title, 'fr'), a.mode, ''] })),
      ...meetings.map((m) => ({
        start: (m.block as MeetingBlock).startsAt,
        cells: ['meeting', `${m.request.requester.name} ↔ ${m.request.counterpart.name}`, 'consecutive/whispered', m.tableLabel ?? ''],
      })),
    ].sort((a, b) => a.start.getTime() - b.start.getTime());
    const lines = [['Paris', 'Séoul', 'Type', 'Objet', 'Mode', 'Table'].join(',')];
    for (const row of rows) {
      const at = renderInstant(row.start, zone);
      lines.push([readableTime(at.paris), readableTime(at.seoul), ...row.cells].map(csvCell).join(','));
    }
    return `${lines.join('\r\n')}\r\n`;
  }

  feedUrl(interpreter: Interpreter): string {
    return this.urls.absolute(`/calendar/interpreters/${encodeURIComponent(interpreter.feedToken)}.ics`);
  }
}
