import { Entity, ManyToOne, Property } from '@mikro-orm/decorators/legacy';
import { BaseEntity } from '../database/base.entity';
import { Delegate } from './registration.entity';

/** The secret in a delegate's personal feed URL: stored as a hash, revocable, renewable. */
@Entity({ tableName: 'feed_token' })
export class FeedToken extends BaseEntity {
  @ManyToOne({ entity: () => Delegate, deleteRule: 'cascade', index: true })
  delegate: Delegate;

  @Property({ type: 'text', unique: true, hidden: true })
  tokenHash: string;

  /** Which derivation this is: the secret is HMAC(key, delegate, version), so it can be put in an email again. */
  @Property({ type: 'integer', default: 1 })
  version: number = 1;

  @Property({ type: 'datetime', columnType: 'timestamptz', nullable: true })
  revokedAt: Date | null = null;

  constructor(fields: { delegate: Delegate; tokenHash: string; version: number }) {
    super();
    this.delegate = fields.delegate;
    this.tokenHash = fields.tokenHash;
    this.version = fields.version;
  }
}
