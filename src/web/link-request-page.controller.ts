import { Body, Get, Param, Post, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AccessLinksService } from '../auth/access-links.service';
import { AccessLinkRequestDto } from '../auth/dto/auth.dto';
import { pickLocale } from '../common/locale';
import type { Forum } from '../forums/forum.entity';
import { ForumsService } from '../forums/forums.service';
import { Page, type PageContext } from './page-context';
import { text, validateAs } from './page-forms';
import { refusalForm } from './page-refusals';
import { PageController } from './page.guard';
import { EMPTY_FORM, type FormState, PageRenderer } from './page-renderer.service';
import { statusOf } from './registration-page.forms';
import type { FormBody } from './web-http';

/**
 * A lost or expired magic link, replaced without writing to anyone: the contact gives its address
 * and, if it belongs to an organisation invited to the edition, receives a fresh link. The answer
 * is the same either way, through the same request as POST /api/access-links.
 */
@PageController('forums/:slug/access')
export class LinkRequestPageController {
  constructor(
    private readonly renderer: PageRenderer,
    private readonly forums: ForumsService,
    private readonly accessLinks: AccessLinksService,
  ) {}

  @Get()
  async show(@Param('slug') slug: string, @Page() page: PageContext, @Res() reply: FastifyReply): Promise<void> {
    // Members of an edition still in draft (its date poll, say) need links too.
    const forum = await this.forums.get(slug, true);
    await this.render(reply, page, forum, EMPTY_FORM, false);
  }

  @Post()
  async request(
    @Param('slug') slug: string,
    @Body() body: FormBody,
    @Req() request: FastifyRequest,
    @Page() page: PageContext,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const forum = await this.forums.get(slug, true);
    const values = { email: text(body.email).trim() };
    const checked = await validateAs(
      AccessLinkRequestDto,
      { email: values.email, forumId: forum.id },
      this.renderer.constraint(page.locale),
    );
    if (!checked.ok) {
      return this.render(
        reply,
        page,
        forum,
        { values, errors: { email: this.renderer.t(page.locale, 'linkRequest.badEmail') } },
        false,
        400,
      );
    }
    try {
      await this.accessLinks.request(checked.value.email, forum.id, request.ip);
    } catch (error) {
      const form = refusalForm(error, values, this.renderer.messages(page.locale), { mailbox: this.renderer.mailbox });
      return this.render(reply, page, forum, form, false, statusOf(error));
    }
    await this.render(reply, page, forum, { values, errors: {} }, true);
  }

  private async render(reply: FastifyReply, page: PageContext, forum: Forum, form: FormState, sent: boolean, status = 200): Promise<void> {
    // A draft's title is for those it was sent to: the public learns nothing of it here.
    const edition = forum.status === 'published' ? pickLocale(forum.title, page.locale) : null;
    await this.renderer.render(
      reply,
      'link-request',
      page,
      { title: this.renderer.t(page.locale, 'linkRequest.title'), edition, slug: forum.slug, form, sent, mailbox: this.renderer.mailbox },
      status,
    );
  }
}
