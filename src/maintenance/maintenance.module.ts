import { Module } from '@nestjs/common';
import { DeadlinesWorkerModule } from '../deadlines/deadlines-worker.module';
import { NotificationsModule } from '../notifications/notifications.module';
import { DigestService } from './digest.service';
import { MaintenanceProcessor } from './maintenance.processor';

/** Worker only: the reconciler that rebuilds lost jobs. */
@Module({
  imports: [NotificationsModule, DeadlinesWorkerModule],
  providers: [MaintenanceProcessor, DigestService],
})
export class MaintenanceModule {}
