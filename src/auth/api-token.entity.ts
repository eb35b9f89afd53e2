import { Entity, ManyToOne, Property } from '@mikro-orm/decorators/legacy';
import { BaseEntity } from '../database/base.entity';
import { User } from './user.entity';

/** A personal API token: shown once, stored as a hash, revocable. */
@Entity({ tableName: 'api_token' })
export class ApiToken extends BaseEntity {
  @ManyToOne({ entity: () => User, deleteRule: 'cascade', index: true })
  user: User;

  @Property({ type: 'text' })
  name: string;

  @Property({ type: 'text', unique: true, hidden: true })
  tokenHash: string;

  /** The last characters, so a person can tell tokens apart. */
  @Property({ type: 'text' })
  hint: string;

  /** Every token ends: a forgotten one in a script must not open the accounts for ever. */
  @Property({ type: 'datetime', columnType: 'timestamptz' })
  expiresAt: Date;

  @Property({ type: 'datetime', columnType: 'timestamptz', nullable: true })
  lastUsedAt: Date | null = null;

  @Property({ type: 'datetime', columnType: 'timestamptz', nullable: true })
  revokedAt: Date | null = null;

  constructor(fields: { user: User; name: string; tokenHash: string; hint: string; expiresAt: Date }) {
    super();
    this.user = fields.user;
    this.name = fields.name;
    this.tokenHash = fields.tokenHash;
    this.hint = fields.hint;
    this.expiresAt = fields.expiresAt;
  }
}
