import { Entity, ManyToOne, Property } from '@mikro-orm/decorators/legacy';
import { BaseEntity } from '../database/base.entity';
import { Delegate } from '../registrations/registration.entity';

/** The secret in a delegate's personal feed URL: stored as a hash, revocable, renewable. */
@Entity({ tableName: 'feed_token' })
export class FeedToken extends BaseEntity {
  @ManyToOne({ entity: () => Delegate, deleteRule: 'cascade', index: true })
  delegate: Delegate;

  @Property({ type: 'text', unique: true, hidden: true })
  tokenHash: string;

  @Property({ type: 'datetime', columnType: 'timestamptz', nullable: true })
  revokedAt: Date | null = null;

  constructor(fields: { delegate: Delegate; tokenHash: string }) {
    super();
    this.delegate = fields.delegate;
    this.tokenHash = fields.tokenHash;
  }
}
