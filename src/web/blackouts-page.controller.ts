import { Body, Get, Param, Post, Query, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import type { AuthorityPrincipal } from '../access/principal';
import { IdPipe } from '../common/id.pipe';
import type { Forum } from '../forums/forum.entity';
import { BlackoutsService } from '../organisations/blackouts.service';
import { CreateBlackoutDto } from '../organisations/dto/blackout.dto';
import { MemberNavService } from './member-nav';
import { Page, type PageContext } from './page-context';
import { text, validateAs } from './page-forms';
import { refusalForm } from './page-refusals';
import { MemberPage, PageController } from './page.guard';
import { EMPTY_FORM, type FormState, PageRenderer } from './page-renderer.service';
import { statusOf } from './registration-page.forms';
import type { FormBody } from './web-http';

const FIELDS = new Set(['startDate', 'endDate', 'reason']);

/**
 * The organisation's dates to avoid (the access email promises them): the periods the date poll
 * shows beside each option and the organisers see when they fix the dates. They belong to the
 * organisation, not to one edition.
 */
@PageController('forums/:slug/dates-to-avoid')
@MemberPage()
export class BlackoutsPageController {
  constructor(
    private readonly renderer: PageRenderer,
    private readonly blackouts: BlackoutsService,
    private readonly nav: MemberNavService,
  ) {}

  @Get()
  async show(
    @Page() page: PageContext,
    @Param('slug') _slug: string,
    @Query('notice') notice: unknown,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    await this.render(reply, page, EMPTY_FORM, 200, notice === 'added' || notice === 'removed' ? notice : null);
  }

  @Post()
  async add(@Page() page: PageContext, @Body() body: FormBody, @Res() reply: FastifyReply): Promise<void> {
    const member = page.member as AuthorityPrincipal;
    const values = { startDate: text(body.startDate), endDate: text(body.endDate), reason: text(body.reason) };
    const checked = await validateAs(CreateBlackoutDto, values, this.renderer.constraint(page.locale));
    if (!checked.ok) {
      return this.render(reply, page, { values, errors: checked.errors }, 400);
    }
    try {
      await this.blackouts.create(member.organisationId, checked.value);
    } catch (error) {
      const form = refusalForm(error, values, this.renderer.messages(page.locale), {
        mailbox: this.renderer.mailbox,
        place: (field) => (FIELDS.has(field) ? field : undefined),
      });
      return this.render(reply, page, form, statusOf(error));
    }
    await this.done(reply, page, 'added');
  }

  @Post(':blackoutId/remove')
  async remove(@Page() page: PageContext, @Param('blackoutId', IdPipe) blackoutId: string, @Res() reply: FastifyReply): Promise<void> {
    const member = page.member as AuthorityPrincipal;
    await this.blackouts.remove(member.organisationId, blackoutId);
    await this.done(reply, page, 'removed');
  }

  private async done(reply: FastifyReply, page: PageContext, notice: string): Promise<void> {
    await reply.redirect(`/forums/${encodeURIComponent((page.forum as Forum).slug)}/dates-to-avoid?notice=${notice}`, 303);
  }

  private async render(
    reply: FastifyReply,
    page: PageContext,
    form: FormState,
    status: number,
    notice: string | null = null,
  ): Promise<void> {
    const forum = page.forum as Forum;
    const member = page.member as AuthorityPrincipal;
    const nav = await this.nav.of(page, forum, 'blackouts');
    const blackouts = (await this.blackouts.list(member.organisationId)).map((blackout) => ({
      id: blackout.id,
      startDate: blackout.startDate,
      endDate: blackout.endDate,
      reason: blackout.reason,
    }));
    await this.renderer.render(
      reply,
      'blackouts',
      page,
      {
        title: this.renderer.t(page.locale, 'blackouts.title'),
        blackouts,
        form,
        notice: notice && this.renderer.t(page.locale, `blackouts.${notice}`),
        organisation: nav?.organisation,
        nav,
      },
      status,
    );
  }
}
