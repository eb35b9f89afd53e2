import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AllowAuthority } from '../access/access.decorators';
import { IdPipe } from '../common/id.pipe';
import { ApiProblems } from '../common/problem.view';
import { DeadlinesService } from './deadlines.service';
import { CreateDeadlineDto, DeadlineView, PendingView, UpdateDeadlineDto } from './dto/deadline.dto';
import { PendingService } from './pending.service';

@ApiTags('deadlines')
@ApiBearerAuth()
@Controller('forums/:forumId/deadlines')
export class DeadlinesController {
  constructor(
    private readonly deadlines: DeadlinesService,
    private readonly pendings: PendingService,
  ) {}

  @Get()
  @AllowAuthority({ forumParam: 'forumId' })
  @ApiOperation({ summary: 'The edition’s deadlines, soonest first, in Paris and Seoul time' })
  @ApiOkResponse({ type: [DeadlineView] })
  @ApiProblems(401, 403, 404)
  async list(@Param('forumId') forumId: string): Promise<DeadlineView[]> {
    return (await this.deadlines.list(forumId)).map((d) => this.deadlines.view(d));
  }

  @Post()
  @ApiOperation({ summary: 'Set a deadline: the instant as stated, with its zone' })
  @ApiCreatedResponse({ type: DeadlineView })
  @ApiProblems(400, 401, 403, 404)
  async create(@Param('forumId') forumId: string, @Body() dto: CreateDeadlineDto): Promise<DeadlineView> {
    return this.deadlines.view(await this.deadlines.create(forumId, dto));
  }

  @Get(':deadlineId')
  @AllowAuthority({ forumParam: 'forumId' })
  @ApiOperation({ summary: 'Read a deadline' })
  @ApiOkResponse({ type: DeadlineView })
  @ApiProblems(401, 403, 404)
  async get(@Param('forumId') forumId: string, @Param('deadlineId', IdPipe) deadlineId: string): Promise<DeadlineView> {
    return this.deadlines.view(await this.deadlines.get(forumId, deadlineId));
  }

  @Get(':deadlineId/pending')
  @ApiOperation({ summary: 'Who has not yet done what the deadline asks, with their contacts' })
  @ApiOkResponse({ type: [PendingView] })
  @ApiProblems(401, 403, 404)
  async pending(@Param('forumId') forumId: string, @Param('deadlineId', IdPipe) deadlineId: string): Promise<PendingView[]> {
    return this.pendings.forDeadline(await this.deadlines.get(forumId, deadlineId));
  }

  @Patch(':deadlineId')
  @ApiOperation({ summary: 'Change a deadline' })
  @ApiOkResponse({ type: DeadlineView })
  @ApiProblems(400, 401, 403, 404)
  async update(
    @Param('forumId') forumId: string,
    @Param('deadlineId', IdPipe) deadlineId: string,
    @Body() dto: UpdateDeadlineDto,
  ): Promise<DeadlineView> {
    return this.deadlines.view(await this.deadlines.update(forumId, deadlineId, dto));
  }

  @Delete(':deadlineId')
  @HttpCode(204)
  @ApiOperation({ summary: 'Remove a deadline' })
  @ApiNoContentResponse()
  @ApiProblems(401, 403, 404)
  async remove(@Param('forumId') forumId: string, @Param('deadlineId', IdPipe) deadlineId: string): Promise<void> {
    await this.deadlines.remove(forumId, deadlineId);
  }
}
