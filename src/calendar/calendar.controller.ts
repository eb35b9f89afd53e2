import { Controller, Get, Param, Query, Req, Res } from '@nestjs/common';
import { ApiOperation, ApiProduces, ApiPropertyOptional, ApiResponse, ApiTags } from '@nestjs/swagger';
import { IsIn, IsOptional, IsUUID } from 'class-validator';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Public } from '../auth/access.decorators';
import { LOCALES, pickLocale, type Locale } from '../common/locale';
import { ProblemException } from '../common/problem';
import { ApiProblems } from '../common/problem.view';
import { AppConfig } from '../config/app-config';
import { DeadlinesService } from '../deadlines/deadlines.service';
import type { Forum } from '../forums/forum.entity';
import { ForumsService } from '../forums/forums.service';
import { fullName } from '../organisations/organisation.views';
import { SessionsService } from '../programme/sessions.service';
import { etagOf, sendCalendar } from './feed-response';
import { FeedTokensService } from './feed-tokens.service';
import { organiser } from './ical';
import { deadlinesCalendar, type FeedOptions, personalCalendar, programmeCalendar } from './programme-calendar';

// Programmes change a few times a week before an edition: hourly refresh is enough, emails carry the rest.
const FEED_REFRESH_SECONDS = 3_600;
const FEED_MAX_AGE_SECONDS = 300;
const CACHE_LIMIT = 500;

/** A feed rendered once: its bytes (UTF-8, ready to send) and their ETag, computed once too. */
interface RenderedFeed {
  stamp: string;
  body: Buffer;
  etag: string;
  lastModified: Date;
}

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
  /** Rendered feeds by (feed, language, theme), kept while the edition's change stamp holds. */
  private readonly rendered = new Map<string, RenderedFeed>();

  constructor(
    private readonly forums: ForumsService,
    private readonly sessions: SessionsService,
    private readonly deadlines: DeadlinesService,
    private readonly feedTokens: FeedTokensService,
    private readonly config: AppConfig,
  ) {}

  @Get('forums/:slug.ics')
  @Public()
  @ApiOperation({ summary: 'Subscribable programme of a published edition: the edition and its sessions', description: 'Cancelled sessions stay 30 days with STATUS:CANCELLED. ETag, Last-Modified, 304.' })
  @ApiProduces('text/calendar')
  @ApiResponse({ status: 200, description: 'text/calendar' })
  @ApiResponse({ status: 304, description: 'Not modified' })
  @ApiProblems(400, 404)
  async programmeFeed(@Param('slug') slug: string, @Query() query: FeedQuery, @Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const locale = query.lang ?? 'fr';
    const feed = await this.render(`programme|${slug}|${locale}|${query.theme ?? ''}`, slug, async () => {
      const forum = await this.published(slug);
      return programmeCalendar(forum, await this.sessions.forFeed(forum, query.theme), this.feedOptions(locale));
    });
    await sendCalendar(request, reply, feed.body, `${slug}.ics`, FEED_MAX_AGE_SECONDS, feed.lastModified, 'public', feed.etag);
  }

  @Get('forums/:slug/deadlines.ics')
  @Public()
  @ApiOperation({ summary: 'The edition’s deadlines, each with an alarm a day before' })
  @ApiProduces('text/calendar')
  @ApiResponse({ status: 200, description: 'text/calendar' })
  @ApiResponse({ status: 304, description: 'Not modified' })
  @ApiProblems(400, 404)
  async deadlinesFeed(@Param('slug') slug: string, @Query() query: FeedQuery, @Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const locale = query.lang ?? 'fr';
    const feed = await this.render(`deadlines|${slug}|${locale}`, slug, async () => {
      const forum = await this.published(slug);
      return deadlinesCalendar(forum, await this.deadlines.list(forum.id), this.feedOptions(locale));
    });
    await sendCalendar(request, reply, feed.body, `${slug}-deadlines.ics`, FEED_MAX_AGE_SECONDS, feed.lastModified, 'public', feed.etag);
  }

  @Get('delegates/:token.ics')
  @Public()
  @ApiOperation({ summary: 'A delegate’s own agenda: their sessions (waitlisted ones tentative) and the deadlines', description: 'The URL is the secret: 404 once revoked. Never cached by intermediaries.' })
  @ApiProduces('text/calendar')
  @ApiResponse({ status: 200, description: 'text/calendar' })
  @ApiResponse({ status: 304, description: 'Not modified' })
  @ApiProblems(404)
  async personalFeed(@Param('token') token: string, @Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const resolved = await this.feedTokens.resolve(token);
    if (!resolved) {
      throw ProblemException.notFound('Personal feed', 'token');
    }
    const { delegate, enrolments, sequences } = resolved;
    const forum = delegate.registration.forum;
    const locale = delegate.locale;
    // The delegate's own change stamp: their enrolments, the invites they got, and what the edition's feeds show.
    const seats = enrolments.map((e) => `${e.id}:${e.status}:${e.updatedAt.getTime()}:${sequences.get(e.session.id) ?? ''}`).join(',');
    const feed = await this.render(`personal|${delegate.id}|${locale}|${delegate.updatedAt.getTime()}|${seats}`, forum.slug, async () => {
      const name = `${pickLocale(forum.title, locale)} — ${fullName(delegate.contact.firstName, delegate.contact.lastName)}`;
      return personalCalendar(name, forum, enrolments, await this.deadlines.list(forum.id), this.feedOptions(locale), sequences);
    });
    await sendCalendar(request, reply, feed.body, 'agenda.ics', 0, feed.lastModified, 'private', feed.etag);
  }

  private feedOptions(locale: Locale): FeedOptions {
    return { locale, publicUrl: this.config.get('publicUrl'), refreshSeconds: FEED_REFRESH_SECONDS, organiser: organiser(this.config.get('organisersEmail')) };
  }

  private async published(slug: string): Promise<Forum> {
    const forum = await this.forums.findPublishedBySlug(slug);
    if (!forum) {
      throw ProblemException.notFound('Published forum', slug);
    }
    return forum;
  }

  /** Renders once per change of the edition: a cheap stamp query decides whether the cached bytes still hold. */
  private async render(key: string, slug: string, build: () => Promise<string>): Promise<RenderedFeed> {
    // One query decides: the edition is published, and whether the cached bytes still hold.
    const stamp = (await this.sessions.feedStamp(slug)) ?? '';
    const cached = this.rendered.get(key);
    if (cached?.stamp === stamp) {
      return cached;
    }
    const body = Buffer.from(await build(), 'utf8');
    const entry = { stamp, body, etag: etagOf(body), lastModified: new Date() };
    if (this.rendered.size >= CACHE_LIMIT) {
      this.rendered.delete(this.rendered.keys().next().value as string);
    }
    this.rendered.set(key, entry);
    return entry;
  }
}
