import { Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { InjectQueue, Processor, WorkerHost } from '@nestjs/bullmq';
import type { Queue } from 'bullmq';
import { AppConfig } from '../config/app-config';
import { JobName, QueueName, REPLIES_EVERY_MS, REPLIES_SCHEDULER_ID, workerLockOptions } from '../queues/job-catalogue';
import { type RepliesRead, RepliesService } from './replies.service';

// As for the reconciler: a Redis flush takes the schedule with it, so it is looked for and put back.
const SCHEDULER_CHECK_MS = 10_000;

/** Reads the replies to invites every minute while IMAP_URL is set; without it, no schedule is left behind. */
@Processor(QueueName.Replies, workerLockOptions())
export class RepliesProcessor extends WorkerHost implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(RepliesProcessor.name);
  private watch?: NodeJS.Timeout;

  constructor(
    private readonly replies: RepliesService,
    private readonly config: AppConfig,
    @InjectQueue(QueueName.Replies) private readonly queue: Queue,
  ) {
    super();
  }

  async onApplicationBootstrap(): Promise<void> {
    if (this.config.get('imapUrl') === null) {
      await this.queue.removeJobScheduler(REPLIES_SCHEDULER_ID);
      return;
    }
    await this.schedule();
    this.watch = setInterval(() => void this.restoreLostScheduler(), SCHEDULER_CHECK_MS);
    this.watch.unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.watch);
  }

  process(): Promise<RepliesRead> {
    return this.replies.poll();
  }

  private async schedule(): Promise<void> {
    await this.queue.upsertJobScheduler(
      REPLIES_SCHEDULER_ID,
      { every: REPLIES_EVERY_MS },
      { name: JobName.ReadReplies, opts: { removeOnComplete: { count: 100 }, removeOnFail: { age: 7 * 24 * 3600 } } },
    );
  }

  private async restoreLostScheduler(): Promise<void> {
    try {
      if (!(await this.queue.getJobScheduler(REPLIES_SCHEDULER_ID))) {
        await this.schedule();
        this.logger.warn('The schedule of the replies reading was gone from Redis (flushed?): restored.');
      }
    } catch {
      // Redis unreachable: the queue's own error log says so, and the next check tries again.
    }
  }
}
