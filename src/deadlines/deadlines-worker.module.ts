import { Module } from '@nestjs/common';
import { ForumsModule } from '../forums/forums.module';
import { OutboxModule } from '../outbox/outbox.module';
import { DeadlinesService } from './deadlines.service';
import { PendingService } from './pending.service';
import { ReminderProcessor } from './reminder.processor';
import { RemindersService } from './reminders.service';
import { DatabaseModule } from '../database/database.module';
import { Deadline } from './deadline.entity';

/** The reminders queue's consumer; only the worker process imports this module. */
@Module({
  imports: [DatabaseModule.forFeature([Deadline]), ForumsModule, OutboxModule],
  providers: [DeadlinesService, PendingService, RemindersService, ReminderProcessor],
  exports: [RemindersService, PendingService],
})
export class DeadlinesWorkerModule {}
