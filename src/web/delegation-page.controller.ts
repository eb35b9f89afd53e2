import { Body, Param, Post, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import type { AuthorityPrincipal } from '../access/principal';
import { IdPipe } from '../common/id.pipe';
import type { Forum } from '../forums/forum.entity';
import { UpdateDelegateDto, UpdateRegistrationDto } from '../participation/dto/registration.dto';
import { DelegatesService } from '../participation/delegates.service';
import { RegistrationsService } from '../participation/registrations.service';
import { Page, type PageContext } from './page-context';
import { text, validateAs } from './page-forms';
import { MemberPage, PageController } from './page.guard';
import { PageRenderer } from './page-renderer.service';
import { requireRegistration, statusOf } from './registration-page.forms';
import { RegistrationPageService } from './registration-page.service';
import { RegistrationPageView } from './registration-page.view';
import type { FormBody } from './web-http';

const EDIT_FIELDS = new Set(['role', 'printedFunction', 'locale', 'dietaryNotes', 'accessNotes']);
const STEPPING_BACK = ['excused', 'cancelled'] as const;

/**
 * Changing one's mind on the registration page: a delegate's details changed or the delegate
 * removed, the whole registration excused or withdrawn. The same services as the API, with the
 * same checks (a magic link meets the deadlines).
 */
@PageController('forums/:slug/registration')
@MemberPage()
export class DelegationPageController {
  constructor(
    private readonly renderer: PageRenderer,
    private readonly pages: RegistrationPageService,
    private readonly view: RegistrationPageView,
    private readonly registrations: RegistrationsService,
    private readonly delegates: DelegatesService,
  ) {}

  @Post('delegates/:delegateId')
  async change(
    @Page() page: PageContext,
    @Param('delegateId', IdPipe) delegateId: string,
    @Body() body: FormBody,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const { forum, member } = this.scope(page);
    const values: Record<string, unknown> = { ...body, needsInterpretation: text(body.needsInterpretation) === 'yes' };
    // An emptied field clears what was stored.
    const cleared = (name: string) => text(body[name]).trim() || null;
    const plain = {
      role: text(body.role),
      printedFunction: cleared('printedFunction'),
      locale: text(body.locale) || undefined,
      needsInterpretation: values.needsInterpretation,
      dietaryNotes: cleared('dietaryNotes'),
      accessNotes: cleared('accessNotes'),
    };
    const checked = await validateAs(UpdateDelegateDto, plain, this.renderer.constraint(page.locale));
    if (!checked.ok) {
      return this.view.render(reply, page, { edit: { delegateId, state: { values, errors: checked.errors } } }, 400);
    }
    try {
      const registration = await requireRegistration(this.pages, this.renderer, page);
      await this.delegates.update(forum.id, registration.id, delegateId, checked.value, member);
    } catch (error) {
      const state = await this.view.refusal(page, error, values, (field) => (EDIT_FIELDS.has(field) ? field : undefined));
      return this.view.render(reply, page, { edit: { delegateId, state } }, statusOf(error));
    }
    await reply.redirect(
      `/forums/${encodeURIComponent(forum.slug)}/registration?notice=updated&d=${delegateId}#delegate-${delegateId}`,
      303,
    );
  }

  /** A delegate who no longer comes: their seats go to the waitlists. */
  @Post('delegates/:delegateId/remove')
  async remove(@Page() page: PageContext, @Param('delegateId', IdPipe) delegateId: string, @Res() reply: FastifyReply): Promise<void> {
    const { forum, member } = this.scope(page);
    let contactId: string;
    try {
      const registration = await requireRegistration(this.pages, this.renderer, page);
      contactId = (await this.delegates.get(forum.id, registration.id, delegateId, member)).contact.id;
      await this.delegates.remove(forum.id, registration.id, delegateId, member);
    } catch (error) {
      return this.view.render(reply, page, { edit: { delegateId, state: await this.view.refusal(page, error, {}) } }, statusOf(error));
    }
    await reply.redirect(`/forums/${encodeURIComponent(forum.slug)}/registration?notice=removed&c=${contactId}#delegates-heading`, 303);
  }

  /** The organisation will not come after all: excused, or its registration withdrawn; seats go to the waitlists. */
  @Post('withdraw')
  async withdraw(@Page() page: PageContext, @Body() body: FormBody, @Res() reply: FastifyReply): Promise<void> {
    const { forum, member } = this.scope(page);
    const status = text(body.status);
    const values = { status, confirm: text(body.confirm) === 'yes' };
    const errors: Record<string, string> = {};
    if (!(STEPPING_BACK as readonly string[]).includes(status)) {
      errors.status = this.renderer.t(page.locale, 'withdraw.pick');
    }
    if (!values.confirm) {
      errors.confirm = this.renderer.t(page.locale, 'withdraw.mustConfirm');
    }
    const checked = await validateAs(UpdateRegistrationDto, { status }, this.renderer.constraint(page.locale));
    if (Object.keys(errors).length > 0 || !checked.ok) {
      return this.view.render(reply, page, { withdraw: { values, errors: { ...(checked.ok ? {} : checked.errors), ...errors } } }, 400);
    }
    try {
      const registration = await requireRegistration(this.pages, this.renderer, page);
      await this.registrations.update(forum.id, registration.id, checked.value, member);
    } catch (error) {
      return this.view.render(reply, page, { withdraw: await this.view.refusal(page, error, values) }, statusOf(error));
    }
    await reply.redirect(`/forums/${encodeURIComponent(forum.slug)}/registration?notice=${status}`, 303);
  }

  private scope(page: PageContext): { forum: Forum; member: AuthorityPrincipal } {
    return { forum: page.forum as Forum, member: page.member as AuthorityPrincipal };
  }
}
