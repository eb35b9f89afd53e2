import { Module } from '@nestjs/common';
import { CoreModule } from './core.module';
import { InvitesWorkerModule } from './participation/invites-worker.module';
import { DeadlinesWorkerModule } from './deadlines/deadlines-worker.module';
import { MeetingsWorkerModule } from './meetings/meetings-worker.module';
import { MaintenanceModule } from './maintenance/maintenance.module';
import { OutboxWorkerModule } from './outbox/outbox-worker.module';
import { QueuesModule } from './queues/queues.module';
import { RepliesWorkerModule } from './replies/replies-worker.module';

/** The queue worker: BullMQ processors, no HTTP. */
@Module({
  imports: [
    CoreModule,
    QueuesModule.forRole('worker'),
    OutboxWorkerModule,
    DeadlinesWorkerModule,
    InvitesWorkerModule,
    MaintenanceModule,
    RepliesWorkerModule,
    MeetingsWorkerModule,
  ],
})
export class WorkerModule {}
