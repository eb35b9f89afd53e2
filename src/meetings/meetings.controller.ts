import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Put, Query, Res } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiResponse,
  ApiTags,
} from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { AllowAuthority, CurrentPrincipal, Public } from '../access/access.decorators';
import type { Principal } from '../access/principal';
import { calendarHeaders } from '../ical/feed-response';
import { contentDisposition } from '../common/escape';
import { IdPipe } from '../common/id.pipe';
import type { Locale } from '../common/locale';
import { ProblemException } from '../common/problem';
import { ApiProblems } from '../common/problem.view';
import { Contact } from '../organisations/contact.entity';
import {
  AssignInterpreterDto,
  CreateInterpreterDto,
  CreateMeetingBlockDto,
  CreateMeetingRequestDto,
  LangQuery,
  MeetingProfileDto,
  MeetingRequestsQuery,
  MeetingsQuery,
  PlaceMeetingDto,
  RunScheduleDto,
  UpdateInterpreterDto,
  UpdateMeetingBlockDto,
} from './dto/meetings.dto';
import {
  AssignmentView,
  InterpreterScheduleView,
  InterpreterView,
  MeetingBlockView,
  MeetingProfileView,
  MeetingRequestView,
  MeetingView,
  ScheduleView,
  SessionNeedsView,
  SuggestionView,
  toAssignmentView,
  toBlockView,
  toInterpreterView,
  toMeetingView,
  toNeedsView,
  toProfileView,
  toRequestView,
  toSuggestionView,
} from './dto/meetings.views';
import type { Meeting } from './meeting.entities';
import { MeetingPlanningService } from './meeting-planning.service';
import { MeetingRequestsService } from './meeting-requests.service';
import { EntityManager } from '@mikro-orm/postgresql';

const OWN = { forumParam: 'forumId', organisationParam: 'organisationId' };

/** Members (a magic link, for their own organisation) and organisers: profiles, suggestions, requests. */
@ApiTags('meetings')
@ApiBearerAuth()
@Controller('forums/:forumId/organisations/:organisationId')
export class MemberMeetingsController {
  constructor(
    private readonly requests: MeetingRequestsService,
    private readonly planning: MeetingPlanningService,
    private readonly em: EntityManager,
  ) {}

  @Get('meeting-profile')
  @AllowAuthority(OWN)
  @ApiOperation({ summary: 'What the organisation offers and seeks, the partner it seeks, its languages' })
  @ApiOkResponse({ type: MeetingProfileView })
  @ApiProblems(401, 403, 404)
  async profile(
    @Param('forumId') forumId: string,
    @Param('organisationId', IdPipe) organisationId: string,
    @CurrentPrincipal() principal: Principal,
  ): Promise<MeetingProfileView> {
    const { profile } = await this.requests.profile(forumId, organisationId, principal);
    return toProfileView(organisationId, profile);
  }

  @Put('meeting-profile')
  @AllowAuthority(OWN)
  @ApiOperation({ summary: 'State the organisation’s profile (replaces it)' })
  @ApiOkResponse({ type: MeetingProfileView })
  @ApiProblems(400, 401, 403, 404)
  async putProfile(
    @Param('forumId') forumId: string,
    @Param('organisationId', IdPipe) organisationId: string,
    @Body() dto: MeetingProfileDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<MeetingProfileView> {
    return toProfileView(organisationId, await this.requests.putProfile(forumId, organisationId, dto, principal));
  }

  @Get('suggestions')
  @AllowAuthority(OWN)
  @ApiOperation({
    summary: 'Counterparts of the other country, best first, each with why',
    description:
      'Scored by shared theme rankings, what one offers that the other seeks, host offers, level, kind, size and languages; existing partners marked renew. Reasons in ?lang, else the link holder’s language, else French.',
  })
  @ApiOkResponse({ type: [SuggestionView] })
  @ApiProblems(400, 401, 403, 404)
  async suggestions(
    @Param('forumId') forumId: string,
    @Param('organisationId', IdPipe) organisationId: string,
    @Query() query: LangQuery,
    @CurrentPrincipal() principal: Principal,
  ): Promise<SuggestionView[]> {
    const locale = query.lang ?? (await this.readerLocale(principal));
    return (await this.requests.suggestions(forumId, organisationId, locale, principal)).map(toSuggestionView);
  }

  @Get('meeting-requests')
  @AllowAuthority(OWN)
  @ApiOperation({ summary: 'The requests the organisation made or received, newest first' })
  @ApiOkResponse({ type: [MeetingRequestView] })
  @ApiProblems(400, 401, 403, 404)
  async list(
    @Param('forumId') forumId: string,
    @Param('organisationId', IdPipe) organisationId: string,
    @Query() query: MeetingRequestsQuery,
    @CurrentPrincipal() principal: Principal,
  ): Promise<MeetingRequestView[]> {
    return (await this.requests.list(forumId, organisationId, query.state, principal)).map(toRequestView);
  }

  @Post('meeting-requests')
  @AllowAuthority(OWN)
  @ApiOperation({
    summary: 'Ask another registered authority for a bilateral meeting',
    description:
      'Its contacts are told by email; unanswered, it is reminded once and expires (expiresAt). 409 when one is already asked for or agreed between the two.',
  })
  @ApiCreatedResponse({ type: MeetingRequestView })
  @ApiProblems(400, 401, 403, 404, 409, 422)
  async create(
    @Param('forumId') forumId: string,
    @Param('organisationId', IdPipe) organisationId: string,
    @Body() dto: CreateMeetingRequestDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<MeetingRequestView> {
    return toRequestView(await this.requests.create(forumId, organisationId, dto, principal));
  }

  @Post('meeting-requests/:requestId/accept')
  @HttpCode(200)
  @AllowAuthority(OWN)
  @ApiOperation({ summary: 'Accept a request made to the organisation; the meeting waits for a place' })
  @ApiOkResponse({ type: MeetingRequestView })
  @ApiProblems(401, 403, 404, 409)
  async accept(
    @Param('forumId') forumId: string,
    @Param('organisationId', IdPipe) organisationId: string,
    @Param('requestId', IdPipe) requestId: string,
    @CurrentPrincipal() principal: Principal,
  ): Promise<MeetingRequestView> {
    return toRequestView(await this.requests.answer(forumId, organisationId, requestId, true, principal));
  }

  @Post('meeting-requests/:requestId/decline')
  @HttpCode(200)
  @AllowAuthority(OWN)
  @ApiOperation({ summary: 'Decline a request made to the organisation' })
  @ApiOkResponse({ type: MeetingRequestView })
  @ApiProblems(401, 403, 404, 409)
  async decline(
    @Param('forumId') forumId: string,
    @Param('organisationId', IdPipe) organisationId: string,
    @Param('requestId', IdPipe) requestId: string,
    @CurrentPrincipal() principal: Principal,
  ): Promise<MeetingRequestView> {
    return toRequestView(await this.requests.answer(forumId, organisationId, requestId, false, principal));
  }

  @Get('meetings')
  @AllowAuthority(OWN)
  @ApiOperation({ summary: 'The organisation’s agreed meetings: their place, or why they have none yet' })
  @ApiOkResponse({ type: [MeetingView] })
  @ApiProblems(401, 403, 404)
  async meetings(
    @Param('forumId') forumId: string,
    @Param('organisationId', IdPipe) organisationId: string,
    @CurrentPrincipal() principal: Principal,
  ): Promise<MeetingView[]> {
    const forum = await this.requests.forum(forumId, principal);
    await this.requests.participant(forum, organisationId);
    return (await this.planning.meetingsOf(forum, organisationId)).map(toMeetingView);
  }

  private async readerLocale(principal: Principal): Promise<Locale> {
    if (principal.kind === 'authority') {
      const contact = await this.em.findOne(Contact, { id: principal.contactId });
      return contact?.locale ?? 'fr';
    }
    return 'fr';
  }
}

function scheduleView(meetings: Meeting[], outcome: { placed: { status: string }[]; unplaced: ScheduleView['unplaced'] }): ScheduleView {
  return {
    meetings: meetings.map(toMeetingView),
    placed: outcome.placed.length,
    kept: outcome.placed.filter((p) => p.status === 'kept').length,
    unplaced: outcome.unplaced,
  };
}

/** Organisers (desk token): requests, blocks, interpreters, scheduling, moves, needs, exports. */
@ApiTags('meetings')
@ApiBearerAuth()
@Controller('forums/:forumId')
export class MeetingsDeskController {
  constructor(
    private readonly requests: MeetingRequestsService,
    private readonly planning: MeetingPlanningService,
  ) {}

  @Get('meeting-requests')
  @ApiOperation({ summary: 'Every meeting request of the edition, with its state' })
  @ApiOkResponse({ type: [MeetingRequestView] })
  @ApiProblems(400, 401, 403, 404)
  async requestsOfEdition(
    @Param('forumId') forumId: string,
    @Query() query: MeetingRequestsQuery,
    @CurrentPrincipal() principal: Principal,
  ): Promise<MeetingRequestView[]> {
    return (await this.requests.list(forumId, null, query.state, principal)).map(toRequestView);
  }

  @Get('meeting-blocks')
  @ApiOperation({ summary: 'The times set for bilateral meetings, with their tables' })
  @ApiOkResponse({ type: [MeetingBlockView] })
  @ApiProblems(401, 403, 404)
  async blocks(@Param('forumId') forumId: string): Promise<MeetingBlockView[]> {
    return (await this.planning.blocks(forumId)).blocks.map(toBlockView);
  }

  @Post('meeting-blocks')
  @ApiOperation({ summary: 'Set a time for bilateral meetings, with its tables or rooms' })
  @ApiCreatedResponse({ type: MeetingBlockView })
  @ApiProblems(400, 401, 403, 404)
  async createBlock(@Param('forumId') forumId: string, @Body() dto: CreateMeetingBlockDto): Promise<MeetingBlockView> {
    return toBlockView(await this.planning.createBlock(forumId, dto));
  }

  @Patch('meeting-blocks/:blockId')
  @ApiOperation({ summary: 'Change a block: a new time updates its meetings’ invites; a table taken away unplaces its meeting (CANCEL)' })
  @ApiOkResponse({ type: MeetingBlockView })
  @ApiProblems(400, 401, 403, 404)
  async updateBlock(
    @Param('forumId') forumId: string,
    @Param('blockId', IdPipe) blockId: string,
    @Body() dto: UpdateMeetingBlockDto,
  ): Promise<MeetingBlockView> {
    return toBlockView(await this.planning.updateBlock(forumId, blockId, dto));
  }

  @Delete('meeting-blocks/:blockId')
  @HttpCode(204)
  @ApiOperation({ summary: 'Remove a block; its meetings lose their place (CANCEL) until the next scheduling' })
  @ApiNoContentResponse()
  @ApiProblems(401, 403, 404)
  async removeBlock(@Param('forumId') forumId: string, @Param('blockId', IdPipe) blockId: string): Promise<void> {
    await this.planning.removeBlock(forumId, blockId);
  }

  @Get('interpreters')
  @ApiOperation({ summary: 'The edition’s interpreters' })
  @ApiOkResponse({ type: [InterpreterView] })
  @ApiProblems(401, 403, 404)
  async interpreters(@Param('forumId') forumId: string): Promise<InterpreterView[]> {
    return (await this.planning.interpreters(forumId)).interpreters.map((i) => toInterpreterView(i, this.planning.feedUrl(i)));
  }

  @Post('interpreters')
  @ApiOperation({ summary: 'Record an interpreter: languages, modes (simultaneous, consecutive, whispered), availability' })
  @ApiCreatedResponse({ type: InterpreterView })
  @ApiProblems(400, 401, 403, 404)
  async createInterpreter(@Param('forumId') forumId: string, @Body() dto: CreateInterpreterDto): Promise<InterpreterView> {
    const interpreter = await this.planning.createInterpreter(forumId, dto);
    return toInterpreterView(interpreter, this.planning.feedUrl(interpreter));
  }

  @Patch('interpreters/:interpreterId')
  @ApiOperation({ summary: 'Change an interpreter; a meeting their change makes impossible is placed again at the next scheduling' })
  @ApiOkResponse({ type: InterpreterView })
  @ApiProblems(400, 401, 403, 404)
  async updateInterpreter(
    @Param('forumId') forumId: string,
    @Param('interpreterId', IdPipe) interpreterId: string,
    @Body() dto: UpdateInterpreterDto,
  ): Promise<InterpreterView> {
    const interpreter = await this.planning.updateInterpreter(forumId, interpreterId, dto);
    return toInterpreterView(interpreter, this.planning.feedUrl(interpreter));
  }

  @Delete('interpreters/:interpreterId')
  @HttpCode(204)
  @ApiOperation({ summary: 'Remove an interpreter; their meetings lose their place (CANCEL) until the next scheduling' })
  @ApiNoContentResponse()
  @ApiProblems(401, 403, 404)
  async removeInterpreter(@Param('forumId') forumId: string, @Param('interpreterId', IdPipe) interpreterId: string): Promise<void> {
    await this.planning.removeInterpreter(forumId, interpreterId);
  }

  @Put('interpreters/:interpreterId/sessions/:sessionId')
  @ApiOperation({
    summary: 'Assign an interpreter to a session',
    description:
      '409 TIME_CLASH (field sessionId) when they are in another session or a meeting then, or not available; `clash` says which: { kind: "session" | "meeting", id } or { kind: "unavailable" }.',
  })
  @ApiOkResponse({ type: AssignmentView })
  @ApiProblems(400, 401, 403, 404, 409)
  async assign(
    @Param('forumId') forumId: string,
    @Param('interpreterId', IdPipe) interpreterId: string,
    @Param('sessionId', IdPipe) sessionId: string,
    @Body() dto: AssignInterpreterDto,
  ): Promise<AssignmentView> {
    return toAssignmentView(await this.planning.assign(forumId, interpreterId, sessionId, dto));
  }

  @Delete('interpreters/:interpreterId/sessions/:sessionId')
  @HttpCode(204)
  @ApiOperation({ summary: 'Take an interpreter off a session' })
  @ApiNoContentResponse()
  @ApiProblems(401, 403, 404)
  async unassign(
    @Param('forumId') forumId: string,
    @Param('interpreterId', IdPipe) interpreterId: string,
    @Param('sessionId', IdPipe) sessionId: string,
  ): Promise<void> {
    await this.planning.unassign(forumId, interpreterId, sessionId);
  }

  @Get('interpreters/:interpreterId/schedule')
  @ApiOperation({ summary: 'An interpreter’s sessions and meetings, in time order' })
  @ApiOkResponse({ type: InterpreterScheduleView })
  @ApiProblems(401, 403, 404)
  async schedule(
    @Param('forumId') forumId: string,
    @Param('interpreterId', IdPipe) interpreterId: string,
  ): Promise<InterpreterScheduleView> {
    const interpreter = await this.planning.interpreter(forumId, interpreterId);
    const { sessions, meetings } = await this.planning.interpreterSchedule(interpreter);
    return {
      interpreter: toInterpreterView(interpreter, this.planning.feedUrl(interpreter)),
      sessions: sessions.map(toAssignmentView),
      meetings: meetings.map(toMeetingView),
    };
  }

  @Get('interpreters/:interpreterId/schedule.csv')
  @ApiOperation({ summary: 'An interpreter’s schedule as CSV, times in Paris and Seoul' })
  @ApiProduces('text/csv')
  @ApiProblems(401, 403, 404)
  async scheduleCsv(
    @Param('forumId') forumId: string,
    @Param('interpreterId', IdPipe) interpreterId: string,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const interpreter = await this.planning.interpreter(forumId, interpreterId);
    const csv = await this.planning.interpreterCsv(interpreter);
    await reply
      .header('content-type', 'text/csv; charset=utf-8')
      .header('content-disposition', contentDisposition('attachment', `interpreter-${interpreter.name}.csv`))
      .send(csv);
  }

  @Get('interpretation-needs')
  @ApiOperation({
    summary: 'Each session’s interpretation needs, counted from its seated delegates (headsets for simultaneous), and its interpreters',
  })
  @ApiOkResponse({ type: [SessionNeedsView] })
  @ApiProblems(401, 403, 404)
  async needs(@Param('forumId') forumId: string): Promise<SessionNeedsView[]> {
    return (await this.planning.needs(forumId)).map(toNeedsView);
  }

  @Get('meetings')
  @ApiOperation({
    summary: 'The agreed meetings: place (block, table, interpreter) or why none; filters by block, interpreter, organisation, placement',
  })
  @ApiOkResponse({ type: [MeetingView] })
  @ApiProblems(400, 401, 403, 404)
  async meetings(@Param('forumId') forumId: string, @Query() query: MeetingsQuery): Promise<MeetingView[]> {
    return (await this.planning.meetings(forumId, query)).meetings.map(toMeetingView);
  }

  @Get('meetings.csv')
  @ApiOperation({ summary: 'The meetings grid as CSV: block (Paris and Seoul), table, the two delegations, interpreter, or why unplaced' })
  @ApiProduces('text/csv')
  @ApiProblems(400, 401, 403, 404)
  async meetingsCsv(@Param('forumId') forumId: string, @Query() query: MeetingsQuery, @Res() reply: FastifyReply): Promise<void> {
    const csv = await this.planning.meetingsCsv(forumId, query);
    await reply
      .header('content-type', 'text/csv; charset=utf-8')
      .header('content-disposition', contentDisposition('attachment', 'meetings.csv'))
      .send(csv);
  }

  @Post('meetings/schedule')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Place the accepted meetings in blocks × tables, with an interpreter when needed',
    description:
      'Placed meetings stay where they are while they can (replan: plan all afresh); each unplaced one says why, block by block. Every change of place is an invite to both delegations’ delegates and the interpreter (REQUEST with a higher SEQUENCE, or CANCEL).',
  })
  @ApiOkResponse({ type: ScheduleView })
  @ApiProblems(400, 401, 403, 404)
  async run(@Param('forumId') forumId: string, @Body() dto: RunScheduleDto): Promise<ScheduleView> {
    const { schedule, meetings } = await this.planning.schedule(forumId, dto.replan ?? false);
    return scheduleView(meetings, schedule);
  }

  @Put('meetings/:meetingId/place')
  @ApiOperation({
    summary: 'Move a meeting by hand',
    description:
      'The scheduler’s checks: 409 naming blockId, table or interpreterId for each rule the move breaks (a delegation busy, the table taken, the interpreter busy or unqualified).',
  })
  @ApiOkResponse({ type: MeetingView })
  @ApiProblems(400, 401, 403, 404, 409)
  async place(
    @Param('forumId') forumId: string,
    @Param('meetingId', IdPipe) meetingId: string,
    @Body() dto: PlaceMeetingDto,
  ): Promise<MeetingView> {
    return toMeetingView(await this.planning.place(forumId, meetingId, dto));
  }
}

/** An interpreter's personal feed of meetings; the URL is the secret. */
@ApiTags('calendar')
@Controller('calendar/interpreters')
export class InterpreterFeedController {
  constructor(private readonly planning: MeetingPlanningService) {}

  @Get(':token.ics')
  @Public()
  @ApiOperation({ summary: 'An interpreter’s meetings as a calendar feed', description: 'The URL is the secret: 404 for an unknown one.' })
  @ApiProduces('text/calendar')
  @ApiResponse({ status: 200, description: 'text/calendar' })
  @ApiProblems(404)
  async feed(@Param('token') token: string, @Res() reply: FastifyReply): Promise<void> {
    const body = await this.planning.interpreterFeed(token);
    if (body === null) {
      throw ProblemException.notFound('Interpreter feed', 'token');
    }
    await reply.headers({ ...calendarHeaders('meetings.ics'), 'cache-control': 'private, no-store' }).send(body);
  }
}
