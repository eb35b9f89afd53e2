import { HttpStatus, Injectable } from '@nestjs/common';
import { EntityManager } from '@mikro-orm/postgresql';
import type { Principal } from '../access/principal';
import { ProblemCode, ProblemException } from '../common/problem';
import { isWithdrawn } from '../common/registration-status';
import { DeadlinesService } from '../deadlines/deadlines.service';
import { Contact } from '../organisations/contact.entity';
import { ContactsService } from '../organisations/contacts.service';
import type { Enrolment } from './enrolment.entity';
import { EnrolmentsService, type Seat } from './enrolments.service';
import { CreateDelegateDto, UpdateDelegateDto } from './dto/registration.dto';
import { Delegate, type Registration } from './registration.entity';
import { RegistrationsService } from './registrations.service';

/** Delegations, and the visits their members choose. */
@Injectable()
export class DelegatesService {
  constructor(
    private readonly em: EntityManager,
    private readonly registrations: RegistrationsService,
    private readonly contacts: ContactsService,
    private readonly deadlines: DeadlinesService,
    private readonly enrolments: EnrolmentsService,
  ) {}

  async list(forumRef: string, registrationId: string, principal: Principal | undefined): Promise<Delegate[]> {
    const registration = await this.registrations.get(forumRef, registrationId, principal);
    return this.em.find(Delegate, { registration }, { populate: ['contact'], orderBy: { contact: { lastName: 'asc' } } });
  }

  async get(forumRef: string, registrationId: string, delegateId: string, principal: Principal | undefined): Promise<Delegate> {
    const registration = await this.registrations.get(forumRef, registrationId, principal);
    const delegate = await this.em.findOne(Delegate, { id: delegateId, registration }, { populate: ['contact', 'registration.forum'] });
    if (!delegate) {
      throw ProblemException.notFound('Delegate', delegateId);
    }
    return delegate;
  }

  async create(forumRef: string, registrationId: string, dto: CreateDelegateDto, principal: Principal | undefined): Promise<Delegate> {
    const registration = await this.registrations.get(forumRef, registrationId, principal);
    ensureActive(registration);
    if (!dto.contactId === !dto.contact) {
      throw ProblemException.validation([
        { field: 'contactId', message: 'give either contactId (an existing contact) or contact (a new one)', constraint: 'eitherContact' },
      ]);
    }
    const limit = registration.forum.maxDelegatesPerOrganisation;
    if (limit !== null && (await this.em.count(Delegate, { registration })) >= limit) {
      throw new ProblemException(
        HttpStatus.CONFLICT,
        ProblemCode.DelegateLimit,
        `This edition takes ${limit} delegate(s) per organisation at most.`,
        { limit },
      );
    }
    const { late } = await this.deadlines.enforce(registration.forum, 'change_delegation', principal);
    let contact: Contact | null;
    if (dto.contactId) {
      contact = await this.em.findOne(Contact, { id: dto.contactId, organisation: registration.organisation, erasedAt: null });
      if (!contact) {
        throw ProblemException.validation([
          { field: 'contactId', message: 'no contact of this organisation has this id', constraint: 'isIn' },
        ]);
      }
      if (await this.em.count(Delegate, { registration, contact })) {
        throw new ProblemException(
          HttpStatus.CONFLICT,
          ProblemCode.Conflict,
          `${contact.firstName} ${contact.lastName} is already a delegate.`,
          { errors: [{ field: 'contactId', message: 'this contact is already a delegate', constraint: 'alreadyDelegate' }] },
        );
      }
    } else {
      contact = await this.contacts.create(registration.organisation.id, dto.contact as NonNullable<CreateDelegateDto['contact']>);
    }
    const delegate = new Delegate({ registration, contact, role: dto.role });
    delegate.printedFunction = dto.printedFunction === undefined ? contact.function : dto.printedFunction?.trim() || null;
    delegate.locale = dto.locale ?? contact.locale;
    delegate.needsInterpretation = dto.needsInterpretation ?? false;
    delegate.dietaryNotes = dto.dietaryNotes?.trim() || null;
    delegate.accessNotes = dto.accessNotes?.trim() || null;
    delegate.late = late;
    await this.em.persist(delegate).flush();
    return delegate;
  }

  async update(
    forumRef: string,
    registrationId: string,
    delegateId: string,
    dto: UpdateDelegateDto,
    principal: Principal | undefined,
  ): Promise<Delegate> {
    const delegate = await this.get(forumRef, registrationId, delegateId, principal);
    ensureActive(delegate.registration);
    await this.deadlines.enforce(delegate.registration.forum, 'change_delegation', principal);
    delegate.role = dto.role ?? delegate.role;
    delegate.printedFunction = dto.printedFunction === undefined ? delegate.printedFunction : dto.printedFunction?.trim() || null;
    delegate.locale = dto.locale ?? delegate.locale;
    delegate.needsInterpretation = dto.needsInterpretation ?? delegate.needsInterpretation;
    delegate.dietaryNotes = dto.dietaryNotes === undefined ? delegate.dietaryNotes : dto.dietaryNotes?.trim() || null;
    delegate.accessNotes = dto.accessNotes === undefined ? delegate.accessNotes : dto.accessNotes?.trim() || null;
    await this.em.flush();
    return delegate;
  }

  /** A delegate who no longer comes frees their seats for the waitlists. */
  async remove(forumRef: string, registrationId: string, delegateId: string, principal: Principal | undefined): Promise<void> {
    const delegate = await this.get(forumRef, registrationId, delegateId, principal);
    await this.deadlines.enforce(delegate.registration.forum, 'change_delegation', principal);
    await this.enrolments.releaseAll([delegate.id]);
    await this.em.remove(delegate).flush();
  }

  async listEnrolments(
    forumRef: string,
    registrationId: string,
    delegateId: string,
    principal: Principal | undefined,
  ): Promise<Enrolment[]> {
    return this.enrolments.listFor(await this.get(forumRef, registrationId, delegateId, principal));
  }

  /**
   * The one way to enrol a delegate in a session, for the API and the pages alike. The common
   * case is taken in the session's next batch, which checks what the route would from the rows it
   * locks; a request it cannot vouch for comes back here, where the checks name what is wrong.
   */
  async enrol(
    forumRef: string,
    registrationId: string,
    delegateId: string,
    sessionId: string,
    principal: Principal | undefined,
  ): Promise<Seat> {
    const seat = await this.enrolments.request({ forumRef, registrationId, delegateId, sessionId, principal });
    if (seat) {
      return seat;
    }
    const delegate = await this.get(forumRef, registrationId, delegateId, principal);
    ensureActive(delegate.registration);
    const { late } = await this.deadlines.enforce(delegate.registration.forum, 'enrol', principal);
    return this.enrolments.enrol(delegate, sessionId, late);
  }

  async leave(
    forumRef: string,
    registrationId: string,
    delegateId: string,
    sessionId: string,
    principal: Principal | undefined,
  ): Promise<Enrolment[]> {
    const delegate = await this.get(forumRef, registrationId, delegateId, principal);
    await this.deadlines.enforce(delegate.registration.forum, 'enrol', principal);
    return (await this.enrolments.leave(delegate, sessionId)).promoted;
  }
}

function ensureActive(registration: Registration): void {
  if (isWithdrawn(registration.status)) {
    throw new ProblemException(
      HttpStatus.CONFLICT,
      ProblemCode.Conflict,
      `This registration is ${registration.status}: register again (status interested or confirmed) to change the delegation.`,
      {
        registrationStatus: registration.status,
      },
    );
  }
}
