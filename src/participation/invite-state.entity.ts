import { Entity, ManyToOne, Property, Unique } from '@mikro-orm/decorators/legacy';
import { BaseEntity } from '../database/base.entity';
import { Session } from '../programme/session.entity';
import { Delegate } from './registration.entity';

/**
 * The last SEQUENCE sent to one attendee for one session. Invites to a person must only ever go
 * up (a leave, then a return, then a change of time), even when the session's own sequence did not.
 */
@Entity({ tableName: 'invite_state' })
@Unique({ properties: ['session', 'delegate'] })
export class InviteState extends BaseEntity {
  @ManyToOne({ entity: () => Session, deleteRule: 'cascade' })
  session: Session;

  @ManyToOne({ entity: () => Delegate, deleteRule: 'cascade', index: true })
  delegate: Delegate;

  @Property({ type: 'integer' })
  lastSequence: number;

  /**
   * The session's own sequence when that invite was written: the version the attendee holds, so
   * an update tells them every change since, even one whose own fan-out a later change overtook.
   */
  @Property({ type: 'integer', default: 0 })
  sessionSequence: number;

  constructor(fields: { session: Session; delegate: Delegate; lastSequence: number; sessionSequence: number }) {
    super();
    this.session = fields.session;
    this.delegate = fields.delegate;
    this.lastSequence = fields.lastSequence;
    this.sessionSequence = fields.sessionSequence;
  }
}
