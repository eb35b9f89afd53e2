import { Processor, WorkerHost } from '@nestjs/bullmq';
import type { Job } from 'bullmq';
import { MAIL_CONCURRENCY, QueueName, type SendMessagePayload, workerLockOptions } from '../queues/job-catalogue';
import { MessageSender, type SendOutcome } from './message-sender.service';

@Processor(QueueName.Mail, { concurrency: MAIL_CONCURRENCY, ...workerLockOptions() })
export class MailProcessor extends WorkerHost {
  constructor(private readonly sender: MessageSender) {
    super();
  }

  process(job: Job<SendMessagePayload>): Promise<SendOutcome> {
    const finalAttempt = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
    return this.sender.send(job.data.messageId, { finalAttempt });
  }
}
