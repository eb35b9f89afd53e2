import { Entity, Index, ManyToOne, Property } from '@mikro-orm/decorators/legacy';
import { BaseEntity } from '../database/base.entity';
import { Forum } from '../forums/forum.entity';
import { Contact } from '../organisations/contact.entity';
import { Organisation } from '../organisations/organisation.entity';

/** A magic link: lets a contact act for its own organisation on one edition, until it expires or is revoked. */
@Entity({ tableName: 'access_link' })
@Index({ properties: ['forum', 'organisation'] })
export class AccessLink extends BaseEntity {
  @ManyToOne({ entity: () => Contact, deleteRule: 'cascade', index: true })
  contact: Contact;

  @ManyToOne({ entity: () => Organisation, deleteRule: 'restrict' })
  organisation: Organisation;

  @ManyToOne({ entity: () => Forum, deleteRule: 'cascade' })
  forum: Forum;

  @Property({ type: 'text', unique: true, hidden: true })
  tokenHash: string;

  @Property({ type: 'datetime', columnType: 'timestamptz' })
  expiresAt: Date;

  @Property({ type: 'datetime', columnType: 'timestamptz', nullable: true })
  revokedAt: Date | null = null;

  /** When the link was first opened: organisers see who has taken up their invitation. */
  @Property({ type: 'datetime', columnType: 'timestamptz', nullable: true })
  firstUsedAt: Date | null = null;

  @Property({ type: 'datetime', columnType: 'timestamptz', nullable: true })
  lastUsedAt: Date | null = null;

  constructor(fields: { contact: Contact; organisation: Organisation; forum: Forum; tokenHash: string; expiresAt: Date }) {
    super();
    this.contact = fields.contact;
    this.organisation = fields.organisation;
    this.forum = fields.forum;
    this.tokenHash = fields.tokenHash;
    this.expiresAt = fields.expiresAt;
  }
}
