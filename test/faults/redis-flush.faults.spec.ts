import { until } from '../support/ports';
import { isoSeconds, seedInvited } from './support/seed';
import { FaultStack } from './support/stack';

const DEADLINES = 50;
const OFFSETS = 10;
// Reminders fire within this window, which opens once Redis has been flushed and reconciled.
const SPREAD_S = 50;
// How late a reminder may leave on a busy two-core machine and still be "at its time".
const LATE_MS = 3_000;

describe('FLUSHALL on Redis with 500 reminders scheduled across 50 deadlines', () => {
  let stack: FaultStack;

  beforeAll(async () => {
    stack = await FaultStack.start();
    await stack.startApi();
    await stack.startWorker();
  });

  afterAll(async () => {
    await stack?.stop();
  });

  const delayed = () => stack.redis.command((client) => client.zcard('faults:reminders:delayed'));

  it('fires every reminder at its time, none twice, after one reconcile rebuilt them', async () => {
    const forumIds = await seedInvited(
      stack.databaseUrl,
      Array.from({ length: DEADLINES }, (_, d) => ({ slug: `flush-${d}`, organisations: 1 })),
    );
    const windowOpens = Date.now() + 45_000;
    const dueAt = windowOpens + (SPREAD_S + 5) * 1000;
    const expected = new Map<string, number>();
    for (const [d, forumId] of forumIds.entries()) {
      // Ten distinct offsets per deadline, the fifty deadlines interleaved over the window.
      const offsets = Array.from({ length: OFFSETS }, (_, j) => 5 + ((d + j * 5) % SPREAD_S));
      const deadline = await stack.must<{ id: string }>(
        'POST',
        `/api/forums/${forumId}/deadlines`,
        {
          kind: 'custom',
          title: { fr: `Échéance ${d}`, ko: `마감 ${d}` },
          dueAt: isoSeconds(dueAt),
          timeZone: 'Asia/Seoul',
          reminderOffsets: offsets.map((s) => `PT${s}S`),
        },
        201,
      );
      for (const s of offsets) {
        expected.set(`reminder-${deadline.id}-PT${s}S`, Math.floor(dueAt / 1000) * 1000 - s * 1000);
      }
    }
    expect(expected.size).toBe(DEADLINES * OFFSETS);
    expect(await delayed()).toBe(DEADLINES * OFFSETS);

    await stack.redis.command((client) => client.flushall());
    expect(await stack.redis.command((client) => client.dbsize())).toBe(0);

    // The worker notices on its own: nobody restarts it or calls anything.
    await until(
      async () => (await delayed()) === DEADLINES * OFFSETS,
      windowOpens - Date.now() - 2_000,
      `the reminder jobs to be rebuilt\n${stack.logs()}`,
    );

    const sentRows = () =>
      stack.sql<{ dedupe_key: string; recipient: string; status: string; scheduled_for: Date }>(
        `select dedupe_key, recipient, status, scheduled_for from message where kind = 'deadline_reminder'`,
      );
    await until(
      async () => (await sentRows()).filter((r) => r.status === 'sent').length >= DEADLINES * OFFSETS,
      (SPREAD_S + 60) * 1000,
      `every reminder sent\n${stack.logs()}`,
    );
    // Time for a second firing to show, were there one.
    await new Promise((resolve) => setTimeout(resolve, 3_000));

    const rows = await sentRows();
    expect(rows).toHaveLength(DEADLINES * OFFSETS);
    const late: string[] = [];
    for (const row of rows) {
      const key = row.dedupe_key.replace(/-[0-9a-f-]{36}$/, '');
      const at = expected.get(key);
      const firedAt = new Date(row.scheduled_for).getTime();
      if (at === undefined || firedAt < at - 1_000 || firedAt > at + LATE_MS) {
        late.push(`${key}: due ${at === undefined ? '?' : new Date(at).toISOString()}, fired ${new Date(firedAt).toISOString()}`);
      }
    }
    expect(late).toEqual([]);
    const perRecipient = new Map<string, number>();
    for (const mail of stack.smtp.received.filter((m) => m.envelopeTo[0]?.startsWith('flush-'))) {
      perRecipient.set(mail.envelopeTo[0], (perRecipient.get(mail.envelopeTo[0]) ?? 0) + 1);
    }
    expect(perRecipient.size).toBe(DEADLINES);
    expect([...perRecipient.values()].filter((n) => n !== OFFSETS)).toEqual([]);
  });
});
