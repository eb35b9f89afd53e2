import { MAIL_CONCURRENCY } from '../../src/queues/job-catalogue';
import { until } from './support/ports';
import { isoSeconds, seedInvited } from './support/seed';
import { FaultStack } from './support/stack';

const RECIPIENTS = 2_000;

describe('The worker SIGKILLed in the middle of a 2,000-recipient reminder fan-out', () => {
  let stack: FaultStack;

  beforeAll(async () => {
    stack = await FaultStack.start();
    await stack.startApi();
  });

  afterAll(async () => {
    await stack?.stop();
  });

  it('ends with exactly one sent message per recipient, none missing, at most the concurrency sent twice', async () => {
    const [forumId] = await seedInvited(stack.databaseUrl, [{ slug: 'fan-out', organisations: RECIPIENTS }]);
    // A worker that holds a job 2 s without renewing hands it back: the replacement picks it up soon.
    const lock = { QUEUE_LOCK_MS: '2000' };
    const first = await stack.startWorker(lock);
    const fireAt = Date.now() + 4_000;
    const deadline = await stack.must<{ id: string }>(
      'POST',
      `/api/forums/${forumId}/deadlines`,
      { kind: 'interest', title: { fr: 'Confirmer votre intérêt', ko: '참가 의향 확인' }, dueAt: isoSeconds(fireAt + 3_600_000), timeZone: 'Europe/Paris', reminderOffsets: ['PT1H'] },
      201,
    );
    stack.smtp.delayMs = 5;

    await until(() => stack.smtp.received.length >= 150, 60_000, `the fan-out to start\n${stack.logs()}`);
    await first.kill('SIGKILL');
    const receivedAtKill = stack.smtp.received.length;
    const [{ written }] = await stack.sql<{ written: string }>(`select count(*) as written from message where dedupe_key like $1`, [`reminder-${deadline.id}-%`]);
    const second = await stack.startWorker(lock);

    const sent = async () => Number((await stack.sql<{ n: string }>(`select count(*) as n from message where dedupe_key like $1 and status = 'sent'`, [`reminder-${deadline.id}-%`]))[0].n);
    await until(async () => (await sent()) === RECIPIENTS, 180_000, `every reminder sent\n${stack.logs()}`);

    const rows = await stack.sql<{ recipient: string; n: string }>(`select recipient, count(*) as n from message where dedupe_key like $1 group by recipient`, [`reminder-${deadline.id}-%`]);
    expect(rows).toHaveLength(RECIPIENTS);
    expect(rows.filter((r) => r.n !== '1')).toEqual([]);

    const received = stack.smtp.received.filter((m) => m.envelopeTo[0]?.startsWith('fan-out-'));
    const recipients = new Set(received.map((m) => m.envelopeTo[0]));
    expect(recipients.size).toBe(RECIPIENTS);
    expect(received.length - RECIPIENTS).toBeLessThanOrEqual(MAIL_CONCURRENCY);
    expect(second.running).toBe(true);
    // The kill happened with the fan-out still under way, not after it.
    expect(receivedAtKill).toBeLessThan(RECIPIENTS / 2);
    expect(Number(written)).toBeGreaterThan(0);
    process.stdout.write(`killed with ${written} of ${RECIPIENTS} outbox rows written and ${receivedAtKill} received; ${received.length - RECIPIENTS} sent twice\n`);
  });
});
