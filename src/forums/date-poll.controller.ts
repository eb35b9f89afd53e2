import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AllowAuthority, CurrentPrincipal } from '../access/access.decorators';
import type { Principal } from '../access/principal';
import { IdPipe } from '../common/id.pipe';
import { ApiProblems } from '../common/problem.view';
import { PublicUrls } from '../config/public-urls';
import { DatePollService } from './date-poll.service';
import { CreateDateOptionDto, PollQuery, UpdateDateOptionDto, VoteDto } from './dto/date-poll.dto';
import { DateChoiceView, DateOptionView, DatePollView, VoteView } from './dto/date-poll.views';
import { ForumView, toForumView } from './forum.view';

@ApiTags('date poll')
@ApiBearerAuth()
@Controller('forums/:forumId')
export class DatePollController {
  constructor(
    private readonly poll: DatePollService,
    private readonly urls: PublicUrls,
  ) {}

  @Get('date-options')
  @AllowAuthority({ forumParam: 'forumId' })
  @ApiOperation({ summary: 'The date options put to the members' })
  @ApiOkResponse({ type: [DateOptionView] })
  @ApiProblems(401, 403, 404)
  list(@Param('forumId') forumId: string): Promise<DateOptionView[]> {
    return this.poll.listOptions(forumId);
  }

  @Post('date-options')
  @ApiOperation({ summary: 'Add a date option (local dates in the forum’s zone); a past one is accepted with a warning' })
  @ApiCreatedResponse({ type: DateOptionView })
  @ApiProblems(400, 401, 403, 404, 409)
  create(@Param('forumId') forumId: string, @Body() dto: CreateDateOptionDto): Promise<DateOptionView> {
    return this.poll.createOption(forumId, dto);
  }

  @Patch('date-options/:optionId')
  @ApiOperation({ summary: 'Change a date option' })
  @ApiOkResponse({ type: DateOptionView })
  @ApiProblems(400, 401, 403, 404, 409)
  update(
    @Param('forumId') forumId: string,
    @Param('optionId', IdPipe) optionId: string,
    @Body() dto: UpdateDateOptionDto,
  ): Promise<DateOptionView> {
    return this.poll.updateOption(forumId, optionId, dto);
  }

  @Delete('date-options/:optionId')
  @HttpCode(204)
  @ApiOperation({ summary: 'Remove a date option and its votes' })
  @ApiNoContentResponse()
  @ApiProblems(401, 403, 404)
  async remove(@Param('forumId') forumId: string, @Param('optionId', IdPipe) optionId: string): Promise<void> {
    await this.poll.deleteOption(forumId, optionId);
  }

  @Put('date-options/:optionId/votes/:organisationId')
  @AllowAuthority({ forumParam: 'forumId', organisationParam: 'organisationId' })
  @ApiOperation({
    summary: 'Vote yes, if_need_be or no for an invited organisation (by an organiser, or by the organisation’s magic link)',
  })
  @ApiOkResponse({ type: VoteView })
  @ApiProblems(400, 401, 403, 404, 409)
  vote(
    @Param('forumId') forumId: string,
    @Param('optionId', IdPipe) optionId: string,
    @Param('organisationId', IdPipe) organisationId: string,
    @Body() dto: VoteDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<VoteView> {
    return this.poll.vote(forumId, optionId, organisationId, dto, principal.label);
  }

  @Get('date-poll')
  @AllowAuthority({ forumParam: 'forumId' })
  @ApiOperation({
    summary: 'The poll: per option the tally, the answers, the holidays and blackouts it meets, best first',
    description:
      'A magic link sees every answer, comment and conflict, but who answered (castBy) and the reasons for dates to avoid of its own organisation only.',
  })
  @ApiOkResponse({ type: DatePollView })
  @ApiProblems(400, 401, 403, 404)
  read(@Param('forumId') forumId: string, @Query() query: PollQuery, @CurrentPrincipal() principal: Principal): Promise<DatePollView> {
    return this.poll.poll(forumId, query.lang ?? 'fr', principal.kind === 'authority' ? principal : undefined);
  }

  @Post('date-options/:optionId/choose')
  @HttpCode(200)
  @ApiOperation({ summary: 'Fix the edition’s dates to this option and close the poll; a later change is recorded' })
  @ApiOkResponse({ type: DateChoiceView })
  @ApiProblems(401, 403, 404)
  choose(
    @Param('forumId') forumId: string,
    @Param('optionId', IdPipe) optionId: string,
    @CurrentPrincipal() principal: Principal,
  ): Promise<DateChoiceView> {
    return this.poll.choose(forumId, optionId, principal.label);
  }

  @Post('date-poll/close')
  @HttpCode(200)
  @ApiOperation({ summary: 'Stop taking votes' })
  @ApiOkResponse({ type: ForumView })
  @ApiProblems(401, 403, 404)
  async close(@Param('forumId') forumId: string): Promise<ForumView> {
    return toForumView(await this.poll.setPollOpen(forumId, false), this.urls);
  }

  @Post('date-poll/reopen')
  @HttpCode(200)
  @ApiOperation({ summary: 'Take votes again' })
  @ApiOkResponse({ type: ForumView })
  @ApiProblems(401, 403, 404)
  async reopen(@Param('forumId') forumId: string): Promise<ForumView> {
    return toForumView(await this.poll.setPollOpen(forumId, true), this.urls);
  }
}
