import { Entity, Enum, Index, ManyToOne, OneToOne, Property, Unique } from '@mikro-orm/decorators/legacy';
import { LOCALES, type Locale } from '../common/locale';
import { BaseEntity } from '../database/base.entity';
import { Forum } from '../forums/forum.entity';
import { Organisation } from '../organisations/organisation.entity';
import { Session } from '../programme/session.entity';
import type { PopulationBand } from './profile';
import { INTERPRETING_MODES, type InterpretingMode, type UnplacedCode, type Violation } from './schedule.types';

/** What an organisation offers and seeks in an edition, the kind and size of partner it seeks, its delegates' languages. */
@Entity({ tableName: 'meeting_profile' })
@Unique({ properties: ['forum', 'organisation'] })
export class MeetingProfile extends BaseEntity {
  @ManyToOne({ entity: () => Forum, deleteRule: 'cascade' })
  forum: Forum;

  @ManyToOne({ entity: () => Organisation, deleteRule: 'cascade', index: true })
  organisation: Organisation;

  /** Theme ids of the edition. */
  @Property({ type: 'json' })
  offersThemeIds: string[] = [];

  @Property({ type: 'json' })
  offersCompetences: string[] = [];

  @Property({ type: 'json' })
  seeksThemeIds: string[] = [];

  @Property({ type: 'json' })
  seeksCompetences: string[] = [];

  /** Organisation kinds sought; empty: any. */
  @Property({ type: 'json' })
  partnerKinds: string[] = [];

  /** Population bands sought; empty: any size. */
  @Property({ type: 'json' })
  partnerSizes: PopulationBand[] = [];

  /** ISO 639-1 codes. */
  @Property({ type: 'json' })
  languages: string[] = [];

  constructor(fields: { forum: Forum; organisation: Organisation }) {
    super();
    this.forum = fields.forum;
    this.organisation = fields.organisation;
  }
}

export const MEETING_REQUEST_STATES = ['requested', 'accepted', 'declined', 'expired'] as const;
export type MeetingRequestState = (typeof MEETING_REQUEST_STATES)[number];

/** One authority asking another for a bilateral meeting during an edition. */
@Entity({ tableName: 'meeting_request' })
@Index({ properties: ['forum', 'state'] })
export class MeetingRequest extends BaseEntity {
  @ManyToOne({ entity: () => Forum, deleteRule: 'cascade' })
  forum: Forum;

  @ManyToOne({ entity: () => Organisation, deleteRule: 'cascade', index: true })
  requester: Organisation;

  @ManyToOne({ entity: () => Organisation, deleteRule: 'cascade', index: true })
  counterpart: Organisation;

  /** Theme ids of the edition the meeting is about. */
  @Property({ type: 'json' })
  topics: string[] = [];

  @Property({ type: 'text', nullable: true })
  note: string | null = null;

  @Enum({ items: () => MEETING_REQUEST_STATES, default: 'requested' })
  state: MeetingRequestState = 'requested';

  /** An unanswered request expires then, so it does not hold a slot. */
  @Property({ type: 'datetime', columnType: 'timestamptz' })
  expiresAt: Date;

  /** When the counterpart was reminded (once). */
  @Property({ type: 'datetime', columnType: 'timestamptz', nullable: true })
  remindedAt: Date | null = null;

  @Property({ type: 'datetime', columnType: 'timestamptz', nullable: true })
  answeredAt: Date | null = null;

  constructor(fields: { forum: Forum; requester: Organisation; counterpart: Organisation; expiresAt: Date }) {
    super();
    this.forum = fields.forum;
    this.requester = fields.requester;
    this.counterpart = fields.counterpart;
    this.expiresAt = fields.expiresAt;
  }
}

/** A time set for bilateral meetings, with its tables (or rooms), named the same in every block. */
@Entity({ tableName: 'meeting_block' })
@Index({ properties: ['forum', 'startsAt'] })
export class MeetingBlock extends BaseEntity {
  @ManyToOne({ entity: () => Forum, deleteRule: 'cascade' })
  forum: Forum;

  @Property({ type: 'datetime', columnType: 'timestamptz' })
  startsAt: Date;

  @Property({ type: 'datetime', columnType: 'timestamptz' })
  endsAt: Date;

  /** Table or room names, in the order they are handed out. */
  @Property({ type: 'json' })
  tables: string[] = [];

  constructor(fields: { forum: Forum; startsAt: Date; endsAt: Date; tables: string[] }) {
    super();
    this.forum = fields.forum;
    this.startsAt = fields.startsAt;
    this.endsAt = fields.endsAt;
    this.tables = fields.tables;
  }
}

/** An interpreter of an edition. */
@Entity({ tableName: 'interpreter' })
export class Interpreter extends BaseEntity {
  @ManyToOne({ entity: () => Forum, deleteRule: 'cascade', index: true })
  forum: Forum;

  @Property({ type: 'text' })
  name: string;

  @Property({ type: 'text' })
  email: string;

  @Enum({ items: () => LOCALES, default: 'fr' })
  locale: Locale = 'fr';

  /** ISO 639-1 codes. */
  @Property({ type: 'json' })
  languages: string[] = [];

  @Property({ type: 'json' })
  modes: InterpretingMode[] = [];

  /** When they can work; null when they stated no limit. */
  @Property({ type: 'json', nullable: true })
  availability: { start: string; end: string }[] | null = null;

  /** Secret of their personal feed (schedule), like a delegate's. */
  @Property({ type: 'text', unique: true })
  feedToken: string;

  constructor(fields: { forum: Forum; name: string; email: string; feedToken: string }) {
    super();
    this.forum = fields.forum;
    this.name = fields.name;
    this.email = fields.email;
    this.feedToken = fields.feedToken;
  }
}

/** An interpreter assigned to a session of the programme. */
@Entity({ tableName: 'interpreter_assignment' })
@Unique({ properties: ['interpreter', 'session'] })
export class InterpreterAssignment extends BaseEntity {
  @ManyToOne({ entity: () => Interpreter, deleteRule: 'cascade' })
  interpreter: Interpreter;

  @ManyToOne({ entity: () => Session, deleteRule: 'cascade', index: true })
  session: Session;

  @Enum({ items: () => INTERPRETING_MODES })
  mode: InterpretingMode;

  constructor(fields: { interpreter: Interpreter; session: Session; mode: InterpretingMode }) {
    super();
    this.interpreter = fields.interpreter;
    this.session = fields.session;
    this.mode = fields.mode;
  }
}

/**
 * The meeting of an accepted request: its place (block, table, interpreter) once scheduled, or why
 * it has none. `sequence` grows with every change its attendees' calendars must see.
 */
@Entity({ tableName: 'meeting' })
@Index({ properties: ['block', 'tableLabel'] })
export class Meeting extends BaseEntity {
  @OneToOne({ entity: () => MeetingRequest, owner: true, deleteRule: 'cascade', unique: true })
  request: MeetingRequest;

  @ManyToOne({ entity: () => Forum, deleteRule: 'cascade', index: true })
  forum: Forum;

  @ManyToOne({ entity: () => MeetingBlock, nullable: true, deleteRule: 'set null', index: true })
  block: MeetingBlock | null = null;

  @Property({ type: 'text', nullable: true })
  tableLabel: string | null = null;

  @ManyToOne({ entity: () => Interpreter, nullable: true, deleteRule: 'set null', index: true })
  interpreter: Interpreter | null = null;

  /** FR↔KO when either side has a delegate who needs interpretation. */
  @Property({ type: 'json', nullable: true })
  interpretation: [string, string] | null = null;

  @Property({ type: 'datetime', columnType: 'timestamptz' })
  acceptedAt: Date;

  /** Why it has no place, with what stood in the way, from the last scheduling. */
  @Property({ type: 'text', nullable: true })
  unplacedCode: UnplacedCode | null = null;

  @Property({ type: 'json', nullable: true })
  displacedBy: Violation[] | null = null;

  @Property({ type: 'integer', default: 0 })
  sequence: number = 0;

  /** The interpreter the last invite went to, so a change of interpreter cancels theirs. */
  @Property({ type: 'text', nullable: true })
  invitedInterpreterEmail: string | null = null;

  constructor(fields: { request: MeetingRequest; forum: Forum; acceptedAt: Date }) {
    super();
    this.request = fields.request;
    this.forum = fields.forum;
    this.acceptedAt = fields.acceptedAt;
  }
}

export const MEETING_ENTITIES = [MeetingProfile, MeetingRequest, MeetingBlock, Meeting, Interpreter, InterpreterAssignment];
