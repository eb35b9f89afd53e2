import { Collection } from '@mikro-orm/core';
import { Entity, Enum, Index, ManyToOne, OneToMany, Property, Unique } from '@mikro-orm/decorators/legacy';
import type { LocalizedText } from '../common/locale';
import { BaseEntity } from '../database/base.entity';
import { Forum } from '../forums/forum.entity';
import { Theme } from '../forums/theme.entity';
import { Organisation } from '../organisations/organisation.entity';

export const SESSION_KINDS = [
  'plenary',
  'seminar',
  'workshop',
  'round_table',
  'field_visit',
  'reception',
  'meal',
  'transfer',
  'meeting',
] as const;
export type SessionKind = (typeof SESSION_KINDS)[number];
export const SESSION_STATUSES = ['draft', 'published', 'cancelled'] as const;
export type SessionStatus = (typeof SESSION_STATUSES)[number];
export const INTERPRETATION_MODES = ['none', 'consecutive', 'simultaneous', 'whispered'] as const;
export type InterpretationMode = (typeof INTERPRETATION_MODES)[number];
export const HOST_ROLES = ['host', 'co_host', 'speaker', 'moderator'] as const;
export type HostRole = (typeof HOST_ROLES)[number];

/** A session of an edition's programme: a seminar, a workshop, a field visit… */
@Entity({ tableName: 'session' })
@Index({ properties: ['forum', 'startsAt'] })
export class Session extends BaseEntity {
  @ManyToOne({ entity: () => Forum, deleteRule: 'cascade' })
  forum: Forum;

  @Enum({ items: () => SESSION_KINDS })
  kind: SessionKind;

  @Property({ type: 'json' })
  title: LocalizedText;

  @Property({ type: 'json' })
  description: LocalizedText = {};

  @ManyToOne({ entity: () => Theme, nullable: true, deleteRule: 'set null', index: true })
  theme: Theme | null = null;

  @Property({ type: 'datetime', columnType: 'timestamptz' })
  startsAt: Date;

  @Property({ type: 'datetime', columnType: 'timestamptz' })
  endsAt: Date;

  @Property({ type: 'text', nullable: true })
  venueName: string | null = null;

  @Property({ type: 'text', nullable: true })
  venueAddress: string | null = null;

  @Property({ type: 'text', nullable: true })
  venueCity: string | null = null;

  @Property({ type: 'text', nullable: true })
  onlineUrl: string | null = null;

  /** Seats; required for field visits. */
  @Property({ type: 'integer', nullable: true })
  capacity: number | null = null;

  @Enum({ items: () => INTERPRETATION_MODES, default: 'none' })
  interpretation: InterpretationMode = 'none';

  @Property({ type: 'json' })
  interpretationLanguages: string[] = [];

  /** Field visits: where the group gathers, and how it travels. */
  @Property({ type: 'text', nullable: true })
  meetingPoint: string | null = null;

  @Property({ type: 'text', nullable: true })
  transportNotes: string | null = null;

  @Enum({ items: () => SESSION_STATUSES, default: 'draft' })
  status: SessionStatus = 'draft';

  @Property({ type: 'text', nullable: true })
  cancelReason: string | null = null;

  /** Grows with every change an attendee's calendar shows (time, place, title, status). */
  @Property({ type: 'integer', default: 0 })
  sequence: number = 0;

  @OneToMany({ entity: () => SessionHost, mappedBy: 'session', orphanRemoval: true })
  hosts = new Collection<SessionHost>(this);

  constructor(fields: { forum: Forum; kind: SessionKind; title: LocalizedText; startsAt: Date; endsAt: Date }) {
    super();
    this.forum = fields.forum;
    this.kind = fields.kind;
    this.title = fields.title;
    this.startsAt = fields.startsAt;
    this.endsAt = fields.endsAt;
  }
}

/** An organisation leading a session, with its part in it. */
@Entity({ tableName: 'session_host' })
@Unique({ properties: ['session', 'organisation'] })
export class SessionHost extends BaseEntity {
  @ManyToOne({ entity: () => Session, deleteRule: 'cascade' })
  session: Session;

  @ManyToOne({ entity: () => Organisation, deleteRule: 'restrict', index: true })
  organisation: Organisation;

  @Enum({ items: () => HOST_ROLES })
  role: HostRole;

  constructor(fields: { session: Session; organisation: Organisation; role: HostRole }) {
    super();
    this.session = fields.session;
    this.organisation = fields.organisation;
    this.role = fields.role;
  }
}

/** One change to a session: what, before, after, by whom; attendees are told from these. */
@Entity({ tableName: 'session_change' })
@Index({ properties: ['session', 'createdAt'] })
export class SessionChange extends BaseEntity {
  @ManyToOne({ entity: () => Session, deleteRule: 'cascade' })
  session: Session;

  /** The session's sequence after the change. */
  @Property({ type: 'integer' })
  sequence: number;

  /** True when calendars must be updated (the sequence grew). */
  @Property({ type: 'boolean' })
  visible: boolean;

  @Property({ type: 'json' })
  changes: Record<string, { before: unknown; after: unknown }>;

  @Property({ type: 'text' })
  changedBy: string;

  constructor(fields: {
    session: Session;
    sequence: number;
    visible: boolean;
    changes: Record<string, { before: unknown; after: unknown }>;
    changedBy: string;
  }) {
    super();
    this.session = fields.session;
    this.sequence = fields.sequence;
    this.visible = fields.visible;
    this.changes = fields.changes;
    this.changedBy = fields.changedBy;
  }
}
