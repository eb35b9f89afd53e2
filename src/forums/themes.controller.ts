import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AllowAuthority } from '../access/access.decorators';
import { IdPipe } from '../common/id.pipe';
import { ApiProblems } from '../common/problem.view';
import { CreateThemeDto, ThemeRankingDto, ThemeRankingView, ThemeView, UpdateThemeDto } from './dto/theme.dto';
import { ThemesService } from './themes.service';

@ApiTags('themes')
@ApiBearerAuth()
@Controller('forums/:forumId')
export class ThemesController {
  constructor(private readonly themes: ThemesService) {}

  @Get('themes')
  @AllowAuthority({ forumParam: 'forumId' })
  @ApiOperation({ summary: 'The edition’s themes in order, with interest counts' })
  @ApiOkResponse({ type: [ThemeView] })
  @ApiProblems(401, 403, 404)
  list(@Param('forumId') forumId: string): Promise<ThemeView[]> {
    return this.themes.list(forumId);
  }

  @Post('themes')
  @ApiOperation({ summary: 'Add a theme' })
  @ApiCreatedResponse({ type: ThemeView })
  @ApiProblems(400, 401, 403, 404)
  create(@Param('forumId') forumId: string, @Body() dto: CreateThemeDto): Promise<ThemeView> {
    return this.themes.create(forumId, dto);
  }

  @Patch('themes/:themeId')
  @ApiOperation({ summary: 'Change a theme' })
  @ApiOkResponse({ type: ThemeView })
  @ApiProblems(400, 401, 403, 404)
  update(@Param('forumId') forumId: string, @Param('themeId', IdPipe) themeId: string, @Body() dto: UpdateThemeDto): Promise<ThemeView> {
    return this.themes.update(forumId, themeId, dto);
  }

  @Delete('themes/:themeId')
  @HttpCode(204)
  @ApiOperation({ summary: 'Remove a theme' })
  @ApiNoContentResponse()
  @ApiProblems(401, 403, 404)
  async remove(@Param('forumId') forumId: string, @Param('themeId', IdPipe) themeId: string): Promise<void> {
    await this.themes.remove(forumId, themeId);
  }

  @Get('theme-interests/:organisationId')
  @AllowAuthority({ forumParam: 'forumId', organisationParam: 'organisationId' })
  @ApiOperation({ summary: 'How an organisation ranked the themes' })
  @ApiOkResponse({ type: ThemeRankingView })
  @ApiProblems(401, 403, 404)
  ranking(@Param('forumId') forumId: string, @Param('organisationId', IdPipe) organisationId: string): Promise<ThemeRankingView> {
    return this.themes.ranking(forumId, organisationId);
  }

  @Put('theme-interests/:organisationId')
  @AllowAuthority({ forumParam: 'forumId', organisationParam: 'organisationId' })
  @ApiOperation({ summary: 'Rank the themes for an invited organisation, most wanted first (replaces the ranking)' })
  @ApiOkResponse({ type: ThemeRankingView })
  @ApiProblems(400, 401, 403, 404, 409)
  rank(
    @Param('forumId') forumId: string,
    @Param('organisationId', IdPipe) organisationId: string,
    @Body() dto: ThemeRankingDto,
  ): Promise<ThemeRankingView> {
    return this.themes.rank(forumId, organisationId, dto);
  }
}
