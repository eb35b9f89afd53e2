import { Injectable, OnModuleDestroy } from '@nestjs/common';
import type * as Nodemailer from 'nodemailer';
import { onFirstUse } from '../common/on-first-use';
import { AppConfig } from '../config/app-config';
import type { IcsMethod } from './message.entity';

export interface OutgoingMail {
  to: string;
  subject: string;
  html: string;
  text: string;
  headers?: Record<string, string>;
  /** `filename` names the attachment for what it is: invite.ics, update.ics, cancel.ics. */
  calendar?: { method: IcsMethod; content: string; filename: string };
}

/**
 * SMTP connections a worker keeps open, unless SMTP_URL says otherwise (?maxConnections=). Fewer
 * than the mail jobs it works on at once (MAIL_CONCURRENCY), so that a connection always has the
 * next message waiting; few enough for a relay's limit on connections from one client.
 */
export const SMTP_POOL_SIZE = 5;

/** A pool of SMTP connections: a reminder to thousands reuses them. */
export function pooledSmtpUrl(smtpUrl: string): string {
  const url = new URL(smtpUrl);
  if (!url.searchParams.has('pool')) {
    url.searchParams.set('pool', 'true');
  }
  if (!url.searchParams.has('maxConnections')) {
    url.searchParams.set('maxConnections', String(SMTP_POOL_SIZE));
  }
  return url.toString();
}

/** nodemailer waits for the first message: the API, which only queues mail, never loads it. */
const loadNodemailer = onFirstUse<typeof Nodemailer>('nodemailer');

/** Sends over SMTP (SMTP_URL); nothing else in the codebase talks to nodemailer. */
@Injectable()
export class MailerService implements OnModuleDestroy {
  private transport?: Nodemailer.Transporter;

  constructor(private readonly config: AppConfig) {}

  async send(mail: OutgoingMail): Promise<string> {
    this.transport ??= loadNodemailer().createTransport(pooledSmtpUrl(this.config.get('smtpUrl')));
    const info = await this.transport.sendMail({
      from: this.config.get('mailFrom'),
      to: mail.to,
      subject: mail.subject,
      html: mail.html,
      text: mail.text,
      headers: mail.headers,
      // A text/calendar alternative (what clients turn into "add to calendar") plus an .ics attachment.
      icalEvent: mail.calendar
        ? { method: mail.calendar.method, content: mail.calendar.content, filename: mail.calendar.filename }
        : undefined,
    });
    return info.messageId;
  }

  onModuleDestroy(): void {
    this.transport?.close();
  }
}
