import { BigIntType } from '@mikro-orm/core';
import { Entity, Property } from '@mikro-orm/decorators/legacy';
import { BaseEntity } from '../database/base.entity';

/**
 * How far the organisers' mailbox has been read for calendar replies. IMAP UIDs only grow while
 * the mailbox keeps its UIDVALIDITY, so "the last UID read" is enough to read each message once,
 * whatever a person reading the same mailbox marks as read or unread.
 */
@Entity({ tableName: 'mailbox_cursor' })
export class MailboxCursor extends BaseEntity {
  /** The mailbox as host, user and folder (never the password). */
  @Property({ type: 'text', unique: true })
  mailbox: string;

  // IMAP's UIDVALIDITY and UIDs are unsigned 32-bit numbers: above PostgreSQL's integer.
  @Property({ type: new BigIntType('number') })
  uidValidity: number;

  @Property({ type: new BigIntType('number') })
  lastUid: number;

  constructor(fields: { mailbox: string; uidValidity: number; lastUid: number }) {
    super();
    this.mailbox = fields.mailbox;
    this.uidValidity = fields.uidValidity;
    this.lastUid = fields.lastUid;
  }
}
