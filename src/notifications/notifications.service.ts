import { randomUUID } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import { InjectQueue } from '@nestjs/bullmq';
import { EntityManager, type FilterQuery } from '@mikro-orm/postgresql';
import { Queue, UnrecoverableError } from 'bullmq';
import { Clock } from '../common/clock';
import { UUID_PATTERN } from '../common/id.pipe';
import { Page, PageQuery, toPage } from '../common/pagination';
import { ProblemCode, ProblemException } from '../common/problem';
import type { Locale } from '../common/locale';
import type { Forum } from '../forums/forum.entity';
import { QueueName, sendMessageJob } from '../queues/job-catalogue';
import { MailerService } from './mailer.service';
import { IcsMethod, Message, type MessageStatus } from './message.entity';
import { type OutboxRow, OutboxStore, type WaitingMessage } from './outbox-store.service';
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
    private readonly outbox: OutboxStore,
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

  /**
   * Writes many messages at once; a dedupe key already in the outbox is left as it is, so a
   * second run (a retried job, a worker restarted mid-way) adds nothing. Returns the messages
   * of these keys still waiting to be sent.
   */
  async composeAll(drafts: MessageDraft[]): Promise<Message[]> {
    if (drafts.length === 0) {
      return [];
    }
    const em = this.em.fork();
    const now = this.clock.now();
    await em
      .createQueryBuilder(Message)
      .insert(
        drafts.map((d) => ({
          id: randomUUID(),
          createdAt: now,
          updatedAt: now,
          kind: d.kind,
          recipient: d.recipient,
          locale: d.locale,
          template: d.template,
          data: d.data,
          dedupeKey: d.dedupeKey,
          scheduledFor: d.scheduledFor,
          forum: d.forum?.id ?? null,
          status: 'scheduled' as const,
          attempts: 0,
          ics: d.calendar?.content ?? null,
          icsMethod: d.calendar?.method ?? null,
        })),
      )
      .onConflict('dedupeKey')
      .ignore()
      .execute();
    return em.find(Message, { dedupeKey: { $in: drafts.map((d) => d.dedupeKey) }, status: { $in: ['scheduled', 'queued'] } });
  }

  /** Puts committed messages on the mail queue; on failure they stay `scheduled` for the reconciler. */
  async enqueue(messages: WaitingMessage[]): Promise<void> {
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

  /**
   * Writes a fan-out's messages and puts those still waiting on the mail queue, without loading
   * them as entities; a second run adds nothing and re-enqueues only what is still unsent.
   */
  async fanOut(drafts: MessageDraft[]): Promise<number> {
    const waiting = await this.outbox.insertAll(drafts);
    await this.enqueue(waiting);
    return waiting.length;
  }

  /**
   * Renders and sends one message, recording the outcome; re-running it after success does
   * nothing. It returns once the outcome is written, so a job never completes with its message
   * sent but not recorded.
   */
  async send(messageId: string, options: { finalAttempt: boolean }): Promise<SendOutcome> {
    const message = await this.outbox.load(messageId);
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
      await this.outbox.markFailed(message.id, errorMessage(error).slice(0, 2_000), true);
      throw new UnrecoverableError(`Template ${message.template} failed: ${errorMessage(error)}`);
    }
    let smtpMessageId: string;
    try {
      smtpMessageId = await this.mailer.send({
        to: message.recipient,
        ...rendered,
        headers: headersOf(message),
        calendar: message.ics && message.icsMethod ? { method: message.icsMethod, content: message.ics, filename: calendarFileName(message.icsMethod, message.template) } : undefined,
      });
    } catch (error) {
      await this.outbox.markFailed(message.id, errorMessage(error).slice(0, 2_000), options.finalAttempt);
      throw error;
    }
    await this.outbox.markSent(message.id, smtpMessageId);
    return 'sent';
  }

  async list(forumRef: string, query: PageQuery & { status?: MessageStatus; kind?: string; recipient?: string }): Promise<Page<Message>> {
    const where: FilterQuery<Message> = { forum: UUID_PATTERN.test(forumRef) ? { id: forumRef } : { slug: forumRef } };
    if (query.status) {
      where.status = query.status;
    }
    if (query.kind) {
      where.kind = query.kind;
    }
    if (query.recipient) {
      where.recipient = query.recipient;
    }
    const [items, total] = await this.em.findAndCount(Message, where, { orderBy: { createdAt: 'desc', id: 'asc' }, limit: query.perPage, offset: query.offset });
    return toPage(items, total, query);
  }

  /** The messages of these dedupe keys, for pages that show what was sent for what. */
  async byDedupeKeys(keys: string[]): Promise<Message[]> {
    return keys.length === 0 ? [] : this.em.find(Message, { dedupeKey: { $in: keys } });
  }

  /** The messages whose dedupe key starts so (a reminder's, say: `reminder-<deadline>-<offset>-`). */
  async byDedupePrefix(prefix: string): Promise<Message[]> {
    return this.em.find(Message, { dedupeKey: { $like: `${prefix.replace(/[\\%_]/g, (c) => `\\${c}`)}%` } }, { orderBy: { recipient: 'asc' } });
  }

  /** One message of an edition's outbox. */
  async get(forumRef: string, messageId: string): Promise<Message> {
    return this.forumMessage(forumRef, messageId);
  }

  /** A failed message goes back to the queue, as a new job (the failed one is dropped). */
  async retry(forumRef: string, messageId: string): Promise<Message> {
    const message = await this.forumMessage(forumRef, messageId);
    if (message.status !== 'failed') {
      throw ProblemException.conflict(ProblemCode.Conflict, `Only a failed message is retried; this one is ${message.status}.`);
    }
    await this.mailQueue.remove(message.id);
    message.status = 'scheduled';
    message.scheduledFor = this.clock.now();
    await this.em.flush();
    await this.enqueue([message]);
    return message;
  }

  /** A message not yet sent is cancelled; the worker re-checks the status and skips it. */
  async cancel(forumRef: string, messageId: string): Promise<Message> {
    const message = await this.forumMessage(forumRef, messageId);
    if (message.status !== 'scheduled' && message.status !== 'queued') {
      throw ProblemException.conflict(ProblemCode.Conflict, `Only a message not sent yet is cancelled; this one is ${message.status}.`);
    }
    message.status = 'cancelled';
    await this.em.flush();
    await this.mailQueue.remove(message.id).catch(() => 0);
    return message;
  }

  private async forumMessage(forumRef: string, messageId: string): Promise<Message> {
    const message = await this.em.findOne(Message, { id: messageId, forum: UUID_PATTERN.test(forumRef) ? { id: forumRef } : { slug: forumRef } });
    if (!message) {
      throw ProblemException.notFound('Message', messageId);
    }
    return message;
  }

  /** Re-adds the job of every unsent message that Redis has lost (after a flush or restart). */
  async reconcile(): Promise<number> {
    const em = this.em.fork();
    const pending = await em.find(Message, { status: { $in: ['scheduled', 'queued'] } }, { orderBy: { scheduledFor: 'asc' }, limit: RECONCILE_BATCH });
    const missing: Message[] = [];
    for (const message of pending) {
      const job = await this.mailQueue.getJob(message.id);
      if (!job) {
        missing.push(message);
      } else if (await job.isFailed()) {
        // The job gave up, but its last outcome never reached the row (PostgreSQL was away):
        // record it now, so the message shows as failed and an organiser can retry it.
        await em.nativeUpdate(Message, { id: message.id, status: { $in: ['scheduled', 'queued'] } }, { status: 'failed', lastError: job.failedReason || 'Delivery failed.' });
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
