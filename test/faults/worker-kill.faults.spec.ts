import { MAIL_CONCURRENCY } from '../../src/queues/job-catalogue';
import { until } from '../support/ports';
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

  const written = async (deadlineId: string) =>
    Number(
      (await stack.sql<{ n: string }>(`select count(*) as n from message where dedupe_key like $1`, [`reminder-${deadlineId}-%`]))[0].n,
    );
  const received = (slug: string) => stack.smtp.received.filter((m) => m.envelopeTo[0]?.startsWith(`${slug}-`));

  it.each([
    // Killed while the job that chooses recipients is still writing their outbox rows (in slices of 250).
    {
      when: 'while writing the outbox rows',
      slug: 'kill-compose',
      killWhen: async (deadlineId: string) => (await written(deadlineId)) > 0,
    },
    { when: 'while sending', slug: 'kill-send', killWhen: () => Promise.resolve(received('kill-send').length >= 150) },
  ])('$when: exactly one sent message per recipient, none missing, at most the concurrency sent twice', async ({ slug, killWhen }) => {
    const [forumId] = await seedInvited(stack.databaseUrl, [{ slug, organisations: RECIPIENTS }]);
    // A worker that holds a job 2 s without renewing hands it back: the replacement picks it up soon.
    const lock = { QUEUE_LOCK_MS: '2000' };
    const first = await stack.startWorker(lock);
    const fireAt = Date.now() + 4_000;
    const deadline = await stack.must<{ id: string }>(
      'POST',
      `/api/forums/${forumId}/deadlines`,
      {
        kind: 'interest',
        title: { fr: 'Confirmer votre intérêt', ko: '참가 의향 확인' },
        dueAt: isoSeconds(fireAt + 3_600_000),
        timeZone: 'Europe/Paris',
        reminderOffsets: ['PT1H'],
      },
      201,
    );
    stack.smtp.delayMs = 5;

    let rowsAtKill = 0;
    await until(
      async () => {
        if (await killWhen(deadline.id)) {
          await first.kill('SIGKILL');
          rowsAtKill = await written(deadline.id);
          return true;
        }
        return false;
      },
      60_000,
      `the fan-out to start\n${stack.logs()}`,
    );
    const receivedAtKill = received(slug).length;
    const second = await stack.startWorker(lock);

    const sent = async () =>
      Number(
        (
          await stack.sql<{ n: string }>(`select count(*) as n from message where dedupe_key like $1 and status = 'sent'`, [
            `reminder-${deadline.id}-%`,
          ])
        )[0].n,
      );
    await until(async () => (await sent()) === RECIPIENTS, 180_000, `every reminder sent\n${stack.logs()}`);

    const rows = await stack.sql<{ recipient: string; n: string }>(
      `select recipient, count(*) as n from message where dedupe_key like $1 group by recipient`,
      [`reminder-${deadline.id}-%`],
    );
    expect(rows).toHaveLength(RECIPIENTS);
    expect(rows.filter((r) => r.n !== '1')).toEqual([]);
    const mails = received(slug);
    expect(new Set(mails.map((m) => m.envelopeTo[0])).size).toBe(RECIPIENTS);
    expect(mails.length - RECIPIENTS).toBeLessThanOrEqual(MAIL_CONCURRENCY);
    expect(second.running).toBe(true);
    // The kill happened with the fan-out under way, not after it.
    expect(receivedAtKill).toBeLessThan(RECIPIENTS / 2);
    process.stdout.write(
      `${slug}: killed with ${rowsAtKill} of ${RECIPIENTS} outbox rows written and ${receivedAtKill} received; ${mails.length - RECIPIENTS} sent twice\n`,
    );
    await second.kill('SIGTERM');
  });
});
