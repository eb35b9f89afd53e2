import { Module } from '@nestjs/common';
import { MailProcessor } from './mail.processor';
import { NotificationsModule } from './notifications.module';

/** The queue consumers; only the worker process imports this module. */
@Module({
  imports: [NotificationsModule],
  providers: [MailProcessor],
})
export class NotificationsWorkerModule {}
