import { OnApplicationBootstrap } from '@nestjs/common';
import { InjectQueue, Processor, WorkerHost } from '@nestjs/bullmq';
import type { Job, Queue } from 'bullmq';
import { RemindersService } from '../deadlines/reminders.service';
import { NotificationsService } from '../notifications/notifications.service';
import { DIGEST_SCHEDULE, DIGEST_SCHEDULER_ID, JobName, QueueName, RECONCILE_EVERY_MS, RECONCILE_SCHEDULER_ID } from '../queues/job-catalogue';
import { DigestService } from './digest.service';

/** Periodic upkeep: rebuilds from PostgreSQL whatever Redis has lost (mail jobs, reminder jobs). */
@Processor(QueueName.Maintenance)
export class MaintenanceProcessor extends WorkerHost implements OnApplicationBootstrap {
  constructor(
    private readonly notifications: NotificationsService,
    private readonly reminders: RemindersService,
    private readonly digest: DigestService,
    @InjectQueue(QueueName.Maintenance) private readonly maintenanceQueue: Queue,
  ) {
    super();
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.maintenanceQueue.upsertJobScheduler(RECONCILE_SCHEDULER_ID, { every: RECONCILE_EVERY_MS }, { name: JobName.Reconcile });
    await this.maintenanceQueue.upsertJobScheduler(DIGEST_SCHEDULER_ID, DIGEST_SCHEDULE, { name: JobName.AgendaDigest });
  }

  async process(job: Job): Promise<Record<string, number>> {
    switch (job.name) {
      case JobName.Reconcile:
        return { messages: await this.notifications.reconcile(), reminders: await this.reminders.reconcile() };
      case JobName.AgendaDigest:
        return { digests: await this.digest.send() };
      default:
        return {};
    }
  }
}
