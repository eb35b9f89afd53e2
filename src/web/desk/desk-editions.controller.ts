import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Body, Get, Param, Post, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { pickLocale } from '../../common/locale';
import { SEOUL } from '../../common/time';
import { CreateForumDto } from '../../forums/dto/create-forum.dto';
import { ListForumsQuery } from '../../forums/dto/list-forums.query';
import { UpdateForumDto } from '../../forums/dto/update-forum.dto';
import type { Forum } from '../../forums/forum.entity';
import { ForumsService } from '../../forums/forums.service';
import { Page, type PageContext } from '../page-context';
import { text } from '../page-forms';
import { OrganiserPage } from '../page.guard';
import { EMPTY_FORM, type FormState, PageRenderer } from '../page-renderer.service';
import { PAGES_DIR } from '../page-i18n';
import type { FormBody } from '../web-http';
import { DeskOverviewService } from './desk-overview.service';
import { DeskPages, deskPath } from './desk-pages.service';
import { checkForm, count, editionValues, FORUM_FORM, type FormCheck, localized, typed } from './desk-forms';
import { DeskEditionForm } from './desk-edition-form.service';
import { DeskController } from './desk-problem.filter';

const STYLESHEET = readFileSync(join(PAGES_DIR, 'desk', 'desk.css'), 'utf8');

function forumPayload(body: FormBody): Record<string, unknown> {
  const optional = (name: string) => text(body[name]).trim() || null;
  return {
    slug: text(body.slug).trim(),
    series: optional('series') ?? undefined,
    editionNumber: count(body.editionNumber),
    title: localized(body, 'title'),
    description: localized(body, 'description'),
    hostCountry: text(body.hostCountry).trim().toUpperCase(),
    timeZone: text(body.timeZone),
    status: text(body.status) || undefined,
    maxDelegatesPerOrganisation: count(body.maxDelegatesPerOrganisation),
    startDate: optional('startDate'),
    endDate: optional('endDate'),
  };
}

/** The DTO's pattern checks say "cannot be blank" for any mismatch; a slug deserves its own sentence. */
function slugErrors(errors: Record<string, string>, sentence: string): Record<string, string> {
  const out = { ...errors };
  for (const name of ['slug', 'series']) {
    if (out[name]) {
      out[name] = sentence;
    }
  }
  return out;
}

/** The desk's editions: the list, an edition's overview with its charts, creating and editing one. */
@DeskController('desk')
export class DeskEditionsController {
  constructor(
    private readonly pages: DeskPages,
    private readonly renderer: PageRenderer,
    private readonly forums: ForumsService,
    private readonly overview: DeskOverviewService,
    private readonly form: DeskEditionForm,
  ) {}

  @Get('desk.css')
  async stylesheet(@Res() reply: FastifyReply): Promise<void> {
    await reply.header('content-type', 'text/css; charset=utf-8').header('cache-control', 'public, max-age=3600').send(STYLESHEET);
  }

  @Get()
  @OrganiserPage('viewer')
  async editions(@Page() page: PageContext, @Res() reply: FastifyReply): Promise<void> {
    const query = Object.assign(new ListForumsQuery(), { perPage: 100 });
    const editions = (await this.forums.list(query, true)).items.map((forum) => ({
      path: deskPath(forum),
      title: pickLocale(forum.title, page.locale),
      editionNumber: forum.editionNumber,
      status: forum.status,
      startDate: forum.startDate,
      endDate: forum.endDate,
    }));
    await this.pages.render(reply, 'desk/editions', page, {
      section: 'editions',
      title: this.pages.t(page.locale, 'editions.title'),
      data: { editions },
    });
  }

  @Get('editions/new')
  @OrganiserPage('organiser')
  async newEdition(@Page() page: PageContext, @Res() reply: FastifyReply): Promise<void> {
    await this.editionForm(reply, page, undefined, { ...EMPTY_FORM, values: { timeZone: SEOUL, hostCountry: 'KR', status: 'draft' } });
  }

  @Post('editions')
  @OrganiserPage('organiser')
  async createEdition(@Body() body: FormBody, @Page() page: PageContext, @Res() reply: FastifyReply): Promise<void> {
    const values = typed(body);
    const checked = await checkForm(CreateForumDto, forumPayload(body), body, this.formCheck(page));
    if (!checked.ok) {
      await this.editionForm(
        reply,
        page,
        undefined,
        this.pages.formState(
          values,
          slugErrors(checked.errors, this.pages.t(page.locale, 'fieldErrors.forum.slug')),
          FORUM_FORM,
          page.locale,
        ),
        400,
      );
      return;
    }
    try {
      const forum = await this.forums.create(checked.value);
      await reply.redirect(`${deskPath(forum)}?done=created`, 303);
    } catch (error) {
      await this.editionForm(reply, page, undefined, this.pages.refusal(error, values, FORUM_FORM, page.locale), 400);
    }
  }

  @Get('editions/:slug')
  @OrganiserPage('viewer')
  async edition(@Param('slug') slug: string, @Page() page: PageContext, @Res() reply: FastifyReply): Promise<void> {
    const forum = await this.forums.get(slug, true);
    const data = await this.overview.overview(forum, page.locale);
    await this.pages.render(reply, 'desk/overview', page, {
      forum,
      section: 'overview',
      title: pickLocale(forum.title, page.locale),
      data: {
        ...data,
        forumView: {
          title: pickLocale(forum.title, page.locale),
          status: forum.status,
          startDate: forum.startDate,
          endDate: forum.endDate,
          timeZone: forum.timeZone,
          slug: forum.slug,
        },
      },
    });
  }

  @Get('editions/:slug/edit')
  @OrganiserPage('organiser')
  async editEdition(@Param('slug') slug: string, @Page() page: PageContext, @Res() reply: FastifyReply): Promise<void> {
    const forum = await this.forums.get(slug, true);
    await this.editionForm(reply, page, forum, { ...EMPTY_FORM, values: editionValues(forum) });
  }

  @Post('editions/:slug')
  @OrganiserPage('organiser')
  async updateEdition(
    @Param('slug') slug: string,
    @Body() body: FormBody,
    @Page() page: PageContext,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const forum = await this.forums.get(slug, true);
    const values = typed(body);
    const checked = await checkForm(UpdateForumDto, forumPayload(body), body, this.formCheck(page));
    if (!checked.ok) {
      await this.editionForm(
        reply,
        page,
        forum,
        this.pages.formState(
          values,
          slugErrors(checked.errors, this.pages.t(page.locale, 'fieldErrors.forum.slug')),
          FORUM_FORM,
          page.locale,
        ),
        400,
      );
      return;
    }
    try {
      const updated = await this.forums.update(forum.id, checked.value);
      await reply.redirect(`${deskPath(updated)}?done=saved`, 303);
    } catch (error) {
      await this.editionForm(reply, page, forum, this.pages.refusal(error, values, FORUM_FORM, page.locale), 400);
    }
  }

  private formCheck(page: PageContext): FormCheck {
    return {
      localize: this.pages.constraint(page.locale),
      form: FORUM_FORM,
      wholeNumbers: { names: ['editionNumber', 'maxDelegatesPerOrganisation'], message: this.renderer.t(page.locale, 'validation.isInt') },
    };
  }

  private async editionForm(
    reply: FastifyReply,
    page: PageContext,
    forum: Forum | undefined,
    form: FormState,
    status = 200,
  ): Promise<void> {
    await this.form.render(reply, page, forum, { edition: form }, status);
  }
}
