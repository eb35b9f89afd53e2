import { Collection } from '@mikro-orm/core';
import { Entity, Enum, ManyToOne, OneToMany, OneToOne, Property, Unique } from '@mikro-orm/decorators/legacy';
import { LOCALES, type Locale, type LocalizedText } from '../common/locale';
import { REGISTRATION_STATUSES, type RegistrationStatus } from '../common/registration-status';
import { BaseEntity } from '../database/base.entity';
import { Forum } from '../forums/forum.entity';
import { Contact } from '../organisations/contact.entity';
import { Organisation } from '../organisations/organisation.entity';

export { REGISTRATION_STATUSES, type RegistrationStatus };
export const DELEGATE_ROLES = ['elected_official', 'staff', 'other'] as const;
export type DelegateRole = (typeof DELEGATE_ROLES)[number];
export const QUESTION_KINDS = ['text', 'choice', 'multiple_choice'] as const;
export type QuestionKind = (typeof QUESTION_KINDS)[number];

export type Answers = Record<string, string | string[]>;

/** An organisation's registration to an edition, one per pair. */
@Entity({ tableName: 'registration' })
@Unique({ properties: ['forum', 'organisation'] })
export class Registration extends BaseEntity {
  @ManyToOne({ entity: () => Forum, deleteRule: 'cascade' })
  forum: Forum;

  @ManyToOne({ entity: () => Organisation, deleteRule: 'restrict', index: true })
  organisation: Organisation;

  @Enum({ items: () => REGISTRATION_STATUSES })
  status: RegistrationStatus = 'interested';

  @Property({ type: 'datetime', columnType: 'timestamptz', nullable: true })
  interestedAt: Date | null = null;

  @Property({ type: 'datetime', columnType: 'timestamptz', nullable: true })
  confirmedAt: Date | null = null;

  @Property({ type: 'datetime', columnType: 'timestamptz', nullable: true })
  excusedAt: Date | null = null;

  @Property({ type: 'datetime', columnType: 'timestamptz', nullable: true })
  cancelledAt: Date | null = null;

  /** Answers to the edition's questions, by question id. */
  @Property({ type: 'json' })
  answers: Answers = {};

  @Property({ type: 'text', nullable: true })
  notes: string | null = null;

  /** Registered after a deadline (a soft one, or a hard one overridden by an organiser). */
  @Property({ type: 'boolean', default: false })
  late: boolean = false;

  @OneToMany({ entity: () => Delegate, mappedBy: 'registration' })
  delegates = new Collection<Delegate>(this);

  @OneToOne({ entity: () => HostOffer, mappedBy: 'registration', nullable: true })
  hostOffer: HostOffer | null = null;

  constructor(fields: { forum: Forum; organisation: Organisation }) {
    super();
    this.forum = fields.forum;
    this.organisation = fields.organisation;
  }
}

/** A person in a delegation, as the participant list prints them. */
@Entity({ tableName: 'delegate' })
@Unique({ properties: ['registration', 'contact'] })
export class Delegate extends BaseEntity {
  @ManyToOne({ entity: () => Registration, deleteRule: 'cascade' })
  registration: Registration;

  @ManyToOne({ entity: () => Contact, deleteRule: 'restrict', index: true })
  contact: Contact;

  @Enum({ items: () => DELEGATE_ROLES })
  role: DelegateRole;

  /** The function as it should be printed on badges and lists. */
  @Property({ type: 'text', nullable: true })
  printedFunction: string | null = null;

  @Enum({ items: () => LOCALES, default: 'fr' })
  locale: Locale = 'fr';

  /** Needs FR↔KO interpretation. */
  @Property({ type: 'boolean', default: false })
  needsInterpretation: boolean = false;

  @Property({ type: 'text', nullable: true })
  dietaryNotes: string | null = null;

  @Property({ type: 'text', nullable: true })
  accessNotes: string | null = null;

  @Property({ type: 'boolean', default: false })
  late: boolean = false;

  constructor(fields: { registration: Registration; contact: Contact; role: DelegateRole }) {
    super();
    this.registration = fields.registration;
    this.contact = fields.contact;
    this.role = fields.role;
  }
}

/** An offer to receive a delegation: themes, dates, visitors, what would be shown. */
@Entity({ tableName: 'host_offer' })
export class HostOffer extends BaseEntity {
  @OneToOne({ entity: () => Registration, owner: true, deleteRule: 'cascade', unique: true })
  registration: Registration;

  /** Theme ids of the edition. */
  @Property({ type: 'json' })
  themeIds: string[] = [];

  @Property({ type: 'date', nullable: true })
  availableFrom: string | null = null;

  @Property({ type: 'date', nullable: true })
  availableTo: string | null = null;

  @Property({ type: 'integer' })
  visitors: number;

  @Property({ type: 'text' })
  description: string;

  @Property({ type: 'boolean', default: false })
  late: boolean = false;

  constructor(fields: { registration: Registration; visitors: number; description: string }) {
    super();
    this.registration = fields.registration;
    this.visitors = fields.visitors;
    this.description = fields.description;
  }
}

/** One of the edition's questions to registering organisations. */
@Entity({ tableName: 'registration_question' })
export class RegistrationQuestion extends BaseEntity {
  @ManyToOne({ entity: () => Forum, deleteRule: 'cascade', index: true })
  forum: Forum;

  @Property({ type: 'json' })
  label: LocalizedText;

  @Enum({ items: () => QUESTION_KINDS })
  kind: QuestionKind;

  /** For choice questions: the allowed values. */
  @Property({ type: 'json' })
  choices: string[] = [];

  @Property({ type: 'boolean', default: false })
  required: boolean = false;

  @Property({ type: 'integer' })
  position: number;

  constructor(fields: { forum: Forum; label: LocalizedText; kind: QuestionKind; position: number }) {
    super();
    this.forum = fields.forum;
    this.label = fields.label;
    this.kind = fields.kind;
    this.position = fields.position;
  }
}
