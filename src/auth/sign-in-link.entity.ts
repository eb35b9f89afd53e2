import { Entity, ManyToOne, Property } from '@mikro-orm/decorators/legacy';
import { BaseEntity } from '../database/base.entity';
import { User } from './user.entity';

/** A single-use, short-lived sign-in link sent to an organiser. */
@Entity({ tableName: 'sign_in_link' })
export class SignInLink extends BaseEntity {
  @ManyToOne({ entity: () => User, deleteRule: 'cascade', index: true })
  user: User;

  @Property({ type: 'text', unique: true, hidden: true })
  tokenHash: string;

  @Property({ type: 'datetime', columnType: 'timestamptz' })
  expiresAt: Date;

  @Property({ type: 'datetime', columnType: 'timestamptz', nullable: true })
  usedAt: Date | null = null;

  constructor(fields: { user: User; tokenHash: string; expiresAt: Date }) {
    super();
    this.user = fields.user;
    this.tokenHash = fields.tokenHash;
    this.expiresAt = fields.expiresAt;
  }
}
