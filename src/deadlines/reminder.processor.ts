import { Processor, WorkerHost } from '@nestjs/bullmq';
import type { Job } from 'bullmq';
import { QueueName, workerLockOptions, type SendReminderPayload } from '../queues/job-catalogue';
import { type ReminderOutcome, RemindersService } from './reminders.service';

@Processor(QueueName.Reminders, workerLockOptions())
export class ReminderProcessor extends WorkerHost {
  constructor(private readonly reminders: RemindersService) {
    super();
  }

  process(job: Job<SendReminderPayload>): Promise<ReminderOutcome> {
    return this.reminders.fire(job.data.deadlineId, job.data.offset);
  }
}
