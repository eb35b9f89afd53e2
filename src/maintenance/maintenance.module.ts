import { Module } from '@nestjs/common';
import { DeadlinesWorkerModule } from '../deadlines/deadlines-worker.module';
import { MeetingsWorkerModule } from '../meetings/meetings-worker.module';
import { OutboxModule } from '../outbox/outbox.module';
import { DigestService } from './digest.service';
import { MaintenanceProcessor } from './maintenance.processor';

/** Worker only: the reconciler that rebuilds lost jobs. */
@Module({
  imports: [OutboxModule, DeadlinesWorkerModule, MeetingsWorkerModule],
  providers: [MaintenanceProcessor, DigestService],
})
export class MaintenanceModule {}
