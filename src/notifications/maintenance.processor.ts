import { OnApplicationBootstrap } from '@nestjs/common';
import { InjectQueue, Processor, WorkerHost } from '@nestjs/bullmq';
import type { Queue } from 'bullmq';
import { JobName, QueueName, RECONCILE_EVERY_MS, RECONCILE_SCHEDULER_ID } from '../queues/job-catalogue';
import { NotificationsService } from './notifications.service';

/** Periodic upkeep: rebuilds from PostgreSQL whatever Redis has lost. */
@Processor(QueueName.Maintenance)
export class MaintenanceProcessor extends WorkerHost implements OnApplicationBootstrap {
  constructor(
    private readonly notifications: NotificationsService,
    @InjectQueue(QueueName.Maintenance) private readonly maintenanceQueue: Queue,
  ) {
    super();
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.maintenanceQueue.upsertJobScheduler(RECONCILE_SCHEDULER_ID, { every: RECONCILE_EVERY_MS }, { name: JobName.ReconcileOutbox });
  }

  process(): Promise<number> {
    return this.notifications.reconcile();
  }
}
