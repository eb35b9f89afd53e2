import type { INestApplicationContext } from '@nestjs/common';
import { getQueueToken, WorkerHost } from '@nestjs/bullmq';
import type { Queue, Worker } from 'bullmq';
import { ReminderProcessor } from '../../src/deadlines/reminder.processor';
import { MaintenanceProcessor } from '../../src/maintenance/maintenance.processor';
import { MeetingsProcessor } from '../../src/meetings/meetings.processor';
import { MailProcessor } from '../../src/outbox/mail.processor';
import { InvitesProcessor } from '../../src/participation/invites.processor';
import { QueueName } from '../../src/queues/job-catalogue';
import { RepliesProcessor } from '../../src/replies/replies.processor';
import { Harness, startHarness } from '../support/harness';

const PROCESSORS = [MailProcessor, ReminderProcessor, InvitesProcessor, MaintenanceProcessor, RepliesProcessor, MeetingsProcessor];

/**
 * BullMQ prints an error event nobody listens to with console.error (a raw stack in a JSON log):
 * every queue and every worker of both processes has a listener of ours, which logs it once.
 */
describe('Queue and worker errors', () => {
  let h: Harness;
  let worker: INestApplicationContext;

  beforeAll(async () => {
    h = await startHarness({ worker: true });
    worker = h.worker as INestApplicationContext;
  });

  afterAll(async () => {
    await h.close();
  });

  it('are listened to on every queue of the API and of the worker', () => {
    for (const context of [h.app, worker]) {
      for (const name of Object.values(QueueName)) {
        const queue = context.get<Queue>(getQueueToken(name), { strict: false });
        expect([name, queue.listenerCount('error')]).toEqual([name, 1]);
      }
    }
  });

  it('are listened to on every worker, and a job that outlived its lock is logged, not printed raw', () => {
    const printed = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      for (const processor of PROCESSORS) {
        const host = worker.get<WorkerHost<Worker>>(processor, { strict: false });
        expect([processor.name, host.worker.listenerCount('error')]).toEqual([processor.name, 1]);
        host.worker.emit('error', new Error('Lock mismatch for job 1. Cmd moveToFinished from active'));
      }
      expect(printed).not.toHaveBeenCalled();
    } finally {
      printed.mockRestore();
    }
  });
});
