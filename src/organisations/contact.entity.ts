import { Entity, Enum, Index, ManyToOne, Property } from '@mikro-orm/decorators/legacy';
import { BaseEntity } from '../database/base.entity';
import { LOCALES, type Locale } from '../common/locale';
import { Organisation } from './organisation.entity';

/** A person of an organisation. Names are stored as written, Korean ones in their own order and script. */
@Entity({ tableName: 'contact' })
// One contact per mailbox and organisation, whatever the case it was typed in.
@Index({
  name: 'contact_organisation_email_unique',
  expression: 'create unique index "contact_organisation_email_unique" on "contact" ("organisation_id", lower("email"))',
})
export class Contact extends BaseEntity {
  @ManyToOne({ entity: () => Organisation, deleteRule: 'cascade', index: true })
  organisation: Organisation;

  @Property({ type: 'text' })
  firstName: string;

  @Property({ type: 'text' })
  lastName: string;

  /** As it should be printed: "Adjointe au maire chargée des relations internationales". */
  @Property({ type: 'text', nullable: true })
  function: string | null = null;

  @Property({ type: 'text' })
  email: string;

  @Property({ type: 'text', nullable: true })
  phone: string | null = null;

  @Enum({ items: () => LOCALES, default: 'fr' })
  locale: Locale = 'fr';

  /** Wants the weekly shared agenda: coming deadlines and sessions of their editions. */
  @Property({ type: 'boolean', default: false })
  wantsDigest: boolean = false;

  /** Kinds of email this person asked not to receive any more (e.g. deadline_reminder). */
  @Property({ type: 'json', defaultRaw: `'[]'` })
  unsubscribedFrom: string[] = [];

  /**
   * The magic link whose holder added this person, if one did (an id: the link lives in the access
   * room). Revoking that link ends this person's links too, since whoever held it could ask them.
   */
  @Property({ type: 'uuid', nullable: true, index: true })
  addedByAccessLinkId: string | null = null;

  /** Set when the person's data was erased; the row stays so counts and history hold. */
  @Property({ type: 'datetime', columnType: 'timestamptz', nullable: true })
  erasedAt: Date | null = null;

  constructor(fields: { organisation: Organisation; firstName: string; lastName: string; email: string }) {
    super();
    this.organisation = fields.organisation;
    this.firstName = fields.firstName;
    this.lastName = fields.lastName;
    this.email = fields.email;
  }
}
