import { Body, Get, Param, Post, Query, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import type { AuthorityPrincipal } from '../auth/principal';
import { ProblemCode, ProblemException } from '../common/problem';
import { readableTime, timeLeft, type InstantRendering } from '../common/time';
import { AppConfig } from '../config/app-config';
import { sitePaths } from '../config/public-urls';
import type { Forum } from '../forums/forum.entity';
import { CreateDelegateDto, CreateRegistrationDto, HostOfferDto, UpdateRegistrationDto } from '../registrations/dto/registration.dto';
import { DelegatesService } from '../registrations/delegates.service';
import { HostOffersService } from '../registrations/host-offers.service';
import { RegistrationsService } from '../registrations/registrations.service';
import { MemberNavService } from './member-nav';
import { Page, type PageContext } from './page-context';
import { formFromProblem, list, text, validateAs } from './page-forms';
import { MemberPage, PageController } from './page.guard';
import { type FormState, PageRenderer } from './page-renderer.service';
import { type RegistrationForms, RegistrationPageService } from './registration-page.service';
import type { FormBody } from './web-http';

const DELEGATE_FIELDS: Record<string, string> = { 'contact.firstName': 'firstName', 'contact.lastName': 'lastName', 'contact.email': 'email', 'contact.function': 'function', 'contact.locale': 'locale' };
const OFFER_FIELDS: Record<string, string> = { themeIds: 'offerThemes' };

/** Registering an organisation by magic link: interest, themes, answers, delegates, visits, host offer. */
@PageController('forums/:slug/registration')
@MemberPage()
export class RegistrationPageController {
  constructor(
    private readonly renderer: PageRenderer,
    private readonly pages: RegistrationPageService,
    private readonly registrations: RegistrationsService,
    private readonly delegates: DelegatesService,
    private readonly offers: HostOffersService,
    private readonly nav: MemberNavService,
    private readonly config: AppConfig,
  ) {}

  @Get()
  async show(@Page() page: PageContext, @Param('slug') _slug: string, @Query() query: Record<string, unknown>, @Res() reply: FastifyReply): Promise<void> {
    await this.render(reply, page, {}, 200, text(query.notice), text(query.d), text(query.s));
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
      return this.render(reply, page, { registration: { values, errors } }, 400);
    }
    try {
      const existing = await this.pages.registrationOf(forum, member);
      if (existing) {
        const checked = await validateAs(UpdateRegistrationDto, plain, this.renderer.constraint(page.locale));
        if (!checked.ok) {
          return this.render(reply, page, { registration: { values, errors: this.answerFields(checked.errors) } }, 400);
        }
        await this.registrations.update(forum.id, existing.id, checked.value, member);
      } else {
        const checked = await validateAs(CreateRegistrationDto, { ...plain, organisationId: member.organisationId }, this.renderer.constraint(page.locale));
        if (!checked.ok) {
          return this.render(reply, page, { registration: { values, errors: this.answerFields(checked.errors) } }, 400);
        }
        await this.registrations.create(forum.id, checked.value, member);
      }
    } catch (error) {
      return this.refused(reply, page, 'registration', error, values);
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
      ...(contactId
        ? { contactId }
        : { contact: { firstName: text(body.firstName).trim(), lastName: text(body.lastName).trim(), email: text(body.email).trim(), function: optional('function'), locale: optional('locale') } }),
      role: text(body.role),
      locale: optional('locale'),
      needsInterpretation: values.needsInterpretation,
      dietaryNotes: optional('dietaryNotes'),
      accessNotes: optional('accessNotes'),
    };
    await this.submit(reply, page, 'delegate', CreateDelegateDto, plain, values, DELEGATE_FIELDS, (registrationId, dto) => this.delegates.create(forum.id, registrationId, dto, member));
  }

  @Post('visits')
  async chooseVisit(@Page() page: PageContext, @Body() body: FormBody, @Res() reply: FastifyReply): Promise<void> {
    const { forum, member } = this.scope(page);
    const delegateId = text(body.delegateId);
    const sessionId = text(body.sessionId);
    const field = `visit.${delegateId}`;
    const values = { [field]: sessionId };
    if (!sessionId) {
      return this.render(reply, page, { visit: { values, errors: { [field]: this.renderer.t(page.locale, 'visits.pick') } } }, 400);
    }
    try {
      const registration = await this.requireRegistration(forum, member);
      await this.delegates.enrol(forum.id, registration.id, delegateId, sessionId, member);
    } catch (error) {
      const state = formFromProblem(error, values);
      return this.render(reply, page, { visit: { values, errors: { [field]: state.general ?? Object.values(state.errors)[0] ?? '' } } }, statusOf(error));
    }
    await reply.redirect(`${sitePaths.registration(forum.slug)}?notice=visit&d=${encodeURIComponent(delegateId)}&s=${encodeURIComponent(sessionId)}#delegate-${encodeURIComponent(delegateId)}`, 303);
  }

  /** A seat or a place in line given up: where the invites' emails send a delegate who cannot come. */
  @Post('visits/leave')
  async leaveVisit(@Page() page: PageContext, @Body() body: FormBody, @Res() reply: FastifyReply): Promise<void> {
    const { forum, member } = this.scope(page);
    const delegateId = text(body.delegateId);
    const sessionId = text(body.sessionId);
    try {
      const registration = await this.requireRegistration(forum, member);
      await this.delegates.leave(forum.id, registration.id, delegateId, sessionId, member);
    } catch (error) {
      const state = formFromProblem(error, {});
      return this.render(reply, page, { visit: { values: {}, errors: { [`visit.${delegateId}`]: state.general ?? Object.values(state.errors)[0] ?? '' } } }, statusOf(error));
    }
    await reply.redirect(`${sitePaths.registration(forum.slug)}?notice=left&d=${encodeURIComponent(delegateId)}&s=${encodeURIComponent(sessionId)}#delegate-${encodeURIComponent(delegateId)}`, 303);
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
    await this.submit(reply, page, 'offer', HostOfferDto, plain, values, OFFER_FIELDS, (registrationId, dto) => this.offers.put(forum.id, registrationId, dto, member));
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
    const { forum, member } = this.scope(page);
    const checked = await validateAs(dto, plain, this.renderer.constraint(page.locale));
    if (!checked.ok) {
      return this.render(reply, page, { [form]: { values, errors: rename(checked.errors, fields) } }, 400);
    }
    try {
      const registration = await this.requireRegistration(forum, member);
      await save(registration.id, checked.value);
    } catch (error) {
      return this.refused(reply, page, form, error, values, fields);
    }
    await this.done(reply, forum, form);
  }

  private scope(page: PageContext): { forum: Forum; member: AuthorityPrincipal } {
    return { forum: page.forum as Forum, member: page.member as AuthorityPrincipal };
  }

  private async requireRegistration(forum: Forum, member: AuthorityPrincipal) {
    const registration = await this.pages.registrationOf(forum, member);
    if (!registration) {
      throw new ProblemException(409, ProblemCode.Conflict, 'Register your interest first.');
    }
    return registration;
  }

  private answerFields(errors: Record<string, string>): Record<string, string> {
    return Object.fromEntries(Object.entries(errors).map(([field, message]) => [field.replace(/^answers\./, 'answer.'), message]));
  }

  private async done(reply: FastifyReply, forum: Forum, notice: string): Promise<void> {
    await reply.redirect(`${sitePaths.registration(forum.slug)}?notice=${notice}`, 303);
  }

  /** A service's refusal shown on its form; a passed deadline in the reader's language. */
  private async refused(reply: FastifyReply, page: PageContext, form: keyof RegistrationForms, error: unknown, values: Record<string, unknown>, fields: Record<string, string> = {}): Promise<void> {
    const state: FormState = formFromProblem(error, values, fields);
    state.errors = this.answerFields(state.errors);
    if (error instanceof ProblemException && error.code === ProblemCode.DeadlinePassed) {
      const dueAt = (error.extensions.deadline as { dueAt: InstantRendering } | undefined)?.dueAt;
      state.general = dueAt ? this.renderer.t(page.locale, 'registration.deadlinePassed', { paris: readableTime(dueAt.paris), seoul: readableTime(dueAt.seoul), mailbox: this.config.get('organisersEmail') }) : state.general;
    }
    await this.render(reply, page, { [form]: state }, statusOf(error));
  }

  private async render(reply: FastifyReply, page: PageContext, forms: RegistrationForms, status: number, notice = '', delegateId = '', sessionId = ''): Promise<void> {
    const { forum, member } = this.scope(page);
    const data = await this.pages.view(forum, member, page.locale, forms);
    const interest = data.interest as Awaited<ReturnType<RegistrationPageService['interestDeadline']>>;
    await this.renderer.render(
      reply,
      'registration',
      page,
      {
        ...data,
        title: this.renderer.t(page.locale, 'registration.title', { organisation: data.organisation }),
        deadline: interest && {
          ...interest,
          paris: readableTime(interest.dueAt.paris),
          seoul: readableTime(interest.dueAt.seoul),
          left: interest.passed ? null : timeLeft(interest.leftMs, page.locale),
          blocked: interest.passed && interest.hard,
        },
        notice: this.notice(page, data, notice, delegateId, sessionId),
        nav: await this.nav.of(page, forum, 'registration'),
      },
      status,
    );
  }

  private notice(page: PageContext, data: Record<string, unknown>, notice: string, delegateId: string, sessionId: string): string | null {
    const t = (key: string, params: Record<string, unknown> = {}) => this.renderer.t(page.locale, key, params);
    switch (notice) {
      case 'registered':
        return t('registration.saved');
      case 'delegate':
        return t('delegates.added');
      case 'offer':
        return t('offer.saved');
      case 'visit': {
        const delegate = (data.delegates as { id: string; name: string; enrolments: { sessionId: string; title: string; status: string; position: number | null }[] }[]).find((d) => d.id === delegateId);
        const enrolment = delegate?.enrolments.find((e) => e.sessionId === sessionId);
        if (!delegate || !enrolment) {
          return null;
        }
        return enrolment.status === 'waitlisted' ? t('visits.onWaitlist', { session: enrolment.title, name: delegate.name, position: enrolment.position }) : t('visits.enrolled', { session: enrolment.title });
      }
      case 'left': {
        const delegate = (data.delegates as { id: string; name: string }[]).find((d) => d.id === delegateId);
        const visit = (data.visits as { id: string; title: string }[]).find((v) => v.id === sessionId);
        return delegate && visit ? t('visits.left', { session: visit.title, name: delegate.name }) : null;
      }
      default:
        return null;
    }
  }
}

function rename(errors: Record<string, string>, fields: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(errors).map(([field, message]) => [fields[field] ?? field, message]));
}

function statusOf(error: unknown): number {
  return error instanceof ProblemException ? Number(error.status) : 500;
}
