import { Processor, WorkerHost } from '@nestjs/bullmq';
import type { Job } from 'bullmq';
import { QueueName, workerLockOptions, type SessionInvitesPayload } from '../queues/job-catalogue';
import { InvitesService } from './invites.service';

@Processor(QueueName.Calendar, workerLockOptions())
export class InvitesProcessor extends WorkerHost {
  constructor(private readonly invites: InvitesService) {
    super();
  }

  process(job: Job<SessionInvitesPayload>): Promise<number> {
    return this.invites.fanOut(job.data.sessionId, job.data.sequence);
  }
}
