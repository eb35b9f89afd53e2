import { Body, Get, Param, Post, Query, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import type { AuthorityPrincipal } from '../access/principal';
import { UUID_PATTERN } from '../common/id.pipe';
import { ProblemException } from '../common/problem';
import type { Forum } from '../forums/forum.entity';
import { sitePaths } from '../config/public-urls';
import { CreateDelegateDto, CreateRegistrationDto, HostOfferDto, UpdateRegistrationDto } from '../participation/dto/registration.dto';
import { DelegatesService } from '../participation/delegates.service';
import { HostOffersService } from '../participation/host-offers.service';
import { RegistrationsService } from '../participation/registrations.service';
import { Page, type PageContext } from './page-context';
import { list, text, validateAs } from './page-forms';
import { MemberPage, PageController } from './page.guard';
import { PageRenderer } from './page-renderer.service';
import { requireRegistration, statusOf } from './registration-page.forms';
import { RegistrationPageService } from './registration-page.service';
import { RegistrationPageView } from './registration-page.view';
import type { FormBody } from './web-http';

// The API's field paths each form shows beside a field of its own.
const DELEGATE_FIELDS: Record<string, string> = {
  contactId: 'contactId',
  'contact.firstName': 'firstName',
  'contact.lastName': 'lastName',
  'contact.email': 'email',
  'contact.function': 'function',
  'contact.locale': 'locale',
  printedFunction: 'function',
  role: 'role',
  dietaryNotes: 'dietaryNotes',
  accessNotes: 'accessNotes',
};
const OFFER_FIELDS: Record<string, string> = {
  themeIds: 'offerThemes',
  availableFrom: 'availableFrom',
  availableTo: 'availableTo',
  visitors: 'visitors',
  description: 'description',
};

const placeIn = (fields: Record<string, string>) => (field: string) => fields[field] ?? fields[field.replace(/\.\d+$/, '')];
// A question's answer goes beside the question; ranks and status are said above the form.
const placeAnswer = (field: string) =>
  /^answers\.[^.]+$/.test(field) ? field.replace(/^answers\./, 'answer.') : field === 'notes' ? 'notes' : undefined;

/** Registering an organisation by magic link: interest, themes, answers, delegates, visits, host offer. */
@PageController('forums/:slug/registration')
@MemberPage()
export class RegistrationPageController {
  constructor(
    private readonly renderer: PageRenderer,
    private readonly pages: RegistrationPageService,
    private readonly view: RegistrationPageView,
    private readonly registrations: RegistrationsService,
    private readonly delegates: DelegatesService,
    private readonly offers: HostOffersService,
  ) {}

  @Get()
  async show(
    @Page() page: PageContext,
    @Param('slug') _slug: string,
    @Query() query: Record<string, unknown>,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    await this.view.render(reply, page, {}, 200, { notice: text(query.notice), d: text(query.d), s: text(query.s), c: text(query.c) });
  }

  @Post()
  async register(@Page() page: PageContext, @Body() body: FormBody, @Res() reply: FastifyReply): Promise<void> {
    const { forum, member } = this.scope(page);
    const values: Record<string, unknown> = { ...body, confirm: text(body.confirm) === 'yes' };
    const fields = await this.pages.registrationFields(forum);
    const ranks = fields.themes.map((theme) => ({ theme, rank: text(body[theme.rankName]) })).filter((r) => r.rank !== '');
    const errors: Record<string, string> = {};
    const seen = new Set<string>();
    for (const { theme, rank } of ranks) {
      if (seen.has(rank)) {
        errors[theme.rankName] = this.renderer.t(page.locale, 'registration.rankTwice');
      }
      seen.add(rank);
    }
    const answers: Record<string, string | string[]> = {};
    for (const question of fields.questions) {
      const answer = question.kind === 'multiple_choice' ? list(body[question.name]) : text(body[question.name]).trim();
      if (answer.length > 0) {
        answers[question.id] = answer;
      }
    }
    const plain = {
      status: values.confirm ? 'confirmed' : 'interested',
      themeIds: [...ranks].sort((a, b) => Number(a.rank) - Number(b.rank)).map((r) => r.theme.id),
      answers,
      notes: text(body.notes).trim() || null,
    };
    if (Object.keys(errors).length > 0) {
      return this.view.render(reply, page, { registration: { values, errors } }, 400);
    }
    try {
      const existing = await this.pages.registrationOf(forum, member);
      if (existing) {
        const checked = await validateAs(UpdateRegistrationDto, plain, this.renderer.constraint(page.locale));
        if (!checked.ok) {
          return this.view.render(reply, page, { registration: { values, errors: answerFields(checked.errors) } }, 400);
        }
        await this.registrations.update(forum.id, existing.id, checked.value, member);
      } else {
        const checked = await validateAs(
          CreateRegistrationDto,
          { ...plain, organisationId: member.organisationId },
          this.renderer.constraint(page.locale),
        );
        if (!checked.ok) {
          return this.view.render(reply, page, { registration: { values, errors: answerFields(checked.errors) } }, 400);
        }
        await this.registrations.create(forum.id, checked.value, member);
      }
    } catch (error) {
      return this.view.render(reply, page, { registration: await this.view.refusal(page, error, values, placeAnswer) }, statusOf(error));
    }
    await this.done(reply, forum, 'registered');
  }

  @Post('delegates')
  async addDelegate(@Page() page: PageContext, @Body() body: FormBody, @Res() reply: FastifyReply): Promise<void> {
    const { forum, member } = this.scope(page);
    const values: Record<string, unknown> = { ...body, needsInterpretation: text(body.needsInterpretation) === 'yes' };
    const contactId = text(body.contactId);
    const optional = (name: string) => text(body[name]).trim() || undefined;
    const plain = {
      // For someone already known, a function typed here is what their badge prints; left empty, their usual one.
      ...(contactId
        ? { contactId, printedFunction: optional('function') }
        : {
            contact: {
              firstName: text(body.firstName).trim(),
              lastName: text(body.lastName).trim(),
              email: text(body.email).trim(),
              function: optional('function'),
              locale: optional('locale'),
            },
          }),
      role: text(body.role),
      locale: optional('locale'),
      needsInterpretation: values.needsInterpretation,
      dietaryNotes: optional('dietaryNotes'),
      accessNotes: optional('accessNotes'),
    };
    await this.submit(reply, page, 'delegate', CreateDelegateDto, plain, values, DELEGATE_FIELDS, (registrationId, dto) =>
      this.delegates.create(forum.id, registrationId, dto, member),
    );
  }

  @Post('visits')
  async chooseVisit(@Page() page: PageContext, @Body() body: FormBody, @Res() reply: FastifyReply): Promise<void> {
    const { forum, member } = this.scope(page);
    const delegateId = text(body.delegateId);
    const sessionId = text(body.sessionId);
    checkIds(sessionId ? { delegateId, sessionId } : { delegateId });
    const field = `visit.${delegateId}`;
    const values = { [field]: sessionId };
    if (!sessionId) {
      return this.view.render(reply, page, { visit: { values, errors: { [field]: this.renderer.t(page.locale, 'visits.pick') } } }, 400);
    }
    try {
      const registration = await requireRegistration(this.pages, this.renderer, page);
      await this.delegates.enrol(forum.id, registration.id, delegateId, sessionId, member);
    } catch (error) {
      return this.visitRefused(reply, page, delegateId, error, values);
    }
    await reply.redirect(
      `${sitePaths.registration(forum.slug)}?notice=visit&d=${encodeURIComponent(delegateId)}&s=${encodeURIComponent(sessionId)}#delegate-${encodeURIComponent(delegateId)}`,
      303,
    );
  }

  /** A seat or a place in line given up: where the invites' emails send a delegate who cannot come. */
  @Post('visits/leave')
  async leaveVisit(@Page() page: PageContext, @Body() body: FormBody, @Res() reply: FastifyReply): Promise<void> {
    const { forum, member } = this.scope(page);
    const delegateId = text(body.delegateId);
    const sessionId = text(body.sessionId);
    checkIds({ delegateId, sessionId });
    try {
      const registration = await requireRegistration(this.pages, this.renderer, page);
      await this.delegates.leave(forum.id, registration.id, delegateId, sessionId, member);
    } catch (error) {
      return this.visitRefused(reply, page, delegateId, error, {});
    }
    await reply.redirect(
      `${sitePaths.registration(forum.slug)}?notice=left&d=${encodeURIComponent(delegateId)}&s=${encodeURIComponent(sessionId)}#delegate-${encodeURIComponent(delegateId)}`,
      303,
    );
  }

  @Post('host-offer')
  async offer(@Page() page: PageContext, @Body() body: FormBody, @Res() reply: FastifyReply): Promise<void> {
    const { forum, member } = this.scope(page);
    const values: Record<string, unknown> = { ...body, offerThemes: list(body.offerThemes) };
    const visitors = text(body.visitors).trim();
    const plain = {
      themeIds: list(body.offerThemes),
      availableFrom: text(body.availableFrom) || null,
      availableTo: text(body.availableTo) || null,
      visitors: /^\d+$/.test(visitors) ? Number(visitors) : visitors,
      description: text(body.description),
    };
    await this.submit(reply, page, 'offer', HostOfferDto, plain, values, OFFER_FIELDS, (registrationId, dto) =>
      this.offers.put(forum.id, registrationId, dto, member),
    );
  }

  /** A form checked by its DTO, then saved on the member's registration; its notice bears the form's name. */
  private async submit<T extends object>(
    reply: FastifyReply,
    page: PageContext,
    form: 'delegate' | 'offer',
    dto: new () => T,
    plain: Record<string, unknown>,
    values: Record<string, unknown>,
    fields: Record<string, string>,
    save: (registrationId: string, value: T) => Promise<unknown>,
  ): Promise<void> {
    const { forum } = this.scope(page);
    const checked = await validateAs(dto, plain, this.renderer.constraint(page.locale));
    if (!checked.ok) {
      return this.view.render(reply, page, { [form]: { values, errors: rename(checked.errors, fields) } }, 400);
    }
    try {
      const registration = await requireRegistration(this.pages, this.renderer, page);
      await save(registration.id, checked.value);
    } catch (error) {
      return this.view.render(reply, page, { [form]: await this.view.refusal(page, error, values, placeIn(fields)) }, statusOf(error));
    }
    await this.done(reply, forum, form);
  }

  /** A visit refused: said beside that delegate's choice of visit. */
  private async visitRefused(
    reply: FastifyReply,
    page: PageContext,
    delegateId: string,
    error: unknown,
    values: Record<string, unknown>,
  ): Promise<void> {
    const state = await this.view.refusal(page, error, values);
    const message = state.general ?? Object.values(state.errors)[0] ?? '';
    return this.view.render(reply, page, { visit: { values, errors: { [`visit.${delegateId}`]: message } } }, statusOf(error));
  }

  private scope(page: PageContext): { forum: Forum; member: AuthorityPrincipal } {
    return { forum: page.forum as Forum, member: page.member as AuthorityPrincipal };
  }

  private async done(reply: FastifyReply, forum: Forum, notice: string): Promise<void> {
    await reply.redirect(`${sitePaths.registration(forum.slug)}?notice=${notice}`, 303);
  }
}

function answerFields(errors: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(errors).map(([field, message]) => [field.replace(/^answers\./, 'answer.'), message]));
}

function rename(errors: Record<string, string>, fields: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(errors).map(([field, message]) => [fields[field] ?? field, message]));
}

/** Ids a form carries in hidden fields: anything but a UUID is a forged form, refused by name (the error page). */
function checkIds(ids: Record<string, string>): void {
  const wrong = Object.entries(ids).filter(([, value]) => !UUID_PATTERN.test(value));
  if (wrong.length > 0) {
    throw ProblemException.validation(wrong.map(([field]) => ({ field, message: `${field} must be a UUID`, constraint: 'isUuid' })));
  }
}
