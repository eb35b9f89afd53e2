import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import type { AuthorityPrincipal } from '../access/principal';
import { FeedTokensService } from '../participation/feed-tokens.service';
import { Clock } from '../common/clock';
import { pickLocale, type Locale } from '../common/locale';
import type { InstantRendering } from '../common/time';
import { AppConfig } from '../config/app-config';
import { PublicUrls, sitePaths } from '../config/public-urls';
import type { DeadlineKind } from '../deadlines/deadline.entity';
import { DeadlinesService } from '../deadlines/deadlines.service';
import type { Forum } from '../forums/forum.entity';
import { ThemesService } from '../forums/themes.service';
import { UUID_PATTERN } from '../common/id.pipe';
import { Contact } from '../organisations/contact.entity';
import { Organisation } from '../organisations/organisation.entity';
import { fullName, organisationName } from '../organisations/organisation.views';
import { EnrolmentsService } from '../participation/enrolments.service';
import { ProgrammeService } from '../programme/programme.service';
import { Session } from '../programme/session.entity';
import type { ProgrammeSessionView } from '../programme/session.views';
import { DelegatesService } from '../participation/delegates.service';
import { HostOffersService } from '../participation/host-offers.service';
import { DELEGATE_ROLES, Registration, type RegistrationStatus } from '../participation/registration.entity';
import { RegistrationsService } from '../participation/registrations.service';
import { subscribeLinks } from './calendar-links';
import type { FormState } from './page-renderer.service';

/** Each form of the registration page, as typed and refused, or as stored. */
export interface RegistrationForms {
  registration?: FormState;
  delegate?: FormState;
  /** The change form of one delegate. */
  edit?: { delegateId: string; state: FormState };
  visit?: FormState;
  offer?: FormState;
  withdraw?: FormState;
}

/** The deadlines a member meets on this page, one kind per step it governs. */
export const MEMBER_DEADLINE_KINDS = ['interest', 'delegation', 'visit_choice', 'host_offer'] as const satisfies readonly DeadlineKind[];
export type MemberDeadlineKind = (typeof MEMBER_DEADLINE_KINDS)[number];

/**
 * Where a step stands against its deadlines: `open` until the next one, `closed` once a hard one
 * has passed (a magic link is then refused, as DeadlinesService.enforce refuses it), `late` once
 * only soft ones have passed (accepted, marked late).
 */
export interface DeadlineState {
  kind: MemberDeadlineKind;
  title: string;
  dueAt: InstantRendering;
  state: 'open' | 'closed' | 'late';
  leftMs: number;
}

/** A registration that no longer comes changes no delegation until it registers again. */
export function isActive(status: RegistrationStatus): boolean {
  return status === 'interested' || status === 'confirmed';
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
    const themes = (await this.themes.list(forum.id)).map((theme) => ({
      id: theme.id,
      title: pickLocale(theme.title, locale),
      rankName: rankName(theme.id),
      offerChecked: false,
    }));
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
    const delegates = registration ? await this.delegatesOf(forum, registration, member, visits, locale, forms.edit) : [];
    const offer = registration ? await this.offers.get(forum.id, registration.id, member).catch(() => null) : null;
    const offerForm = forms.offer ?? {
      values: offer
        ? {
            offerThemes: offer.themeIds,
            availableFrom: offer.availableFrom ?? '',
            availableTo: offer.availableTo ?? '',
            visitors: String(offer.visitors),
            description: offer.description,
          }
        : {},
      errors: {},
    };
    const contacts = await this.em.find(
      Contact,
      { organisation: member.organisationId, erasedAt: null },
      { orderBy: { lastName: 'asc', firstName: 'asc' } },
    );
    const taken = new Set(delegates.map((d) => d.contactId));
    return {
      organisation: organisationName(organisation, locale),
      registration: registration && { status: registration.status, late: registration.late, active: isActive(registration.status) },
      deadlines: await this.deadlineStates(forum, locale),
      mailbox: this.config.get('organisersEmail'),
      themes: themes.map((theme) => ({
        ...theme,
        offerChecked: ((offerForm.values.offerThemes as string[] | undefined) ?? []).includes(theme.id),
      })),
      ranks: themes.map((_, index) => index + 1),
      questions,
      visits,
      delegates,
      contacts: contacts
        .filter((c) => !taken.has(c.id))
        .map((c) => ({ id: c.id, name: fullName(c.firstName, c.lastName), email: c.email })),
      roles: DELEGATE_ROLES,
      hasOffer: offer !== null,
      forms: {
        registration: registrationForm,
        delegate: forms.delegate ?? { values: { role: 'staff', locale }, errors: {} },
        visit: forms.visit ?? { values: {}, errors: {} },
        offer: offerForm,
        withdraw: forms.withdraw ?? { values: {}, errors: {} },
        edit: forms.edit,
      },
    };
  }

  /** The registration form's theme ranks and answers by field name, without the rest of the page. */
  async registrationFields(
    forum: Forum,
  ): Promise<{ themes: { id: string; rankName: string }[]; questions: { id: string; name: string; kind: string }[] }> {
    return {
      themes: (await this.themes.list(forum.id)).map((theme) => ({ id: theme.id, rankName: rankName(theme.id) })),
      questions: (await this.registrations.questions(forum.id)).map((question) => ({
        id: question.id,
        name: answerName(question.id),
        kind: question.kind,
      })),
    };
  }

  /** Each step's deadline as the member meets it (see DeadlineState); steps without one are left out. */
  async deadlineStates(forum: Forum, locale: Locale): Promise<DeadlineState[]> {
    const all = await this.deadlines.list(forum.id);
    const now = this.clock.now().getTime();
    return MEMBER_DEADLINE_KINDS.flatMap((kind): DeadlineState[] => {
      const ofKind = all.filter((d) => d.kind === kind);
      const passed = ofKind.filter((d) => d.dueAt.getTime() <= now);
      // The hard deadline enforce() names when it refuses: the first one passed.
      const hard = passed.find((d) => d.enforcement === 'hard');
      const shown = hard ?? ofKind.find((d) => d.dueAt.getTime() > now) ?? passed.at(-1);
      if (!shown) {
        return [];
      }
      const state = hard ? 'closed' : shown.dueAt.getTime() > now ? 'open' : 'late';
      return [
        {
          kind,
          title: pickLocale(shown.title, locale),
          dueAt: this.deadlines.view(shown).dueAt,
          state,
          leftMs: shown.dueAt.getTime() - now,
        },
      ];
    });
  }

  /** A contact of the member's organisation, by id (a removed delegate's name, for the notice). */
  async contactName(member: AuthorityPrincipal, contactId: string): Promise<string | null> {
    const contact = UUID_PATTERN.test(contactId)
      ? await this.em.findOne(Contact, { id: contactId, organisation: member.organisationId })
      : null;
    return contact && fullName(contact.firstName, contact.lastName);
  }

  /** Titles of the edition's sessions in the reader's language, by id (a clash names both sessions). */
  async sessionTitles(forum: Forum, locale: Locale): Promise<Map<string, string>> {
    const sessions = await this.em.find(Session, { forum }, { fields: ['id', 'title'] });
    return new Map(sessions.map((session) => [session.id, pickLocale(session.title, locale)]));
  }

  private storedRegistration(registration: Registration | null, ranking: string[], questions: { id: string; name: string }[]): FormState {
    const values: Record<string, unknown> = { confirm: registration?.status === 'confirmed', notes: registration?.notes ?? '' };
    ranking.forEach((themeId, index) => (values[rankName(themeId)] = String(index + 1)));
    for (const question of questions) {
      values[question.name] = registration?.answers[question.id] ?? '';
    }
    return { values, errors: {} };
  }

  private async delegatesOf(
    forum: Forum,
    registration: Registration,
    member: AuthorityPrincipal,
    visits: ProgrammeSessionView[],
    locale: Locale,
    edit: RegistrationForms['edit'],
  ) {
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
          edit:
            edit?.delegateId === delegate.id
              ? edit.state
              : {
                  values: {
                    role: delegate.role,
                    printedFunction: delegate.printedFunction ?? '',
                    locale: delegate.locale,
                    needsInterpretation: delegate.needsInterpretation,
                    dietaryNotes: delegate.dietaryNotes ?? '',
                    accessNotes: delegate.accessNotes ?? '',
                  },
                  errors: {},
                },
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
