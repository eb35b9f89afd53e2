import { Processor, WorkerHost } from '@nestjs/bullmq';
import type { Job } from 'bullmq';
import { MAIL_CONCURRENCY, QueueName, type SendMessagePayload, workerLockOptions } from '../queues/job-catalogue';
import { NotificationsService, type SendOutcome } from './notifications.service';

@Processor(QueueName.Mail, { concurrency: MAIL_CONCURRENCY, ...workerLockOptions() })
export class MailProcessor extends WorkerHost {
  constructor(private readonly notifications: NotificationsService) {
    super();
  }

  process(job: Job<SendMessagePayload>): Promise<SendOutcome> {
    const finalAttempt = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
    return this.notifications.send(job.data.messageId, { finalAttempt });
  }
}
