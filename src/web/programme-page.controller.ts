import { Get, Param, Query, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Clock } from '../common/clock';
import { pickLocale } from '../common/locale';
import { PublicUrls, sitePaths } from '../config/public-urls';
import { DeadlinesService } from '../deadlines/deadlines.service';
import { ForumsService } from '../forums/forums.service';
import { ThemesService } from '../forums/themes.service';
import { ProgrammeQuery } from '../programme/dto/session.dto';
import { ProgrammeService } from '../programme/programme.service';
import { SESSION_KINDS } from '../programme/session.entity';
import { PublicRead, type RenderedRead } from '../reads/public-read';
import { PublicReads } from '../reads/public-reads.service';
import { subscribeLinks } from './calendar-links';
import { MemberNavService } from './member-nav';
import { Page, type PageContext } from './page-context';
import { text, validateAs } from './page-forms';
import { PageController } from './page.guard';
import { PageRenderer } from './page-renderer.service';
import { PUBLIC_PAGE } from './public-page';

/** The public programme of an edition: days, sessions, filters, and calendar subscriptions. */
@PageController('forums/:slug')
export class ProgrammePageController {
  constructor(
    private readonly renderer: PageRenderer,
    private readonly forums: ForumsService,
    private readonly programme: ProgrammeService,
    private readonly themes: ThemesService,
    private readonly deadlines: DeadlinesService,
    private readonly nav: MemberNavService,
    private readonly reads: PublicReads,
    private readonly clock: Clock,
    private readonly urls: PublicUrls,
  ) {}

  @Get()
  @PublicRead(PUBLIC_PAGE)
  async show(
    @Param('slug') slug: string,
    @Query() query: Record<string, unknown>,
    @Page() page: PageContext,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    await this.reads.serve(request, reply, () => this.page(slug, query, page, reply));
  }

  private async page(slug: string, query: Record<string, unknown>, page: PageContext, reply: FastifyReply): Promise<RenderedRead> {
    const asOrganiser = page.organiser !== undefined;
    const forum = await this.forums.get(slug, asOrganiser);
    const locale = page.locale;
    const filters = { theme: text(query.theme), kind: text(query.kind) };
    const checked = await validateAs(
      ProgrammeQuery,
      { theme: filters.theme || undefined, kind: filters.kind || undefined },
      this.renderer.constraint(locale),
    );
    const programme = await this.programme.programme(forum.id, { ...(checked.ok ? checked.value : {}), lang: locale }, asOrganiser);
    const themes = (await this.themes.list(forum.id)).map((theme) => ({
      id: theme.id,
      title: pickLocale(theme.title, locale),
      selected: theme.id === filters.theme,
    }));
    const listed = await this.deadlines.list(forum.id);
    const deadlines = listed.map((deadline) => ({ ...this.deadlines.view(deadline), text: pickLocale(deadline.title, locale) }));
    // The page marks passed deadlines: the next one to pass changes it.
    const now = this.clock.now();
    const nextToPass = listed.find((deadline) => deadline.dueAt > now)?.dueAt ?? null;
    const title = pickLocale(forum.title, locale);
    const rendered = this.renderer.rendered(
      reply,
      'programme',
      page,
      {
        title,
        forum: {
          slug: forum.slug,
          title,
          description: pickLocale(forum.description, locale),
          startDate: forum.startDate,
          endDate: forum.endDate,
          timeZone: forum.timeZone,
        },
        days: programme.days,
        filtered: Boolean(filters.theme || filters.kind),
        themes,
        kinds: SESSION_KINDS.map((kind) => ({ kind, selected: kind === filters.kind })),
        form: { values: filters, errors: checked.ok ? {} : checked.errors },
        deadlines,
        subscribe: {
          whole: subscribeLinks(this.urls, sitePaths.programmeFeed(forum.slug, { lang: locale }), title),
          deadlines: subscribeLinks(this.urls, sitePaths.deadlinesFeed(forum.slug, { lang: locale }), title),
          themes: themes.map((theme) => ({
            title: theme.title,
            links: subscribeLinks(
              this.urls,
              sitePaths.programmeFeed(forum.slug, { lang: locale, theme: theme.id }),
              `${title} · ${theme.title}`,
            ),
          })),
        },
        nav: await this.nav.of(page, forum, 'programme'),
      },
      checked.ok ? 200 : 400,
    );
    return { ...rendered, validUntil: nextToPass };
  }
}
