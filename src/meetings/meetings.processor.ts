import { Processor, WorkerHost } from '@nestjs/bullmq';
import type { Job } from 'bullmq';
import { JobName, type MeetingRequestPayload, QueueName, workerLockOptions } from '../queues/job-catalogue';
import { MeetingRequestsService } from './meeting-requests.service';

/** A meeting request's reminder and expiry; each does nothing once the request is answered. */
@Processor(QueueName.Meetings, workerLockOptions())
export class MeetingsProcessor extends WorkerHost {
  constructor(private readonly requests: MeetingRequestsService) {
    super();
  }

  process(job: Job<MeetingRequestPayload>): Promise<boolean> {
    return job.name === JobName.MeetingRequestReminder
      ? this.requests.remind(job.data.requestId)
      : this.requests.expire(job.data.requestId);
  }
}
