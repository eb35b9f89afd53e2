import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query, Req, Res } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiResponse,
  ApiTags,
} from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { CurrentPrincipal, Public } from '../access/access.decorators';
import { isOrganiser, type Principal } from '../access/principal';
import { IdPipe } from '../common/id.pipe';
import { ApiPageResponse, Page } from '../common/pagination';
import { ApiProblems } from '../common/problem.view';
import { byUrlWhenAnonymous, JSON_HEADERS, PUBLIC_PAGE_CACHE, PublicRead } from '../reads/public-read';
import { PublicReads } from '../reads/public-reads.service';
import { CancelSessionDto, CreateSessionDto, ListSessionsQuery, ProgrammeQuery, UpdateSessionDto } from './dto/session.dto';
import { ProgrammeService } from './programme.service';
import type { Session } from './session.entity';
import { SessionChangeView, SessionView, toSessionView, ProgrammeView } from './session.views';
import { SessionsService } from './sessions.service';

@ApiTags('programme')
@ApiBearerAuth()
@Controller('forums/:forumId')
export class SessionsController {
  constructor(
    private readonly sessions: SessionsService,
    private readonly programmes: ProgrammeService,
    private readonly reads: PublicReads,
  ) {}

  private async view(session: Session, warnings: string[] = []): Promise<SessionView> {
    const counts = await this.sessions.confirmedCounts([session.id]);
    return toSessionView(session, counts.get(session.id) ?? 0, warnings);
  }

  @Get('programme')
  @Public()
  @PublicRead({ key: byUrlWhenAnonymous, cacheControl: PUBLIC_PAGE_CACHE })
  @ApiOperation({
    summary: 'The published programme by day, times in the forum’s zone, Paris and Seoul',
    description:
      'Public for published editions; ?lang picks titles (fallback fr → en → ko). Strong ETag, Last-Modified, 304; anonymous answers may be kept by shared caches a minute.',
  })
  @ApiOkResponse({ type: ProgrammeView })
  @ApiResponse({ status: 304, description: 'Not modified' })
  @ApiProblems(400, 404)
  async programme(
    @Param('forumId') forumId: string,
    @Query() query: ProgrammeQuery,
    @CurrentPrincipal() principal: Principal | undefined,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    await this.reads.serve(request, reply, async () => ({
      body: JSON.stringify(await this.programmes.programme(forumId, query, isOrganiser(principal))),
      headers: JSON_HEADERS,
    }));
  }

  @Get('sessions')
  @ApiOperation({ summary: 'All sessions of the edition, drafts and cancelled ones included' })
  @ApiPageResponse(SessionView)
  @ApiProblems(400, 401, 403, 404)
  async list(@Param('forumId') forumId: string, @Query() query: ListSessionsQuery): Promise<Page<SessionView>> {
    const page = await this.sessions.list(forumId, query);
    const counts = await this.sessions.confirmedCounts(page.items.map((s) => s.id));
    return { ...page, items: page.items.map((s) => toSessionView(s, counts.get(s.id) ?? 0)) };
  }

  @Post('sessions')
  @ApiOperation({ summary: 'Add a session (times with an offset, or local with timeZone)' })
  @ApiCreatedResponse({ type: SessionView })
  @ApiProblems(400, 401, 403, 404, 409)
  async create(
    @Param('forumId') forumId: string,
    @Body() dto: CreateSessionDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<SessionView> {
    const { session, warnings } = await this.sessions.create(forumId, dto, principal.label);
    return this.view(
      session,
      warnings.map((warning) => warning.message),
    );
  }

  @Get('sessions/:sessionId')
  @ApiOperation({ summary: 'Read a session' })
  @ApiOkResponse({ type: SessionView })
  @ApiProblems(401, 403, 404)
  async get(@Param('forumId') forumId: string, @Param('sessionId', IdPipe) sessionId: string): Promise<SessionView> {
    return this.view(await this.sessions.get(forumId, sessionId));
  }

  @Patch('sessions/:sessionId')
  @ApiOperation({ summary: 'Change a session; a change of time, place, title or status raises its sequence' })
  @ApiOkResponse({ type: SessionView })
  @ApiProblems(400, 401, 403, 404, 409)
  async update(
    @Param('forumId') forumId: string,
    @Param('sessionId', IdPipe) sessionId: string,
    @Body() dto: UpdateSessionDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<SessionView> {
    const { session, warnings } = await this.sessions.update(forumId, sessionId, dto, principal.label);
    return this.view(
      session,
      warnings.map((warning) => warning.message),
    );
  }

  @Post('sessions/:sessionId/cancel')
  @HttpCode(200)
  @ApiOperation({ summary: 'Cancel a session, with a reason' })
  @ApiOkResponse({ type: SessionView })
  @ApiProblems(400, 401, 403, 404, 409)
  async cancel(
    @Param('forumId') forumId: string,
    @Param('sessionId', IdPipe) sessionId: string,
    @Body() dto: CancelSessionDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<SessionView> {
    return this.view(await this.sessions.cancel(forumId, sessionId, dto.reason, principal.label));
  }

  @Delete('sessions/:sessionId')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete a draft session (a published one is cancelled instead: 409)' })
  @ApiNoContentResponse()
  @ApiProblems(401, 403, 404, 409)
  async remove(@Param('forumId') forumId: string, @Param('sessionId', IdPipe) sessionId: string): Promise<void> {
    await this.sessions.remove(forumId, sessionId);
  }

  @Get('sessions/:sessionId/changes')
  @ApiOperation({ summary: 'Every change to the session: what, before, after, by whom' })
  @ApiOkResponse({ type: [SessionChangeView] })
  @ApiProblems(401, 403, 404)
  async changes(@Param('forumId') forumId: string, @Param('sessionId', IdPipe) sessionId: string): Promise<SessionChangeView[]> {
    return (await this.sessions.changes(forumId, sessionId)).map((c) => ({
      at: c.createdAt.toISOString(),
      sequence: c.sequence,
      visible: c.visible,
      changes: c.changes,
      changedBy: c.changedBy,
    }));
  }
}
