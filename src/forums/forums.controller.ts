import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiExtraModels, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Public } from '../auth/access.decorators';
import { isOrganiser, type Principal } from '../auth/principal';
import { ApiProblems, ProblemView } from '../common/problem.view';
import { PublicUrls } from '../config/public-urls';
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
    private readonly urls: PublicUrls,
  ) {}

  @Post()
  @HttpCode(201)
  @ApiOperation({ summary: 'Create a forum edition', description: 'Also emails the organisers a confirmation with the edition as an .ics.' })
  @ApiCreatedResponse({ type: ForumView })
  @ApiProblems(400, 401, 409)
  async create(@Body() dto: CreateForumDto): Promise<ForumView> {
    return toForumView(await this.forums.create(dto), this.urls);
  }

  @Get()
  @Public()
  @ApiOperation({ summary: 'List forum editions', description: 'Anonymous callers see published and archived editions; organisers see all.' })
  @ApiOkResponse({ type: ForumPage })
  @ApiProblems(400, 401)
  async list(@Query() query: ListForumsQuery, @CurrentPrincipal() principal: Principal | undefined): Promise<ForumPage> {
    const page = await this.forums.list(query, isOrganiser(principal));
    return { ...page, items: page.items.map((forum) => toForumView(forum, this.urls)) };
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
