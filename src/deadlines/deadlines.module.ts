import { Module } from '@nestjs/common';
import { ForumsModule } from '../forums/forums.module';
import { OutboxModule } from '../outbox/outbox.module';
import { DeadlinesController } from './deadlines.controller';
import { DeadlinesService } from './deadlines.service';
import { PendingService } from './pending.service';
import { RemindersService } from './reminders.service';
import { DatabaseModule } from '../database/database.module';
import { Deadline } from './deadline.entity';

@Module({
  imports: [DatabaseModule.forFeature([Deadline]), ForumsModule, OutboxModule],
  controllers: [DeadlinesController],
  providers: [DeadlinesService, PendingService, RemindersService],
  exports: [DeadlinesService, PendingService, RemindersService],
})
export class DeadlinesModule {}
