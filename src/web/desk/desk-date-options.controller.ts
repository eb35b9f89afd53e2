import { Body, Get, Param, Post, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { IdPipe } from '../../common/id.pipe';
import { ProblemException } from '../../common/problem';
import { DatePollService } from '../../forums/date-poll.service';
import { CreateDateOptionDto, UpdateDateOptionDto } from '../../forums/dto/date-poll.dto';
import type { DateOptionView } from '../../forums/dto/date-poll.views';
import type { Forum } from '../../forums/forum.entity';
import { ForumsService } from '../../forums/forums.service';
import { Page, type PageContext } from '../page-context';
import { text } from '../page-forms';
import { OrganiserPage } from '../page.guard';
import { EMPTY_FORM, type FormState } from '../page-renderer.service';
import type { FormBody } from '../web-http';
import { checkForm, typed } from './desk-forms';
import { DeskPages, deskPath } from './desk-pages.service';
import { DeskController } from './desk-problem.filter';
import type { FormFields } from './desk-refusals';

const OPTION_FORM: FormFields = { scope: 'dateOption', names: ['startDate', 'endDate', 'note', 'preferred'] };

function optionPayload(body: FormBody): Record<string, unknown> {
  return {
    startDate: text(body.startDate).trim(),
    endDate: text(body.endDate).trim(),
    note: text(body.note).trim() || null,
    preferred: text(body.preferred) === 'true',
  };
}

/** The date poll's periods (proposed, changed, withdrawn) and whether it takes answers. */
@DeskController('desk/editions/:slug/poll')
export class DeskDateOptionsController {
  constructor(
    private readonly pages: DeskPages,
    private readonly forums: ForumsService,
    private readonly poll: DatePollService,
  ) {}

  @Get('options/new')
  @OrganiserPage('organiser')
  async newOption(@Param('slug') slug: string, @Page() page: PageContext, @Res() reply: FastifyReply): Promise<void> {
    await this.optionForm(reply, page, await this.forums.get(slug, true), undefined, EMPTY_FORM);
  }

  @Post('options')
  @OrganiserPage('organiser')
  async create(@Param('slug') slug: string, @Body() body: FormBody, @Page() page: PageContext, @Res() reply: FastifyReply): Promise<void> {
    const forum = await this.forums.get(slug, true);
    const values = typed(body);
    const checked = await checkForm(CreateDateOptionDto, optionPayload(body), body, {
      localize: this.pages.constraint(page.locale),
      form: OPTION_FORM,
    });
    if (!checked.ok) {
      await this.optionForm(reply, page, forum, undefined, this.pages.formState(values, checked.errors, OPTION_FORM, page.locale), 400);
      return;
    }
    let option: DateOptionView;
    try {
      option = await this.poll.createOption(forum.id, checked.value);
    } catch (error) {
      await this.optionForm(reply, page, forum, undefined, this.pages.refusal(error, values, OPTION_FORM, page.locale), 400);
      return;
    }
    await reply.redirect(`${deskPath(forum, '/poll')}?done=${option.warnings.length > 0 ? 'optionPast' : 'optionAdded'}`, 303);
  }

  @Get('options/:optionId/edit')
  @OrganiserPage('organiser')
  async edit(
    @Param('slug') slug: string,
    @Param('optionId', IdPipe) optionId: string,
    @Page() page: PageContext,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const forum = await this.forums.get(slug, true);
    const option = await this.option(forum, optionId);
    const values = {
      startDate: option.startDate,
      endDate: option.endDate,
      note: option.note ?? '',
      preferred: option.preferred ? 'true' : '',
    };
    await this.optionForm(reply, page, forum, option, { values, errors: {} });
  }

  @Post('options/:optionId')
  @OrganiserPage('organiser')
  async update(
    @Param('slug') slug: string,
    @Param('optionId', IdPipe) optionId: string,
    @Body() body: FormBody,
    @Page() page: PageContext,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const forum = await this.forums.get(slug, true);
    const option = await this.option(forum, optionId);
    const values = typed(body);
    const checked = await checkForm(UpdateDateOptionDto, optionPayload(body), body, {
      localize: this.pages.constraint(page.locale),
      form: OPTION_FORM,
    });
    if (!checked.ok) {
      await this.optionForm(reply, page, forum, option, this.pages.formState(values, checked.errors, OPTION_FORM, page.locale), 400);
      return;
    }
    try {
      await this.poll.updateOption(forum.id, optionId, checked.value);
    } catch (error) {
      await this.optionForm(reply, page, forum, option, this.pages.refusal(error, values, OPTION_FORM, page.locale), 400);
      return;
    }
    await reply.redirect(`${deskPath(forum, '/poll')}?done=saved`, 303);
  }

  /** Withdrawing a period drops its answers: a page says so before the button does it. */
  @Get('options/:optionId/delete')
  @OrganiserPage('organiser')
  async confirmDelete(
    @Param('slug') slug: string,
    @Param('optionId', IdPipe) optionId: string,
    @Page() page: PageContext,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const forum = await this.forums.get(slug, true);
    const option = await this.option(forum, optionId);
    await this.pages.render(reply, 'desk/confirm', page, {
      forum,
      section: 'poll',
      title: this.pages.t(page.locale, 'poll.deleteTitle'),
      data: {
        range: { start: option.startDate, end: option.endDate },
        text: this.pages.t(page.locale, 'poll.deleteText'),
        button: this.pages.t(page.locale, 'poll.deleteConfirm'),
        action: deskPath(forum, `/poll/options/${option.id}/delete`),
        back: deskPath(forum, '/poll'),
      },
    });
  }

  @Post('options/:optionId/delete')
  @OrganiserPage('organiser')
  async remove(@Param('slug') slug: string, @Param('optionId', IdPipe) optionId: string, @Res() reply: FastifyReply): Promise<void> {
    const forum = await this.forums.get(slug, true);
    await this.poll.deleteOption(forum.id, optionId);
    await reply.redirect(`${deskPath(forum, '/poll')}?done=optionDeleted`, 303);
  }

  @Post('close')
  @OrganiserPage('organiser')
  async close(@Param('slug') slug: string, @Res() reply: FastifyReply): Promise<void> {
    const forum = await this.poll.setPollOpen(slug, false);
    await reply.redirect(`${deskPath(forum, '/poll')}?done=pollClosed`, 303);
  }

  @Post('reopen')
  @OrganiserPage('organiser')
  async reopen(@Param('slug') slug: string, @Res() reply: FastifyReply): Promise<void> {
    const forum = await this.poll.setPollOpen(slug, true);
    await reply.redirect(`${deskPath(forum, '/poll')}?done=pollReopened`, 303);
  }

  private async option(forum: Forum, optionId: string): Promise<DateOptionView> {
    const option = (await this.poll.listOptions(forum.id)).find((candidate) => candidate.id === optionId);
    if (!option) {
      throw ProblemException.notFound('Date option', optionId);
    }
    return option;
  }

  private async optionForm(
    reply: FastifyReply,
    page: PageContext,
    forum: Forum,
    option: DateOptionView | undefined,
    form: FormState,
    status = 200,
  ): Promise<void> {
    await this.pages.render(reply, 'desk/date-option-form', page, {
      forum,
      section: 'poll',
      title: this.pages.t(page.locale, option ? 'poll.editOption' : 'poll.newOption'),
      status,
      data: {
        form,
        action: option ? deskPath(forum, `/poll/options/${option.id}`) : deskPath(forum, '/poll/options'),
        back: deskPath(forum, '/poll'),
      },
    });
  }
}
