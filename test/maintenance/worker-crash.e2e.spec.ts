import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../../src/common/project-root';
import { Message } from '../../src/outbox/message.entity';
import { Outbox } from '../../src/outbox/outbox.service';
import { MAIL_CONCURRENCY } from '../../src/queues/job-catalogue';
import { createForum, forumCreatedData } from '../support/factories';
import { Harness, startHarness, unique } from '../support/harness';

const WORKER = join(PROJECT_ROOT, 'dist', 'src', 'worker.js');
const MESSAGES = 300;

async function until(condition: () => boolean | Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) {
      throw new Error('Condition not met in time');
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('A worker killed in the middle of a fan-out', () => {
  let h: Harness;
  const workers: ChildProcess[] = [];

  function startWorker(): ChildProcess {
    // The real worker process, built; it shares this test's database, queue prefix and SMTP sink.
    const child = spawn(process.execPath, [WORKER], {
      env: { ...process.env, QUEUE_LOCK_MS: '2000', LOG_LEVEL: 'silent' },
      stdio: 'ignore',
    });
    workers.push(child);
    return child;
  }

  beforeAll(async () => {
    if (!existsSync(WORKER)) {
      throw new Error(`${WORKER} is missing: run npm run build first (npm test does).`);
    }
    h = await startHarness();
  });

  afterAll(async () => {
    for (const worker of workers.filter((w) => w.exitCode === null && w.signalCode === null)) {
      const exited = new Promise((resolve) => worker.once('exit', resolve));
      worker.kill('SIGTERM');
      await exited;
    }
    await h.close();
  });

  it('loses no message, and sends at most as many twice as it was sending at once', async () => {
    const forum = await createForum(h);
    const tag = unique('crash');
    const outbox = h.app.get(Outbox);
    const messages = await outbox.write(
      h.em.fork(),
      Array.from({ length: MESSAGES }, (_, i) => ({
        kind: 'forum_created',
        recipient: `${tag}-${i}@passerelle.test`,
        locale: 'fr' as const,
        template: 'forum-created',
        dedupeKey: `${tag}-${i}`,
        scheduledFor: new Date(),
        forumId: forum.id,
        data: forumCreatedData({ title: `Message ${i}` }),
      })),
    );
    await outbox.queueAfterCommit(messages);
    h.smtp.delayMs = 20;

    const first = startWorker();
    await until(() => h.smtp.received.length >= 60, 30_000);
    first.kill('SIGKILL');
    await new Promise((resolve) => first.once('exit', resolve));
    // Outcomes are written in batches, but a job ends only once its own is written: what the
    // dead worker sent and did not record is at most what it was sending at once.
    const ours = (m: { envelopeTo: string[] }) => m.envelopeTo[0]?.startsWith(`${tag}-`) === true;
    const receivedBeforeRestart = h.smtp.received.filter(ours).length;
    const recordedBeforeRestart = await h.em.fork().find(Message, { dedupeKey: { $like: `${tag}-%` }, status: 'sent' });
    expect(recordedBeforeRestart.length).toBeGreaterThan(0);
    expect(receivedBeforeRestart - recordedBeforeRestart.length).toBeLessThanOrEqual(MAIL_CONCURRENCY);
    startWorker();

    const sent = () => h.em.fork().count(Message, { dedupeKey: { $like: `${tag}-%` }, status: 'sent' });
    await until(async () => (await sent()) === MESSAGES, 60_000);

    const received = h.smtp.received.filter(ours);
    const recipients = new Set(received.map((m) => m.envelopeTo[0]));
    expect(recipients.size).toBe(MESSAGES);
    expect(received.length - MESSAGES).toBeLessThanOrEqual(MAIL_CONCURRENCY);
    // A message recorded sent is never sent again.
    for (const message of recordedBeforeRestart) {
      expect(received.filter((m) => m.envelopeTo[0] === message.recipient)).toHaveLength(1);
    }
  }, 120_000);
});
