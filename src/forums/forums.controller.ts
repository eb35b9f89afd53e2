import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiExtraModels, ApiOkResponse, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { CurrentPrincipal, Public } from '../access/access.decorators';
import { isOrganiser, type Principal } from '../access/principal';
import { ApiProblems, ProblemView } from '../common/problem.view';
import { PublicUrls } from '../config/public-urls';
import { byUrlWhenAnonymous, JSON_HEADERS, PUBLIC_PAGE_CACHE, PublicRead } from '../reads/public-read';
import { PublicReads } from '../reads/public-reads.service';
import { CreateForumDto } from './dto/create-forum.dto';
import { ListForumsQuery } from './dto/list-forums.query';
import { UpdateForumDto } from './dto/update-forum.dto';
import { ForumPage, ForumView, toForumView } from './forum.view';
import { ForumsService } from './forums.service';

@ApiTags('forums')
@ApiBearerAuth()
@ApiExtraModels(ProblemView)
@Controller('forums')
export class ForumsController {
  constructor(
    private readonly forums: ForumsService,
    private readonly reads: PublicReads,
    private readonly urls: PublicUrls,
  ) {}

  @Post()
  @HttpCode(201)
  @ApiOperation({
    summary: 'Create a forum edition',
    description: 'Also emails the organisers a confirmation with the edition as an .ics.',
  })
  @ApiCreatedResponse({ type: ForumView })
  @ApiProblems(400, 401, 409)
  async create(@Body() dto: CreateForumDto): Promise<ForumView> {
    return toForumView(await this.forums.create(dto), this.urls);
  }

  @Get()
  @Public()
  @PublicRead({ key: byUrlWhenAnonymous, cacheControl: PUBLIC_PAGE_CACHE })
  @ApiOperation({
    summary: 'List forum editions',
    description:
      'Anonymous callers see published and archived editions; organisers see all. Strong ETag, Last-Modified, 304; anonymous answers may be kept by shared caches a minute.',
  })
  @ApiOkResponse({ type: ForumPage })
  @ApiResponse({ status: 304, description: 'Not modified' })
  @ApiProblems(400, 401)
  async list(
    @Query() query: ListForumsQuery,
    @CurrentPrincipal() principal: Principal | undefined,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    await this.reads.serve(request, reply, async () => {
      const page = await this.forums.list(query, isOrganiser(principal));
      const view: ForumPage = { ...page, items: page.items.map((forum) => toForumView(forum, this.urls)) };
      return { body: JSON.stringify(view), headers: JSON_HEADERS };
    });
  }

  @Get(':forumId')
  @Public()
  @ApiOperation({ summary: 'Read a forum edition by id or slug' })
  @ApiOkResponse({ type: ForumView })
  @ApiProblems(401, 404)
  async get(@Param('forumId') forumId: string, @CurrentPrincipal() principal: Principal | undefined): Promise<ForumView> {
    return toForumView(await this.forums.get(forumId, isOrganiser(principal)), this.urls);
  }

  @Patch(':forumId')
  @ApiOperation({ summary: 'Change a forum edition' })
  @ApiOkResponse({ type: ForumView })
  @ApiProblems(400, 401, 404, 409)
  async update(@Param('forumId') forumId: string, @Body() dto: UpdateForumDto): Promise<ForumView> {
    return toForumView(await this.forums.update(forumId, dto), this.urls);
  }
}
