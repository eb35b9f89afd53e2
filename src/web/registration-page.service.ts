import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import type { AuthorityPrincipal } from '../auth/principal';
import { FeedTokensService } from '../calendar/feed-tokens.service';
import { Clock } from '../common/clock';
import { pickLocale, type Locale } from '../common/locale';
import type { InstantRendering } from '../common/time';
import { AppConfig } from '../config/app-config';
import { PublicUrls, sitePaths } from '../config/public-urls';
import { kindGoverning } from '../deadlines/deadline-kinds';
import { DeadlinesService } from '../deadlines/deadlines.service';
import type { Forum } from '../forums/forum.entity';
import { ThemesService } from '../forums/themes.service';
import { Contact } from '../organisations/contact.entity';
import { Organisation } from '../organisations/organisation.entity';
import { fullName, organisationName } from '../organisations/organisation.views';
import { EnrolmentsService } from '../programme/enrolments.service';
import { ProgrammeService } from '../programme/programme.service';
import type { ProgrammeSessionView } from '../programme/session.views';
import { DelegatesService } from '../registrations/delegates.service';
import { HostOffersService } from '../registrations/host-offers.service';
import { DELEGATE_ROLES, Registration } from '../registrations/registration.entity';
import { RegistrationsService } from '../registrations/registrations.service';
import { subscribeLinks } from './calendar-links';
import type { FormState } from './page-renderer.service';

/** Each form of the registration page, as typed and refused, or as stored. */
export interface RegistrationForms {
  registration?: FormState;
  delegate?: FormState;
  visit?: FormState;
  offer?: FormState;
}

const rankName = (themeId: string) => `rank.${themeId}`;
const answerName = (questionId: string) => `answer.${questionId}`;

/** Everything the member's registration page shows, read through the registration services. */
@Injectable()
export class RegistrationPageService {
  constructor(
    private readonly em: EntityManager,
    private readonly registrations: RegistrationsService,
    private readonly delegates: DelegatesService,
    private readonly enrolments: EnrolmentsService,
    private readonly offers: HostOffersService,
    private readonly themes: ThemesService,
    private readonly deadlines: DeadlinesService,
    private readonly programme: ProgrammeService,
    private readonly feedTokens: FeedTokensService,
    private readonly clock: Clock,
    private readonly config: AppConfig,
    private readonly urls: PublicUrls,
  ) {}

  /** The organisation's registration to this edition, if it has one (checked as the API checks it). */
  async registrationOf(forum: Forum, member: AuthorityPrincipal): Promise<Registration | null> {
    const found = await this.em.findOne(Registration, { forum, organisation: member.organisationId });
    return found ? this.registrations.get(forum.id, found.id, member) : null;
  }

  async fieldVisits(forum: Forum, locale: Locale): Promise<ProgrammeSessionView[]> {
    const programme = await this.programme.programme(forum.id, { kind: 'field_visit', lang: locale }, true);
    return programme.days.flatMap((day) => day.sessions);
  }

  async view(forum: Forum, member: AuthorityPrincipal, locale: Locale, forms: RegistrationForms): Promise<Record<string, unknown>> {
    const organisation = await this.em.findOneOrFail(Organisation, { id: member.organisationId });
    const registration = await this.registrationOf(forum, member);
    const ranking = registration ? await this.registrations.ranking(registration) : [];
    const themes = (await this.themes.list(forum.id)).map((theme) => ({ id: theme.id, title: pickLocale(theme.title, locale), rankName: rankName(theme.id), offerChecked: false }));
    const questions = (await this.registrations.questions(forum.id)).map((question) => ({
      id: question.id,
      name: answerName(question.id),
      label: pickLocale(question.label, locale),
      kind: question.kind,
      required: question.required,
      choices: question.choices,
    }));
    const visits = await this.fieldVisits(forum, locale);
    const registrationForm = forms.registration ?? this.storedRegistration(registration, ranking, questions);
    const delegates = registration ? await this.delegatesOf(forum, registration, member, visits, locale) : [];
    const offer = registration ? await this.offers.get(forum.id, registration.id, member).catch(() => null) : null;
    const offerForm = forms.offer ?? {
      values: offer ? { offerThemes: offer.themeIds, availableFrom: offer.availableFrom ?? '', availableTo: offer.availableTo ?? '', visitors: String(offer.visitors), description: offer.description } : {},
      errors: {},
    };
    const contacts = await this.em.find(Contact, { organisation: member.organisationId, erasedAt: null }, { orderBy: { lastName: 'asc', firstName: 'asc' } });
    const taken = new Set(delegates.map((d) => d.contactId));
    return {
      organisation: organisationName(organisation, locale),
      registration: registration && { status: registration.status, late: registration.late },
      interest: await this.interestDeadline(forum),
      mailbox: this.config.get('organisersEmail'),
      themes: themes.map((theme) => ({ ...theme, offerChecked: ((offerForm.values.offerThemes as string[] | undefined) ?? []).includes(theme.id) })),
      ranks: themes.map((_, index) => index + 1),
      questions,
      visits,
      delegates,
      contacts: contacts.filter((c) => !taken.has(c.id)).map((c) => ({ id: c.id, name: fullName(c.firstName, c.lastName), email: c.email })),
      roles: DELEGATE_ROLES,
      hasOffer: offer !== null,
      forms: { registration: registrationForm, delegate: forms.delegate ?? { values: { role: 'staff', locale }, errors: {} }, visit: forms.visit ?? { values: {}, errors: {} }, offer: offerForm },
    };
  }

  /** The registration form's theme ranks and answers by field name, without the rest of the page. */
  async registrationFields(forum: Forum): Promise<{ themes: { id: string; rankName: string }[]; questions: { id: string; name: string; kind: string }[] }> {
    return {
      themes: (await this.themes.list(forum.id)).map((theme) => ({ id: theme.id, rankName: rankName(theme.id) })),
      questions: (await this.registrations.questions(forum.id)).map((question) => ({ id: question.id, name: answerName(question.id), kind: question.kind })),
    };
  }

  /** The registration deadline to show: the next one, else the last passed. */
  async interestDeadline(forum: Forum): Promise<{ dueAt: InstantRendering; passed: boolean; hard: boolean; leftMs: number } | null> {
    const all = (await this.deadlines.list(forum.id)).filter((d) => d.kind === kindGoverning('register'));
    const now = this.clock.now().getTime();
    const deadline = all.find((d) => d.dueAt.getTime() > now) ?? all.at(-1);
    if (!deadline) {
      return null;
    }
    const view = this.deadlines.view(deadline);
    return { dueAt: view.dueAt, passed: view.passed, hard: deadline.enforcement === 'hard', leftMs: deadline.dueAt.getTime() - now };
  }

  private storedRegistration(registration: Registration | null, ranking: string[], questions: { id: string; name: string }[]): FormState {
    const values: Record<string, unknown> = { confirm: registration?.status === 'confirmed', notes: registration?.notes ?? '' };
    ranking.forEach((themeId, index) => (values[rankName(themeId)] = String(index + 1)));
    for (const question of questions) {
      values[question.name] = registration?.answers[question.id] ?? '';
    }
    return { values, errors: {} };
  }

  private async delegatesOf(forum: Forum, registration: Registration, member: AuthorityPrincipal, visits: ProgrammeSessionView[], locale: Locale) {
    const delegates = await this.delegates.list(forum.id, registration.id, member);
    const title = pickLocale(forum.title, locale);
    return Promise.all(
      delegates.map(async (delegate) => {
        const enrolments = await this.delegates.listEnrolments(forum.id, registration.id, delegate.id, member);
        const feed = await this.feedTokens.current(delegate);
        const name = fullName(delegate.contact.firstName, delegate.contact.lastName);
        return {
          id: delegate.id,
          contactId: delegate.contact.id,
          name,
          role: delegate.role,
          printedFunction: delegate.printedFunction,
          enrolments: await Promise.all(
            enrolments.map(async (enrolment) => ({
              sessionId: enrolment.session.id,
              title: visits.find((v) => v.id === enrolment.session.id)?.title ?? pickLocale(enrolment.session.title, locale),
              status: enrolment.status,
              position: await this.enrolments.waitlistPosition(enrolment),
            })),
          ),
          feed: subscribeLinks(this.urls, sitePaths.personalFeed(feed.token), `${title} · ${name}`),
        };
      }),
    );
  }
}
