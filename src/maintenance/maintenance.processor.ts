import { OnApplicationBootstrap } from '@nestjs/common';
import { InjectQueue, Processor, WorkerHost } from '@nestjs/bullmq';
import type { Job, Queue } from 'bullmq';
import { RemindersService } from '../deadlines/reminders.service';
import { NotificationsService } from '../notifications/notifications.service';
import { JobName, QueueName, RECONCILE_EVERY_MS, RECONCILE_SCHEDULER_ID } from '../queues/job-catalogue';

/** Periodic upkeep: rebuilds from PostgreSQL whatever Redis has lost (mail jobs, reminder jobs). */
@Processor(QueueName.Maintenance)
export class MaintenanceProcessor extends WorkerHost implements OnApplicationBootstrap {
  constructor(
    private readonly notifications: NotificationsService,
    private readonly reminders: RemindersService,
    @InjectQueue(QueueName.Maintenance) private readonly maintenanceQueue: Queue,
  ) {
    super();
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.maintenanceQueue.upsertJobScheduler(RECONCILE_SCHEDULER_ID, { every: RECONCILE_EVERY_MS }, { name: JobName.Reconcile });
  }

  async process(job: Job): Promise<{ messages: number; reminders: number }> {
    if (job.name !== JobName.Reconcile) {
      return { messages: 0, reminders: 0 };
    }
    return { messages: await this.notifications.reconcile(), reminders: await this.reminders.reconcile() };
  }
}
