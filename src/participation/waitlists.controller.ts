import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { IdPipe } from '../common/id.pipe';
import { ApiProblems } from '../common/problem.view';
import { ForumsService } from '../forums/forums.service';
import { fullName, toSummary } from '../organisations/organisation.views';
import { MoveInLineDto, PromotionView, RosterEntryView, RosterView } from './dto/waitlist.dto';
import type { Enrolment } from './enrolment.entity';
import { EnrolmentsService } from './enrolments.service';

function entry(enrolment: Enrolment, position: number | null): RosterEntryView {
  const { delegate } = enrolment;
  return {
    enrolmentId: enrolment.id,
    delegateId: delegate.id,
    name: fullName(delegate.contact.firstName, delegate.contact.lastName),
    organisation: toSummary(delegate.registration.organisation),
    waitlistPosition: position,
    queuedAt: enrolment.queuedAt.toISOString(),
  };
}

/** Organisers manage a session's seats and waitlist: promote, move in line, take off. */
@ApiTags('programme')
@ApiBearerAuth()
@Controller('forums/:forumId/sessions/:sessionId')
export class WaitlistsController {
  constructor(
    private readonly forums: ForumsService,
    private readonly enrolments: EnrolmentsService,
  ) {}

  @Get('waitlist')
  @ApiOperation({ summary: 'Who is seated and who waits, in order' })
  @ApiOkResponse({ type: RosterView })
  @ApiProblems(401, 403, 404)
  async roster(@Param('forumId') forumId: string, @Param('sessionId', IdPipe) sessionId: string): Promise<RosterView> {
    const forum = await this.forums.get(forumId, true);
    const { session, seated, waiting } = await this.enrolments.roster(forum.id, sessionId);
    return {
      sessionId: session.id,
      capacity: session.capacity,
      seated: seated.map((e) => entry(e, null)),
      waiting: waiting.map((e, index) => entry(e, index + 1)),
    };
  }

  @Post('waitlist/:enrolmentId/promote')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Promote a waiting delegate',
    description:
      'A seat at once if one is free (never more than the capacity; the calendar invite goes through the outbox), else first in line for the next seat freed. 409 TIME_CLASH when they are seated elsewhere at that time.',
  })
  @ApiOkResponse({ type: PromotionView })
  @ApiProblems(401, 403, 404, 409)
  async promote(
    @Param('forumId') forumId: string,
    @Param('sessionId', IdPipe) sessionId: string,
    @Param('enrolmentId', IdPipe) enrolmentId: string,
  ): Promise<PromotionView> {
    const forum = await this.forums.get(forumId, true);
    return this.enrolments.promoteInLine(forum.id, sessionId, enrolmentId);
  }

  @Put('waitlist/:enrolmentId/position')
  @ApiOperation({ summary: 'Move a waiting delegate to a place in line; the others keep their order' })
  @ApiOkResponse({ type: RosterView })
  @ApiProblems(400, 401, 403, 404, 409)
  async move(
    @Param('forumId') forumId: string,
    @Param('sessionId', IdPipe) sessionId: string,
    @Param('enrolmentId', IdPipe) enrolmentId: string,
    @Body() dto: MoveInLineDto,
  ): Promise<RosterView> {
    const forum = await this.forums.get(forumId, true);
    await this.enrolments.moveInLine(forum.id, sessionId, enrolmentId, dto.position);
    return this.roster(forum.id, sessionId);
  }

  @Delete('enrolments/:enrolmentId')
  @HttpCode(204)
  @ApiOperation({ summary: 'Take a delegate off the session, seated or waiting; a freed seat goes to the next in line' })
  @ApiNoContentResponse()
  @ApiProblems(401, 403, 404)
  async remove(
    @Param('forumId') forumId: string,
    @Param('sessionId', IdPipe) sessionId: string,
    @Param('enrolmentId', IdPipe) enrolmentId: string,
  ): Promise<void> {
    const forum = await this.forums.get(forumId, true);
    await this.enrolments.removeEnrolment(forum.id, sessionId, enrolmentId);
  }
}
