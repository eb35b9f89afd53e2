import { Injectable, Logger } from '@nestjs/common';
import { InjectQueue } from '@nestjs/bullmq';
import { EntityManager } from '@mikro-orm/postgresql';
import type { Queue } from 'bullmq';
import { Duration } from 'luxon';
import { Clock } from '../common/clock';
import { LOCALES, pickLocale } from '../common/locale';
import { readableTime, renderInstant } from '../common/time';
import { AppConfig } from '../config/app-config';
import { PublicUrls } from '../config/public-urls';
import { type MessageDraft, Outbox } from '../outbox/outbox.service';
import { unsubscribeKey, unsubscribeToken } from '../outbox/unsubscribe-token';
import { QueueName, reminderJobId, sendReminderJob } from '../queues/job-catalogue';
import { organisationName } from '../organisations/organisation.views';
import { Deadline } from './deadline.entity';
import { DEADLINE_KIND_DEFINITIONS } from './deadline-kinds';
import { type ReminderRecipient, reminderRecipients } from './reminder-recipients';

// A reminder fires on time or not at all: past this lateness (a worker down for hours), it is dropped.
const TOO_LATE_MS = 6 * 3600_000;
// A job that fires more than this before its time belongs to an instant that has since moved.
const TOO_EARLY_MS = 60_000;

export type ReminderOutcome = 'sent' | 'skipped';
const REMINDER_KIND = 'deadline_reminder';
const FIRST_SLICE = 20;
const COMPOSE_SLICE = 1_000;

/** Deadline reminders: one delayed job per offset, recipients chosen when it fires. */
@Injectable()
export class RemindersService {
  private readonly logger = new Logger(RemindersService.name);

  constructor(
    private readonly em: EntityManager,
    @InjectQueue(QueueName.Reminders) private readonly queue: Queue,
    private readonly outbox: Outbox,
    private readonly clock: Clock,
    private readonly config: AppConfig,
    private readonly urls: PublicUrls,
  ) {}

  fireAt(deadline: Deadline, offset: string): number {
    return deadline.dueAt.getTime() - Duration.fromISO(offset).toMillis();
  }

  /**
   * Makes the queue hold exactly this deadline's future reminders: jobs of offsets that went
   * (or of an instant that moved) are removed; offsets already past are skipped, never sent at once.
   */
  async schedule(deadline: Deadline, previousOffsets: string[] = []): Promise<void> {
    const now = this.clock.now().getTime();
    for (const offset of new Set([...previousOffsets, ...deadline.reminderOffsets])) {
      await this.queue.remove(reminderJobId(deadline.id, offset));
    }
    const jobs = deadline.reminderOffsets
      .filter((offset) => this.fireAt(deadline, offset) > now)
      .map((offset) => sendReminderJob(deadline.id, offset, this.fireAt(deadline, offset) - now));
    if (jobs.length > 0) {
      await this.queue.addBulk(jobs);
    }
  }

  async unschedule(deadlineId: string, offsets: string[]): Promise<void> {
    for (const offset of offsets) {
      await this.queue.remove(reminderJobId(deadlineId, offset));
    }
  }

  /**
   * Re-adds every reminder job that PostgreSQL says should exist and Redis lacks: the future ones,
   * and those whose time came while Redis had lost them (a finished job stays in Redis for days,
   * so a missing one never ran). A reminder whose time had already passed when its deadline was
   * last written was skipped on purpose, and stays skipped.
   */
  async reconcile(): Promise<number> {
    const now = this.clock.now().getTime();
    const deadlines = await this.em.fork().find(Deadline, { dueAt: { $gt: new Date(now) } });
    let rebuilt = 0;
    for (const deadline of deadlines) {
      for (const offset of deadline.reminderOffsets) {
        const at = this.fireAt(deadline, offset);
        const owed = at > now || (now - at <= TOO_LATE_MS && deadline.updatedAt.getTime() < at);
        if (owed && !(await this.queue.getJob(reminderJobId(deadline.id, offset)))) {
          await this.queue.add(...spread(sendReminderJob(deadline.id, offset, Math.max(0, at - now))));
          rebuilt += 1;
        }
      }
    }
    if (rebuilt > 0) {
      this.logger.log({ rebuilt }, 'Rebuilt lost reminder jobs from the database.');
    }
    return rebuilt;
  }

  /**
   * When a reminder fires: re-check the deadline (deleted, moved, offset removed: nothing is
   * sent), choose the recipients now (those who have not acted, in one query), write their
   * messages (the dedupe key makes a second run harmless) and enqueue them in bulk, in slices.
   */
  async fire(deadlineId: string, offset: string): Promise<ReminderOutcome> {
    const em = this.em.fork();
    const deadline = await em.findOne(Deadline, { id: deadlineId }, { populate: ['forum'] });
    const now = this.clock.now().getTime();
    if (!deadline || !deadline.reminderOffsets.includes(offset)) {
      return 'skipped';
    }
    const at = this.fireAt(deadline, offset);
    if (at - now > TOO_EARLY_MS || now - at > TOO_LATE_MS || now >= deadline.dueAt.getTime()) {
      return 'skipped';
    }
    const recipients = await reminderRecipients(em, deadline, REMINDER_KIND);
    const reason = DEADLINE_KIND_DEFINITIONS[deadline.kind].reason;
    const key = unsubscribeKey(this.config.get('adminToken'));
    const due = renderInstant(deadline.dueAt, deadline.timeZone);
    const scheduledFor = this.clock.now();
    // The same for every recipient of a language: worked out once.
    const shared = new Map(
      LOCALES.map((locale) => [
        locale,
        {
          forum: pickLocale(deadline.forum.title, locale),
          deadline: pickLocale(deadline.title, locale),
          dueParis: readableTime(due.paris),
          dueSeoul: readableTime(due.seoul),
          accessUrl: this.urls.forum(deadline.forum.slug),
          missing: reason.text[locale],
        },
      ]),
    );
    const draft = (recipient: ReminderRecipient): MessageDraft => ({
      kind: REMINDER_KIND,
      recipient: recipient.email,
      locale: recipient.locale,
      template: 'deadline-reminder',
      dedupeKey: `reminder-${deadline.id}-${offset}-${recipient.contactId}`,
      scheduledFor,
      forumId: deadline.forum.id,
      data: {
        name: recipient.firstName,
        organisation: organisationName({ name: recipient.organisation, nameKo: recipient.organisationKo }, recipient.locale),
        ...shared.get(recipient.locale),
        unsubscribeUrl: this.urls.unsubscribe(unsubscribeToken(key, recipient.contactId, REMINDER_KIND)),
      },
    });
    // A small first slice goes out at once; the next ones double up to COMPOSE_SLICE, so the
    // writing of the rest never holds the first messages up for long.
    for (let start = 0, size = FIRST_SLICE; start < recipients.length; start += size, size = Math.min(2 * size, COMPOSE_SLICE)) {
      await this.outbox.queueAfterCommit(await this.outbox.write(em, recipients.slice(start, start + size).map(draft)));
    }
    return 'sent';
  }
}

function spread(
  job: ReturnType<typeof sendReminderJob>,
): [string, ReturnType<typeof sendReminderJob>['data'], ReturnType<typeof sendReminderJob>['opts']] {
  return [job.name, job.data, job.opts];
}
