import { Controller, Get, Param, Query, Req, Res } from '@nestjs/common';
import { ApiOperation, ApiProduces, ApiQuery, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Public } from '../auth/access.decorators';
import { isLocale, type Locale } from '../common/locale';
import { ProblemException } from '../common/problem';
import { ApiProblems } from '../common/problem.view';
import { AppConfig } from '../config/app-config';
import { ForumsService } from '../forums/forums.service';
import { sendCalendar } from './feed-response';
import { forumCalendar } from './forum-calendar';

// Programmes change a few times a week before an edition: hourly refresh is enough, emails carry the rest.
const FEED_REFRESH_SECONDS = 3_600;
const FEED_MAX_AGE_SECONDS = 300;

@ApiTags('calendar')
@Controller('calendar')
export class CalendarController {
  constructor(
    private readonly forums: ForumsService,
    private readonly config: AppConfig,
  ) {}

  @Get('forums/:slug.ics')
  @Public()
  @ApiOperation({ summary: 'Subscribable iCalendar feed of a published edition', description: 'Answers If-None-Match with 304 when unchanged.' })
  @ApiProduces('text/calendar')
  @ApiQuery({ name: 'lang', required: false, enum: ['fr', 'ko', 'en'] })
  @ApiResponse({ status: 200, description: 'text/calendar' })
  @ApiResponse({ status: 304, description: 'Not modified' })
  @ApiProblems(400, 404)
  async forumFeed(@Param('slug') slug: string, @Query('lang') lang: string | undefined, @Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const locale = this.locale(lang);
    const forum = await this.forums.findPublishedBySlug(slug);
    if (!forum) {
      throw ProblemException.notFound('Published forum', slug);
    }
    const body = forumCalendar(forum, {
      locale,
      method: 'PUBLISH',
      publicUrl: this.config.get('publicUrl'),
      stamp: forum.updatedAt,
      refreshSeconds: FEED_REFRESH_SECONDS,
    });
    await sendCalendar(request, reply, body, `${forum.slug}.ics`, FEED_MAX_AGE_SECONDS);
  }

  private locale(lang: string | undefined): Locale {
    if (lang === undefined || lang === '') {
      return 'fr';
    }
    if (!isLocale(lang)) {
      throw ProblemException.validation([{ field: 'lang', message: 'lang must be one of fr, ko, en' }]);
    }
    return lang;
  }
}
