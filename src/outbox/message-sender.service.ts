import { Injectable, Logger } from '@nestjs/common';
import { UnrecoverableError } from 'bullmq';
import { MailerService } from './mailer.service';
import type { IcsMethod } from './message.entity';
import { type OutboxRow, OutboxStore } from './outbox-store';
import { TemplateService } from './template.service';

export type SendOutcome = 'sent' | 'skipped' | 'missing';

/** Sends one outbox message: the mail job's work, apart from the composing that wrote the row. */
@Injectable()
export class MessageSender {
  private readonly logger = new Logger(MessageSender.name);

  constructor(
    private readonly store: OutboxStore,
    private readonly templates: TemplateService,
    private readonly mailer: MailerService,
  ) {}

  /**
   * Renders and sends one message, recording the outcome; re-running it after success does
   * nothing. It returns once the outcome is written, so a job never completes with its message
   * sent but not recorded.
   */
  async send(messageId: string, options: { finalAttempt: boolean }): Promise<SendOutcome> {
    const message = await this.store.load(messageId);
    if (!message) {
      this.logger.warn({ messageId }, 'Message to send no longer exists.');
      return 'missing';
    }
    if (message.status === 'sent' || message.status === 'cancelled' || message.status === 'failed') {
      return 'skipped';
    }
    let rendered;
    try {
      rendered = this.templates.render(message.template, message.locale, message.data);
    } catch (error) {
      // A template that cannot render will not render on retry either.
      await this.store.markFailed(message.id, errorMessage(error).slice(0, 2_000), true);
      throw new UnrecoverableError(`Template ${message.template} failed: ${errorMessage(error)}`);
    }
    let smtpMessageId: string;
    try {
      smtpMessageId = await this.mailer.send({
        to: message.recipient,
        ...rendered,
        headers: headersOf(message),
        calendar:
          message.ics && message.icsMethod
            ? { method: message.icsMethod, content: message.ics, filename: calendarFileName(message.icsMethod, message.template) }
            : undefined,
      });
    } catch (error) {
      await this.store.markFailed(message.id, errorMessage(error).slice(0, 2_000), options.finalAttempt);
      throw error;
    }
    await this.store.markSent(message.id, smtpMessageId);
    return 'sent';
  }
}

/** Content-Language always; one-click unsubscribe (RFC 8058) where the message offers it. */
function headersOf(message: Pick<OutboxRow, 'locale' | 'data'>): Record<string, string> {
  const headers: Record<string, string> = { 'Content-Language': message.locale };
  const unsubscribeUrl = message.data.unsubscribeUrl;
  if (typeof unsubscribeUrl === 'string') {
    headers['List-Unsubscribe'] = `<${unsubscribeUrl}>`;
    headers['List-Unsubscribe-Post'] = 'List-Unsubscribe=One-Click';
  }
  return headers;
}

/**
 * The attachment is named for what it does to the reader's calendar, as its email says: a cancel,
 * an update of an event already there (its template says so), an invitation, a published event.
 */
export function calendarFileName(method: IcsMethod, template: string): string {
  switch (method) {
    case 'CANCEL':
      return 'cancel.ics';
    case 'REQUEST':
      return template === 'session-update' ? 'update.ics' : 'invite.ics';
    case 'PUBLISH':
      return 'event.ics';
  }
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
