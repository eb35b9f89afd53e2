import { Entity, Enum, Index, ManyToOne, Property, Unique } from '@mikro-orm/decorators/legacy';
import { BaseEntity } from '../database/base.entity';
import { Delegate } from './registration.entity';
import { Session } from '../programme/session.entity';

export const ENROLMENT_STATUSES = ['confirmed', 'waitlisted'] as const;
export type EnrolmentStatus = (typeof ENROLMENT_STATUSES)[number];

/** A delegate in a session: a seat, or a place in the waitlist (first come, first served). */
@Entity({ tableName: 'enrolment' })
@Unique({ properties: ['delegate', 'session'] })
@Index({ properties: ['session', 'status', 'queuedAt'] })
export class Enrolment extends BaseEntity {
  @ManyToOne({ entity: () => Delegate, deleteRule: 'cascade', index: true })
  delegate: Delegate;

  @ManyToOne({ entity: () => Session, deleteRule: 'cascade' })
  session: Session;

  @Enum({ items: () => ENROLMENT_STATUSES })
  status: EnrolmentStatus;

  /** Order in the waitlist: when the request was committed (clock_timestamp(), under the session lock). */
  @Property({ type: 'datetime', columnType: 'timestamptz' })
  queuedAt: Date;

  @Property({ type: 'datetime', columnType: 'timestamptz', nullable: true })
  confirmedAt: Date | null = null;

  @Property({ type: 'boolean', default: false })
  late: boolean = false;

  /** When the delegate accepted the calendar invitation (their iTIP reply), if they did. */
  @Property({ type: 'datetime', columnType: 'timestamptz', nullable: true })
  acceptedAt: Date | null = null;

  constructor(fields: { delegate: Delegate; session: Session; status: EnrolmentStatus; queuedAt: Date }) {
    super();
    this.delegate = fields.delegate;
    this.session = fields.session;
    this.status = fields.status;
    this.queuedAt = fields.queuedAt;
  }
}
