import { Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { InjectQueue, Processor, WorkerHost } from '@nestjs/bullmq';
import type { Job, Queue } from 'bullmq';
import { RemindersService } from '../deadlines/reminders.service';
import { MeetingRequestsService } from '../meetings/meeting-requests.service';
import { Outbox } from '../outbox/outbox.service';
import {
  DIGEST_SCHEDULE,
  DIGEST_SCHEDULER_ID,
  JobName,
  QueueName,
  RECONCILE_EVERY_MS,
  RECONCILE_SCHEDULER_ID,
} from '../queues/job-catalogue';
import { DigestService } from './digest.service';

// A Redis flush takes the job schedulers with it, and with them every later reconcile: this
// process looks for them on its own clock and puts them back, with a reconcile at once.
const SCHEDULER_CHECK_MS = 10_000;

/** Periodic upkeep: rebuilds from PostgreSQL whatever Redis has lost (mail jobs, reminder jobs, meeting requests' jobs). */
@Processor(QueueName.Maintenance)
export class MaintenanceProcessor extends WorkerHost implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(MaintenanceProcessor.name);
  private watch?: NodeJS.Timeout;

  constructor(
    private readonly outbox: Outbox,
    private readonly reminders: RemindersService,
    private readonly digest: DigestService,
    private readonly meetingRequests: MeetingRequestsService,
    @InjectQueue(QueueName.Maintenance) private readonly maintenanceQueue: Queue,
  ) {
    super();
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.upsertSchedulers();
    this.watch = setInterval(() => void this.restoreLostSchedulers(), SCHEDULER_CHECK_MS);
    this.watch.unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.watch);
  }

  private async upsertSchedulers(): Promise<void> {
    await this.maintenanceQueue.upsertJobScheduler(RECONCILE_SCHEDULER_ID, { every: RECONCILE_EVERY_MS }, { name: JobName.Reconcile });
    await this.maintenanceQueue.upsertJobScheduler(DIGEST_SCHEDULER_ID, DIGEST_SCHEDULE, { name: JobName.AgendaDigest });
  }

  private async restoreLostSchedulers(): Promise<void> {
    try {
      if (await this.maintenanceQueue.getJobScheduler(RECONCILE_SCHEDULER_ID)) {
        return;
      }
      await this.upsertSchedulers();
      await this.maintenanceQueue.add(JobName.Reconcile, {}, { removeOnComplete: true, removeOnFail: true });
      this.logger.warn('The job schedulers were gone from Redis (flushed?): restored, and reconciling now.');
    } catch {
      // Redis unreachable: the queue's own error log says so, and the next check tries again.
    }
  }

  async process(job: Job): Promise<Record<string, number>> {
    switch (job.name) {
      case JobName.Reconcile:
        return {
          messages: await this.outbox.reconcile(),
          reminders: await this.reminders.reconcile(),
          meetingRequests: await this.meetingRequests.reconcile(),
        };
      case JobName.AgendaDigest:
        return { digests: await this.digest.send() };
      default:
        return {};
    }
  }
}
