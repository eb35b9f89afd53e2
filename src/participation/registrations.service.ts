import { HttpStatus, Injectable, type OnModuleInit } from '@nestjs/common';
import { EntityManager, UniqueConstraintViolationException, type FilterQuery } from '@mikro-orm/postgresql';
import type { Principal } from '../access/principal';
import { Clock } from '../common/clock';
import { Page, PageQuery, toPage } from '../common/pagination';
import { type FieldError, ProblemCode, ProblemException } from '../common/problem';
import { ACTIVE_STATUSES, isActive, isWithdrawn } from '../common/registration-status';
import { DeadlinesService } from '../deadlines/deadlines.service';
import { DomainEvents } from '../events/domain-events';
import { OrganisationsTakingPart } from '../forums/forum-events';
import type { Forum } from '../forums/forum.entity';
import { ForumsService } from '../forums/forums.service';
import { InvitationsService } from '../forums/invitations.service';
import { ThemesService } from '../forums/themes.service';
import { pickLocale } from '../common/locale';
import { PublicUrls } from '../config/public-urls';
import { Contact } from '../organisations/contact.entity';
import { Organisation } from '../organisations/organisation.entity';
import { organisationName } from '../organisations/organisation.views';
import { type MessageDraft, Outbox } from '../outbox/outbox.service';
import { EnrolmentsService } from './enrolments.service';
import { CreateQuestionDto, CreateRegistrationDto, UpdateQuestionDto, UpdateRegistrationDto } from './dto/registration.dto';
import { type Answers, Registration, RegistrationQuestion, type RegistrationStatus } from './registration.entity';

const TIMESTAMP_OF: Record<RegistrationStatus, 'interestedAt' | 'confirmedAt' | 'excusedAt' | 'cancelledAt'> = {
  interested: 'interestedAt',
  confirmed: 'confirmedAt',
  excused: 'excusedAt',
  cancelled: 'cancelledAt',
};

export interface RegistrationListQuery extends PageQuery {
  status?: RegistrationStatus;
}

function forbidden(detail: string): ProblemException {
  return new ProblemException(HttpStatus.FORBIDDEN, ProblemCode.Forbidden, detail);
}

/** Registrations of invited organisations, the edition's questions, and who may touch which. */
@Injectable()
export class RegistrationsService implements OnModuleInit {
  constructor(
    private readonly em: EntityManager,
    private readonly forums: ForumsService,
    private readonly invitations: InvitationsService,
    private readonly themes: ThemesService,
    private readonly deadlines: DeadlinesService,
    private readonly enrolments: EnrolmentsService,
    private readonly clock: Clock,
    private readonly outbox: Outbox,
    private readonly urls: PublicUrls,
    private readonly events: DomainEvents,
  ) {}

  /** The edition's date poll writes to the organisations taking part: those with an active registration. */
  onModuleInit(): void {
    this.events.on(OrganisationsTakingPart, async ({ em, forumId }) =>
      (await em.find(Registration, { forum: forumId, status: { $in: [...ACTIVE_STATUSES] } })).map((r) => r.organisation.id),
    );
  }

  /** Tells the organisation's contacts that its registration was received, or confirmed. */
  private async notices(em: EntityManager, registration: Registration): Promise<MessageDraft[]> {
    const confirmed = registration.status === 'confirmed';
    if (!confirmed && registration.status !== 'interested') {
      return [];
    }
    const contacts = await em.find(Contact, { organisation: registration.organisation, erasedAt: null });
    const at = (confirmed ? registration.confirmedAt : registration.interestedAt)?.getTime() ?? 0;
    return contacts.map((contact) => ({
      kind: confirmed ? 'registration_confirmed' : 'registration_received',
      recipient: contact.email,
      locale: contact.locale,
      template: 'registration-update',
      dedupeKey: `registration-${registration.id}-${registration.status}-${at}-${contact.id}`,
      scheduledFor: this.clock.now(),
      forumId: registration.forum.id,
      data: {
        name: contact.firstName,
        organisation: organisationName(registration.organisation, contact.locale),
        forum: pickLocale(registration.forum.title, contact.locale),
        confirmed,
        url: this.urls.forum(registration.forum.slug),
      },
    }));
  }

  async questions(forumRef: string): Promise<RegistrationQuestion[]> {
    const forum = await this.forums.get(forumRef, true);
    return this.em.find(RegistrationQuestion, { forum }, { orderBy: { position: 'asc', createdAt: 'asc' } });
  }

  async createQuestion(forumRef: string, dto: CreateQuestionDto): Promise<RegistrationQuestion> {
    const forum = await this.forums.get(forumRef, true);
    checkChoices(dto.kind, dto.choices ?? []);
    const question = new RegistrationQuestion({
      forum,
      label: dto.label,
      kind: dto.kind,
      position: dto.position ?? (await this.em.count(RegistrationQuestion, { forum })) + 1,
    });
    question.choices = dto.choices ?? [];
    question.required = dto.required ?? false;
    await this.em.persist(question).flush();
    return question;
  }

  async updateQuestion(forumRef: string, questionId: string, dto: UpdateQuestionDto): Promise<RegistrationQuestion> {
    const question = await this.question(forumRef, questionId);
    checkChoices(dto.kind ?? question.kind, dto.choices ?? question.choices);
    question.label = dto.label ?? question.label;
    question.kind = dto.kind ?? question.kind;
    question.choices = dto.choices ?? question.choices;
    question.required = dto.required ?? question.required;
    question.position = dto.position ?? question.position;
    await this.em.flush();
    return question;
  }

  async removeQuestion(forumRef: string, questionId: string): Promise<void> {
    await this.em.remove(await this.question(forumRef, questionId)).flush();
  }

  async list(forumRef: string, query: RegistrationListQuery): Promise<Page<Registration>> {
    const forum = await this.forums.get(forumRef, true);
    const where: FilterQuery<Registration> = { forum };
    if (query.status) {
      where.status = query.status;
    }
    const [items, total] = await this.em.findAndCount(Registration, where, {
      populate: ['organisation'],
      orderBy: { organisation: { name: 'asc' }, id: 'asc' },
      limit: query.perPage,
      offset: query.offset,
    });
    return toPage(items, total, query);
  }

  /** A registration the caller may see: organisers any, a magic link only its own organisation's. */
  async get(forumRef: string, registrationId: string, principal: Principal | undefined): Promise<Registration> {
    const forum = await this.forums.get(forumRef, true);
    const registration = await this.em.findOne(Registration, { id: registrationId, forum }, { populate: ['organisation', 'forum'] });
    if (!registration) {
      throw ProblemException.notFound('Registration', registrationId);
    }
    if (principal?.kind === 'authority' && registration.organisation.id !== principal.organisationId) {
      throw forbidden('A magic link gives access to your own organisation’s registration only.');
    }
    return registration;
  }

  async create(forumRef: string, dto: CreateRegistrationDto, principal: Principal | undefined): Promise<Registration> {
    const forum = await this.forums.get(forumRef, true);
    if (principal?.kind === 'authority' && dto.organisationId.toLowerCase() !== principal.organisationId) {
      throw forbidden('A magic link registers your own organisation only.');
    }
    const organisation = await this.em.findOne(Organisation, { id: dto.organisationId });
    if (!organisation) {
      throw ProblemException.validation([{ field: 'organisationId', message: `no organisation has the id ${dto.organisationId}` }]);
    }
    if (!(await this.invitations.isInvited(forum.id, organisation.id))) {
      throw ProblemException.conflict(
        ProblemCode.NotInvited,
        `${organisation.name} is not invited to this edition: only invited organisations register.`,
      );
    }
    if (await this.em.count(Registration, { forum, organisation })) {
      throw alreadyRegistered(organisation);
    }
    const status = dto.status ?? 'interested';
    const registration = new Registration({ forum, organisation });
    registration.answers = await this.checkAnswers(forum, dto.answers ?? {}, status);
    registration.notes = dto.notes?.trim() || null;
    const themes = dto.themeIds ? await this.themes.themesOf(forum, dto.themeIds) : null;
    // Registering or (re)confirming is what a deadline on registering governs; stepping back never is.
    if (isActive(status)) {
      registration.late = (await this.deadlines.enforce(forum, 'register', principal)).late;
    }
    this.setStatus(registration, status);
    const messages = await this.em
      .transactional(async (em) => {
        em.persist(registration);
        if (themes) {
          await this.themes.replaceRanking(em, forum, organisation, themes);
        }
        return this.outbox.write(em, await this.notices(em, registration));
      })
      .catch((error: unknown) => {
        throw error instanceof UniqueConstraintViolationException ? alreadyRegistered(organisation) : error;
      });
    await this.outbox.queueAfterCommit(messages);
    return registration;
  }

  async update(
    forumRef: string,
    registrationId: string,
    dto: UpdateRegistrationDto,
    principal: Principal | undefined,
  ): Promise<Registration> {
    const registration = await this.get(forumRef, registrationId, principal);
    const forum = registration.forum;
    const status = dto.status ?? registration.status;
    const answers = dto.answers === undefined ? registration.answers : await this.checkAnswers(forum, dto.answers, status);
    if (dto.answers === undefined && status === 'confirmed') {
      await this.checkAnswers(forum, answers, status);
    }
    const themes = dto.themeIds ? await this.themes.themesOf(forum, dto.themeIds) : null;
    if (status !== registration.status && isActive(status)) {
      registration.late = (await this.deadlines.enforce(forum, 'register', principal)).late || registration.late;
    }
    const leaving = status !== registration.status && isWithdrawn(status);
    const confirming = status !== registration.status && status === 'confirmed';
    this.setStatus(registration, status);
    registration.answers = answers;
    if (dto.notes !== undefined) {
      registration.notes = dto.notes?.trim() || null;
    }
    const messages = await this.em.transactional(async (em) => {
      em.persist(registration);
      if (themes) {
        await this.themes.replaceRanking(em, forum, registration.organisation, themes);
      }
      return confirming ? this.outbox.write(em, await this.notices(em, registration)) : [];
    });
    await this.outbox.queueAfterCommit(messages);
    if (leaving) {
      // Seats of a delegation that no longer comes go to the waitlists.
      await this.em.populate(registration, ['delegates']);
      await this.enrolments.releaseAll(registration.delegates.getItems().map((d) => d.id));
    }
    return registration;
  }

  async ranking(registration: Registration): Promise<string[]> {
    return (await this.themes.ranking(registration.forum.id, registration.organisation.id)).themeIds;
  }

  private setStatus(registration: Registration, status: RegistrationStatus): void {
    if (registration.status === status && registration[TIMESTAMP_OF[status]]) {
      return;
    }
    registration.status = status;
    registration[TIMESTAMP_OF[status]] = this.clock.now();
  }

  /** Answers must match the edition's questions; required ones are needed to confirm. */
  private async checkAnswers(forum: Forum, answers: Answers, status: RegistrationStatus): Promise<Answers> {
    const questions = await this.em.find(RegistrationQuestion, { forum });
    const errors: FieldError[] = [];
    const clean: Answers = {};
    for (const [id, value] of Object.entries(answers)) {
      const question = questions.find((q) => q.id === id.toLowerCase());
      const field = `answers.${id}`;
      if (!question) {
        errors.push({ field, message: 'no question of this edition has this id', constraint: 'isIn' });
      } else if (question.kind === 'text') {
        if (typeof value !== 'string' || value.length > 5_000) {
          errors.push({ field, message: 'this question takes a text (5,000 characters at most)', constraint: 'maxLength' });
        } else {
          clean[question.id] = value;
        }
      } else if (question.kind === 'choice') {
        if (typeof value !== 'string' || !question.choices.includes(value)) {
          errors.push({ field, message: `this question takes one of: ${question.choices.join(', ')}`, constraint: 'isIn' });
        } else {
          clean[question.id] = value;
        }
      } else if (!Array.isArray(value) || value.some((v) => typeof v !== 'string' || !question.choices.includes(v))) {
        errors.push({ field, message: `this question takes a list among: ${question.choices.join(', ')}`, constraint: 'isIn' });
      } else {
        clean[question.id] = [...new Set(value)];
      }
    }
    if (status === 'confirmed') {
      for (const question of questions.filter((q) => q.required && !(q.id in clean))) {
        errors.push({
          field: `answers.${question.id}`,
          message: 'this question must be answered to confirm',
          constraint: 'requiredToConfirm',
        });
      }
    }
    if (errors.length > 0) {
      throw ProblemException.validation(errors);
    }
    return clean;
  }

  private async question(forumRef: string, questionId: string): Promise<RegistrationQuestion> {
    const forum = await this.forums.get(forumRef, true);
    const question = await this.em.findOne(RegistrationQuestion, { id: questionId, forum });
    if (!question) {
      throw ProblemException.notFound('Question', questionId);
    }
    return question;
  }
}

function alreadyRegistered(organisation: Organisation): ProblemException {
  return ProblemException.conflict(
    ProblemCode.AlreadyRegistered,
    `${organisation.name} is already registered to this edition: change its registration instead.`,
    'organisationId',
  );
}

function checkChoices(kind: string, choices: string[]): void {
  if (kind !== 'text' && choices.length < 2) {
    throw ProblemException.validation([{ field: 'choices', message: 'a choice question needs at least two choices' }]);
  }
}
