import { Entity, Enum, Index, Property } from '@mikro-orm/decorators/legacy';
import { BaseEntity } from '../database/base.entity';
import { LOCALES, type Locale } from '../common/locale';

export const MESSAGE_STATUSES = ['scheduled', 'queued', 'sent', 'failed', 'cancelled'] as const;
export type MessageStatus = (typeof MESSAGE_STATUSES)[number];

export const ICS_METHODS = ['PUBLISH', 'REQUEST', 'CANCEL'] as const;
export type IcsMethod = (typeof ICS_METHODS)[number];

/** The outbox: every email is a row here before it is sent. */
@Entity({ tableName: 'message' })
@Index({ properties: ['status', 'scheduledFor'] })
export class Message extends BaseEntity {
  @Property({ type: 'text' })
  kind: string;

  @Property({ type: 'text' })
  recipient: string;

  @Enum({ items: () => LOCALES })
  locale: Locale;

  /** Name of the template under templates/mail/. */
  @Property({ type: 'text' })
  template: string;

  @Property({ type: 'json' })
  data: Record<string, unknown>;

  /** Same key, same message: a second attempt to compose it is a no-op. */
  @Property({ type: 'text', unique: true })
  dedupeKey: string;

  /**
   * The edition the message is about, for the organisers' view of its outbox. An id, not a
   * relation: the outbox sits below the editions and knows nothing of them (editions are
   * archived, never deleted, so the id keeps naming one).
   */
  @Property({ type: 'uuid', nullable: true, index: true })
  forumId: string | null = null;

  @Property({ type: 'datetime', columnType: 'timestamptz' })
  scheduledFor: Date;

  @Enum({ items: () => MESSAGE_STATUSES, default: 'scheduled' })
  status: MessageStatus = 'scheduled';

  @Property({ type: 'integer', default: 0 })
  attempts: number = 0;

  @Property({ type: 'text', nullable: true })
  lastError: string | null = null;

  @Property({ type: 'datetime', columnType: 'timestamptz', nullable: true })
  sentAt: Date | null = null;

  @Property({ type: 'text', nullable: true })
  smtpMessageId: string | null = null;

  /** The iCalendar object attached to the email, composed with the message. */
  @Property({ type: 'text', nullable: true })
  ics: string | null = null;

  @Enum({ items: () => ICS_METHODS, nullable: true })
  icsMethod: IcsMethod | null = null;

  constructor(fields: {
    kind: string;
    recipient: string;
    locale: Locale;
    template: string;
    data: Record<string, unknown>;
    dedupeKey: string;
    scheduledFor: Date;
  }) {
    super();
    this.kind = fields.kind;
    this.recipient = fields.recipient;
    this.locale = fields.locale;
    this.template = fields.template;
    this.data = fields.data;
    this.dedupeKey = fields.dedupeKey;
    this.scheduledFor = fields.scheduledFor;
  }
}
