import { Entity, Enum, Property } from '@mikro-orm/decorators/legacy';
import { BaseEntity } from '../database/base.entity';
import { LOCALES, type Locale } from '../common/locale';
import { ROLES, type Role } from '../access/principal';

/** An organiser's account: signs in by emailed link, acts with personal API tokens. */
@Entity({ tableName: 'app_user' })
export class User extends BaseEntity {
  /** Stored lower-case: one account per mailbox. */
  @Property({ type: 'text', unique: true })
  email: string;

  @Property({ type: 'text' })
  name: string;

  @Enum({ items: () => ROLES })
  role: Role;

  /** Language of the emails this person receives. */
  @Enum({ items: () => LOCALES, default: 'fr' })
  locale: Locale = 'fr';

  @Property({ type: 'datetime', columnType: 'timestamptz', nullable: true })
  disabledAt: Date | null = null;

  constructor(fields: { email: string; name: string; role: Role }) {
    super();
    this.email = fields.email.toLowerCase();
    this.name = fields.name;
    this.role = fields.role;
  }
}
