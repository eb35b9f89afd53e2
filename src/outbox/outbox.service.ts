import { Injectable, Logger } from '@nestjs/common';
import { InjectQueue } from '@nestjs/bullmq';
import { EntityManager, type FilterQuery } from '@mikro-orm/postgresql';
import { Queue } from 'bullmq';
import { Clock } from '../common/clock';
import { Page, PageQuery, toPage } from '../common/pagination';
import { ProblemCode, ProblemException } from '../common/problem';
import { QueueName, sendMessageJob } from '../queues/job-catalogue';
import { Message, type MessageStatus } from './message.entity';
import { type MessageDraft, OutboxStore, type WaitingMessage } from './outbox-store';

export type { MessageDraft, WaitingMessage } from './outbox-store';

// Adding to Redis must not hold an API request hostage: past this, the reconciler takes over.
const ENQUEUE_TIMEOUT_MS = 2_000;
const RECONCILE_BATCH = 500;

export interface MessageListQuery extends PageQuery {
  status?: MessageStatus;
  kind?: string;
  recipient?: string;
}

/**
 * The one door to the outbox. An email is written with `write`, in the caller's transaction, so
 * it commits with the change it reports or not at all; once committed it is put on the mail queue
 * with `queueAfterCommit`. Whatever that step misses (a crash in between, Redis away), the
 * reconciler puts on the queue later: nothing is sent that is not first a row here.
 */
@Injectable()
export class Outbox {
  private readonly logger = new Logger(Outbox.name);

  constructor(
    private readonly em: EntityManager,
    @InjectQueue(QueueName.Mail) private readonly mailQueue: Queue,
    private readonly store: OutboxStore,
    private readonly clock: Clock,
  ) {}

  /**
   * Writes the drafts through `em`, inside its transaction when it has one, in one statement
   * however many they are. A dedupe key already in the outbox is left as it is, so a second run
   * (a retried job, a worker restarted mid-way) adds nothing. Returns the messages of these keys
   * still waiting to be sent, for `queueAfterCommit`.
   */
  write(em: EntityManager, drafts: MessageDraft[]): Promise<WaitingMessage[]> {
    return this.store.insertAll(em, drafts);
  }

  /** Puts committed messages on the mail queue; on failure they stay `scheduled` for the reconciler. */
  async queueAfterCommit(messages: WaitingMessage[]): Promise<void> {
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
    await this.store.markQueued(messages.map((m) => m.id));
  }

  /** Re-adds the job of every unsent message that Redis has lost (after a flush or restart). */
  async reconcile(): Promise<number> {
    const em = this.em.fork();
    const pending = await em.find(
      Message,
      { status: { $in: ['scheduled', 'queued'] } },
      { orderBy: { scheduledFor: 'asc' }, limit: RECONCILE_BATCH },
    );
    const missing: Message[] = [];
    for (const message of pending) {
      const job = await this.mailQueue.getJob(message.id);
      if (!job) {
        missing.push(message);
      } else if (await job.isFailed()) {
        // The job gave up, but its last outcome never reached the row (PostgreSQL was away):
        // record it now, so the message shows as failed and an organiser can retry it.
        await em.nativeUpdate(
          Message,
          { id: message.id, status: { $in: ['scheduled', 'queued'] } },
          { status: 'failed', lastError: job.failedReason || 'Delivery failed.' },
        );
      }
    }
    if (missing.length > 0) {
      this.logger.log({ count: missing.length }, 'Rebuilding lost mail jobs from the outbox.');
      const now = this.clock.now().getTime();
      await this.mailQueue.addBulk(missing.map((m) => sendMessageJob(m.id, m.scheduledFor.getTime() - now)));
    }
    await this.store.markQueued(pending.map((m) => m.id));
    return missing.length;
  }

  /** The messages about an edition, newest first. */
  async list(forumId: string, query: MessageListQuery): Promise<Page<Message>> {
    const where: FilterQuery<Message> = { forumId };
    if (query.status) {
      where.status = query.status;
    }
    if (query.kind) {
      where.kind = query.kind;
    }
    if (query.recipient) {
      where.recipient = query.recipient;
    }
    const [items, total] = await this.em.findAndCount(Message, where, {
      orderBy: { createdAt: 'desc', id: 'asc' },
      limit: query.perPage,
      offset: query.offset,
    });
    return toPage(items, total, query);
  }

  /** A failed message goes back to the queue, as a new job (the failed one is dropped). */
  async retry(forumId: string, messageId: string): Promise<Message> {
    const message = await this.forumMessage(forumId, messageId);
    if (message.status !== 'failed') {
      throw ProblemException.conflict(ProblemCode.Conflict, `Only a failed message is retried; this one is ${message.status}.`);
    }
    await this.mailQueue.remove(message.id);
    message.status = 'scheduled';
    message.scheduledFor = this.clock.now();
    await this.em.flush();
    await this.queueAfterCommit([message]);
    return message;
  }

  /** A message not yet sent is cancelled; the worker re-checks the status and skips it. */
  async cancel(forumId: string, messageId: string): Promise<Message> {
    const message = await this.forumMessage(forumId, messageId);
    if (message.status !== 'scheduled' && message.status !== 'queued') {
      throw ProblemException.conflict(ProblemCode.Conflict, `Only a message not sent yet is cancelled; this one is ${message.status}.`);
    }
    message.status = 'cancelled';
    await this.em.flush();
    await this.mailQueue.remove(message.id).catch(() => 0);
    return message;
  }

  /** One message of an edition's outbox. */
  async get(forumId: string, messageId: string): Promise<Message> {
    return this.forumMessage(forumId, messageId);
  }

  /** The messages of these dedupe keys, for pages that show what was sent for what. */
  async byDedupeKeys(keys: string[]): Promise<Message[]> {
    return keys.length === 0 ? [] : this.em.find(Message, { dedupeKey: { $in: keys } });
  }

  /** The messages whose dedupe key starts so (a reminder's, say: `reminder-<deadline>-<offset>-`). */
  async byDedupePrefix(prefix: string): Promise<Message[]> {
    return this.em.find(
      Message,
      { dedupeKey: { $like: `${prefix.replace(/[\\%_]/g, (c) => `\\${c}`)}%` } },
      { orderBy: { recipient: 'asc' } },
    );
  }

  private async forumMessage(forumId: string, messageId: string): Promise<Message> {
    const message = await this.em.findOne(Message, { id: messageId, forumId });
    if (!message) {
      throw ProblemException.notFound('Message', messageId);
    }
    return message;
  }
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
