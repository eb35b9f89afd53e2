import { Injectable, Logger } from '@nestjs/common';
import { InjectQueue } from '@nestjs/bullmq';
import { EntityManager } from '@mikro-orm/postgresql';
import { Queue, UnrecoverableError } from 'bullmq';
import { Clock } from '../common/clock';
import type { Locale } from '../common/locale';
import type { Forum } from '../forums/forum.entity';
import { QueueName, sendMessageJob } from '../queues/job-catalogue';
import { MailerService } from './mailer.service';
import { IcsMethod, Message } from './message.entity';
import { TemplateService } from './template.service';

export interface MessageDraft {
  kind: string;
  recipient: string;
  locale: Locale;
  template: string;
  data: Record<string, unknown>;
  dedupeKey: string;
  scheduledFor: Date;
  forum?: Forum;
  calendar?: { method: IcsMethod; content: string };
}

export type SendOutcome = 'sent' | 'skipped' | 'missing';

// Adding to Redis must not hold an API request hostage: past this, the reconciler takes over.
const ENQUEUE_TIMEOUT_MS = 2_000;
const RECONCILE_BATCH = 500;

/** The outbox: compose messages as rows, enqueue them, send one, and rebuild lost jobs. */
@Injectable()
export class NotificationsService {
  private readonly logger = new Logger(NotificationsService.name);

  constructor(
    private readonly em: EntityManager,
    @InjectQueue(QueueName.Mail) private readonly mailQueue: Queue,
    private readonly templates: TemplateService,
    private readonly mailer: MailerService,
    private readonly clock: Clock,
  ) {}

  /** Adds a message to the caller's unit of work, so it commits (or not) with the change it reports. */
  compose(em: EntityManager, draft: MessageDraft): Message {
    const message = new Message(draft);
    message.forum = draft.forum ?? null;
    if (draft.calendar) {
      message.icsMethod = draft.calendar.method;
      message.ics = draft.calendar.content;
    }
    em.persist(message);
    return message;
  }

  /** Puts committed messages on the mail queue; on failure they stay `scheduled` for the reconciler. */
  async enqueue(messages: Message[]): Promise<void> {
    if (messages.length === 0) {
      return;
    }
    const now = this.clock.now().getTime();
    const jobs = messages.map((m) => sendMessageJob(m.id, m.scheduledFor.getTime() - now));
    try {
      await withTimeout(this.mailQueue.addBulk(jobs), ENQUEUE_TIMEOUT_MS);
    } catch (error) {
      this.logger.warn({ err: error, count: messages.length }, 'Could not enqueue messages now; the reconciler will.');
      return;
    }
    await this.em.fork().nativeUpdate(Message, { id: { $in: messages.map((m) => m.id) }, status: 'scheduled' }, { status: 'queued' });
  }

  /** Renders and sends one message, recording the outcome; re-running it after success does nothing. */
  async send(messageId: string, options: { finalAttempt: boolean }): Promise<SendOutcome> {
    const em = this.em.fork();
    const message = await em.findOne(Message, { id: messageId });
    if (!message) {
      this.logger.warn({ messageId }, 'Message to send no longer exists.');
      return 'missing';
    }
    if (message.status === 'sent' || message.status === 'cancelled' || message.status === 'failed') {
      return 'skipped';
    }
    message.attempts += 1;
    let rendered;
    try {
      rendered = this.templates.render(message.template, message.locale, message.data);
    } catch (error) {
      // A template that cannot render will not render on retry either.
      await this.recordFailure(em, message, error, true);
      throw new UnrecoverableError(`Template ${message.template} failed: ${errorMessage(error)}`);
    }
    try {
      message.smtpMessageId = await this.mailer.send({
        to: message.recipient,
        ...rendered,
        calendar: message.ics && message.icsMethod ? { method: message.icsMethod, content: message.ics } : undefined,
      });
    } catch (error) {
      await this.recordFailure(em, message, error, options.finalAttempt);
      throw error;
    }
    message.status = 'sent';
    message.sentAt = this.clock.now();
    message.lastError = null;
    await em.flush();
    return 'sent';
  }

  /** Re-adds the job of every unsent message that Redis has lost (after a flush or restart). */
  async reconcile(): Promise<number> {
    const em = this.em.fork();
    const pending = await em.find(Message, { status: { $in: ['scheduled', 'queued'] } }, { orderBy: { scheduledFor: 'asc' }, limit: RECONCILE_BATCH });
    const missing: Message[] = [];
    for (const message of pending) {
      if (!(await this.mailQueue.getJob(message.id))) {
        missing.push(message);
      }
    }
    if (missing.length > 0) {
      this.logger.log({ count: missing.length }, 'Rebuilding lost mail jobs from the outbox.');
      const now = this.clock.now().getTime();
      await this.mailQueue.addBulk(missing.map((m) => sendMessageJob(m.id, m.scheduledFor.getTime() - now)));
    }
    await em.nativeUpdate(Message, { id: { $in: pending.map((m) => m.id) }, status: 'scheduled' }, { status: 'queued' });
    return missing.length;
  }

  private async recordFailure(em: EntityManager, message: Message, error: unknown, final: boolean): Promise<void> {
    message.lastError = errorMessage(error).slice(0, 2_000);
    message.status = final ? 'failed' : 'queued';
    await em.flush();
  }
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

async function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`Timed out after ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
