import type { JobsOptions } from 'bullmq';

/** Every queue, job name, payload and option, in one place. Job ids never contain ":". */
export const QueueName = {
  Mail: 'mail',
  Reminders: 'reminders',
  Calendar: 'calendar',
  Maintenance: 'maintenance',
  Replies: 'replies',
  Meetings: 'meetings',
} as const;

export const JobName = {
  SendMessage: 'send-message',
  Reconcile: 'reconcile',
  AgendaDigest: 'agenda-digest',
  SendReminder: 'send-reminder',
  SessionInvites: 'session-invites',
  ReadReplies: 'read-replies',
  MeetingRequestReminder: 'meeting-request-reminder',
  MeetingRequestExpiry: 'meeting-request-expiry',
} as const;

export interface MeetingRequestPayload {
  requestId: string;
}

/**
 * A meeting request's one reminder and its expiry: one delayed job each, with a deterministic id,
 * so scheduling twice is harmless. Each re-reads the request and does nothing once it is answered.
 */
export function meetingRequestJob(
  kind: 'reminder' | 'expiry',
  requestId: string,
  delayMs: number,
): { name: string; data: MeetingRequestPayload; opts: JobsOptions } {
  return {
    name: kind === 'reminder' ? JobName.MeetingRequestReminder : JobName.MeetingRequestExpiry,
    data: { requestId },
    opts: {
      jobId: `meeting-request-${kind}-${requestId}`,
      delay: Math.max(0, delayMs),
      attempts: 5,
      backoff: { type: 'exponential', delay: 10_000 },
      removeOnComplete: { age: 7 * 24 * 3600 },
      removeOnFail: { age: 30 * 24 * 3600 },
    },
  };
}

export interface SessionInvitesPayload {
  sessionId: string;
  sequence: number;
}

/** One fan-out per (session, sequence): the same change never fans out twice. */
export function sessionInvitesJob(sessionId: string, sequence: number): { name: string; data: SessionInvitesPayload; opts: JobsOptions } {
  return {
    name: JobName.SessionInvites,
    data: { sessionId, sequence },
    opts: {
      jobId: `session-invites-${sessionId}-${sequence}`,
      attempts: 5,
      backoff: { type: 'exponential', delay: 10_000 },
      removeOnComplete: { age: 7 * 24 * 3600 },
      removeOnFail: { age: 30 * 24 * 3600 },
    },
  };
}

export interface SendReminderPayload {
  deadlineId: string;
  /** The ISO-8601 duration before the due instant, e.g. P3D. */
  offset: string;
}

/** One delayed job per (deadline, offset); the id is deterministic, so scheduling twice is harmless. */
export function reminderJobId(deadlineId: string, offset: string): string {
  return `reminder-${deadlineId}-${offset}`;
}

export function sendReminderJob(
  deadlineId: string,
  offset: string,
  delayMs: number,
): { name: string; data: SendReminderPayload; opts: JobsOptions } {
  return {
    name: JobName.SendReminder,
    data: { deadlineId, offset },
    opts: {
      jobId: reminderJobId(deadlineId, offset),
      delay: Math.max(0, delayMs),
      attempts: 5,
      backoff: { type: 'exponential', delay: 10_000 },
      removeOnComplete: { age: 7 * 24 * 3600 },
      removeOnFail: { age: 30 * 24 * 3600 },
    },
  };
}

export interface SendMessagePayload {
  messageId: string;
}

/** Six attempts over about half an hour: 15 s, 30 s, 1 min, 2 min, 4 min. */
export const MAIL_ATTEMPTS = 6;
/**
 * Mail jobs one worker works on at once; also the most a worker killed mid-send can send twice.
 * More than the SMTP connections (mailer.service): while some jobs wait on Redis or PostgreSQL,
 * the others keep every connection busy.
 */
export const MAIL_CONCURRENCY = 20;
// Jitter spreads the retries of a fan-out that failed together, so they do not come back together.
export const MAIL_RETRY_BACKOFF = { type: 'exponential', delay: 15_000, jitter: 0.5 } as const;

export function sendMessageJob(messageId: string, delayMs: number): { name: string; data: SendMessagePayload; opts: JobsOptions } {
  return {
    name: JobName.SendMessage,
    data: { messageId },
    opts: {
      jobId: messageId,
      delay: Math.max(0, delayMs),
      attempts: MAIL_ATTEMPTS,
      backoff: MAIL_RETRY_BACKOFF,
      removeOnComplete: { age: 7 * 24 * 3600, count: 10_000 },
      removeOnFail: { age: 30 * 24 * 3600 },
    },
  };
}

/**
 * How long a worker's hold on a job lasts without renewal, and how often stalled jobs are looked
 * for: a worker killed mid-job hands its jobs back within about twice this (QUEUE_LOCK_MS).
 * Read when the worker's classes load, after the configuration was validated.
 */
export function workerLockOptions(): { lockDuration: number; stalledInterval: number } {
  const lockDuration = Number(process.env.QUEUE_LOCK_MS ?? 30_000);
  return { lockDuration, stalledInterval: lockDuration };
}

export const RECONCILE_SCHEDULER_ID = 'reconcile-every-minute';
export const RECONCILE_EVERY_MS = 60_000;

/** The shared agenda goes out on Monday mornings, Paris time. */
export const DIGEST_SCHEDULER_ID = 'agenda-digest-weekly';
export const DIGEST_SCHEDULE = { pattern: '0 7 * * 1', tz: 'Europe/Paris' };

/**
 * The organisers' mailbox is read for calendar replies every minute (when IMAP_URL is set), on a
 * queue of its own: a slow or unreachable IMAP server never delays the reconciler. Polling, not
 * IDLE: a job scheduler runs each reading once whatever the number of workers, needs no connection
 * held open between readings, and an answer a minute late changes nothing for a seat.
 */
export const REPLIES_SCHEDULER_ID = 'read-replies-every-minute';
export const REPLIES_EVERY_MS = 60_000;
