import { Controller, Get, Param, Query, Req, Res } from '@nestjs/common';
import { ApiOperation, ApiProduces, ApiPropertyOptional, ApiResponse, ApiTags } from '@nestjs/swagger';
import { IsIn, IsOptional, IsUUID } from 'class-validator';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Public } from '../access/access.decorators';
import { LOCALES, pickLocale, type Locale } from '../common/locale';
import { ProblemException } from '../common/problem';
import { ApiProblems } from '../common/problem.view';
import { AppConfig } from '../config/app-config';
import { DeadlinesService } from '../deadlines/deadlines.service';
import type { Forum } from '../forums/forum.entity';
import { ForumsService } from '../forums/forums.service';
import { MeetingPlanningService } from '../meetings/meeting-planning.service';
import { fullName } from '../organisations/organisation.views';
import { isActive } from '../common/registration-status';
import { SessionsService } from '../programme/sessions.service';
import { byUrl, PRIVATE_CACHE, PUBLIC_FEED_CACHE, PublicRead, type RenderedRead } from '../reads/public-read';
import { PublicReads } from '../reads/public-reads.service';
import { calendarHeaders } from '../ical/feed-response';
import { FeedTokensService } from '../participation/feed-tokens.service';
import { organiser } from '../ical/ical';
import { deadlinesCalendar, type FeedOptions, personalCalendar, programmeCalendar } from './programme-calendar';

// Programmes change a few times a week before an edition: hourly refresh is enough, emails carry the rest.
const FEED_REFRESH_SECONDS = 3_600;

class FeedQuery {
  @ApiPropertyOptional({ enum: LOCALES, default: 'fr' })
  @IsOptional()
  @IsIn(LOCALES, { message: 'lang must be one of fr, ko, en' })
  lang?: Locale;

  @ApiPropertyOptional({ format: 'uuid', description: 'Only the sessions of this theme.' })
  @IsOptional()
  @IsUUID('all', { message: 'theme must be a theme id (UUID)' })
  theme?: string;
}

@ApiTags('calendar')
@Controller('calendar')
export class CalendarController {
  constructor(
    private readonly forums: ForumsService,
    private readonly sessions: SessionsService,
    private readonly deadlines: DeadlinesService,
    private readonly feedTokens: FeedTokensService,
    private readonly reads: PublicReads,
    private readonly config: AppConfig,
    private readonly meetings: MeetingPlanningService,
  ) {}

  @Get('forums/:slug.ics')
  @Public()
  @PublicRead({ key: byUrl, cacheControl: PUBLIC_FEED_CACHE })
  @ApiOperation({
    summary: 'Subscribable programme of a published edition: the edition and its sessions',
    description:
      'Cancelled sessions stay 30 days with STATUS:CANCELLED. Strong ETag, Last-Modified (when what it shows last changed), 304.',
  })
  @ApiProduces('text/calendar')
  @ApiResponse({ status: 200, description: 'text/calendar' })
  @ApiResponse({ status: 304, description: 'Not modified' })
  @ApiProblems(400, 404)
  async programmeFeed(
    @Param('slug') slug: string,
    @Query() query: FeedQuery,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    await this.reads.serve(request, reply, async (): Promise<RenderedRead> => {
      const forum = await this.published(slug);
      const sessions = await this.sessions.forFeed(forum, query.theme);
      return {
        body: programmeCalendar(forum, sessions, this.feedOptions(query.lang ?? 'fr')),
        headers: calendarHeaders(`${slug}.ics`),
        validUntil: this.sessions.feedChangesAt(sessions),
      };
    });
  }

  @Get('forums/:slug/deadlines.ics')
  @Public()
  @PublicRead({ key: byUrl, cacheControl: PUBLIC_FEED_CACHE })
  @ApiOperation({
    summary: 'The edition’s deadlines, each with an alarm a day before',
    description: 'Strong ETag, Last-Modified (when what it shows last changed), 304.',
  })
  @ApiProduces('text/calendar')
  @ApiResponse({ status: 200, description: 'text/calendar' })
  @ApiResponse({ status: 304, description: 'Not modified' })
  @ApiProblems(400, 404)
  async deadlinesFeed(
    @Param('slug') slug: string,
    @Query() query: FeedQuery,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    await this.reads.serve(request, reply, async (): Promise<RenderedRead> => {
      const forum = await this.published(slug);
      return {
        body: deadlinesCalendar(forum, await this.deadlines.list(forum.id), this.feedOptions(query.lang ?? 'fr')),
        headers: calendarHeaders(`${slug}-deadlines.ics`),
      };
    });
  }

  @Get('delegates/:token.ics')
  @Public()
  // The URL is the secret: one cached rendering per live token, never shared beyond its reader.
  @PublicRead({ key: byUrl, cacheControl: PRIVATE_CACHE })
  @ApiOperation({
    summary:
      'A delegate’s own agenda: their sessions (waitlisted ones tentative), their delegation’s placed bilateral meetings, and the deadlines',
    description: 'The URL is the secret: 404 once revoked. Never cached by intermediaries.',
  })
  @ApiProduces('text/calendar')
  @ApiResponse({ status: 200, description: 'text/calendar' })
  @ApiResponse({ status: 304, description: 'Not modified' })
  @ApiProblems(404)
  async personalFeed(@Param('token') token: string, @Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    await this.reads.serve(request, reply, async (): Promise<RenderedRead> => {
      const resolved = await this.feedTokens.resolve(token);
      if (!resolved) {
        throw ProblemException.notFound('Personal feed', 'token');
      }
      const { delegate, enrolments, sequences } = resolved;
      const forum = delegate.registration.forum;
      const name = `${pickLocale(forum.title, delegate.locale)} — ${fullName(delegate.contact.firstName, delegate.contact.lastName)}`;
      // Their delegation's bilateral meetings too, once placed.
      const meetings = isActive(delegate.registration.status)
        ? await this.meetings.delegationFeedEvents(forum.id, delegate.registration.organisation.id, delegate.locale)
        : undefined;
      return {
        body: personalCalendar(
          name,
          forum,
          enrolments,
          await this.deadlines.list(forum.id),
          this.feedOptions(delegate.locale),
          sequences,
          meetings,
        ),
        headers: calendarHeaders('agenda.ics'),
      };
    });
  }

  private feedOptions(locale: Locale): FeedOptions {
    return {
      locale,
      publicUrl: this.config.get('publicUrl'),
      refreshSeconds: FEED_REFRESH_SECONDS,
      organiser: organiser(this.config.get('organisersEmail')),
    };
  }

  private async published(slug: string): Promise<Forum> {
    const forum = await this.forums.findPublishedBySlug(slug);
    if (!forum) {
      throw ProblemException.notFound('Published forum', slug);
    }
    return forum;
  }
}
