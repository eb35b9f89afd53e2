import { FaultStack } from './support/stack';
import { sleep, until } from '../support/ports';
import type { ServiceProcess } from './support/service-process';

interface Outcome {
  status: number;
  ms: number;
  contentType: string;
  code?: string;
  slug?: string;
  phase: 'before' | 'down' | 'after';
}

const OUTAGE_MS = 10_000;
// "Fail fast": an answer within this while PostgreSQL is gone, never a hung request.
const FAST_MS = 3_000;

describe('PostgreSQL stopped for 10 s under steady API load', () => {
  let stack: FaultStack;
  let api: ServiceProcess;
  let worker: ServiceProcess;

  beforeAll(async () => {
    stack = await FaultStack.start();
    api = await stack.startApi();
    worker = await stack.startWorker();
  });

  afterAll(async () => {
    await stack?.stop();
  });

  it('answers 503 problem details fast, says so on /health, and recovers without a restart or a lost outbox row', async () => {
    let phase: Outcome['phase'] = 'before';
    let running = true;
    const outcomes: Outcome[] = [];
    let serial = 0;

    async function call(method: 'GET' | 'POST', path: string, body?: unknown): Promise<Outcome> {
      const started = Date.now();
      const at = phase;
      const response = await fetch(`${stack.baseUrl}${path}`, {
        method,
        headers: { authorization: `Bearer ${stack.adminToken}`, 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(20_000),
      });
      const text = await response.text();
      const parsed = text.startsWith('{') ? (JSON.parse(text) as { code?: string; slug?: string }) : {};
      return {
        status: response.status,
        ms: Date.now() - started,
        contentType: response.headers.get('content-type') ?? '',
        code: parsed.code,
        slug: parsed.slug,
        phase: at,
      };
    }

    // Two readers and one writer; each write owes an email to the organisers (an outbox row).
    const readers = Array.from({ length: 2 }, async () => {
      while (running) {
        outcomes.push(await call('GET', '/api/forums?perPage=5'));
        await sleep(50);
      }
    });
    const writer = (async () => {
      while (running) {
        serial += 1;
        outcomes.push(
          await call('POST', '/api/forums', {
            slug: `outage-${serial}`,
            editionNumber: serial,
            title: { fr: `Forum ${serial}`, ko: `포럼 ${serial}` },
            hostCountry: 'FR',
            timeZone: 'Europe/Paris',
          }),
        );
        await sleep(100);
      }
    })();

    await sleep(3_000);
    phase = 'down';
    await stack.postgres.stop();
    const downSince = Date.now();
    await sleep(1_000);
    const health = await fetch(`${stack.baseUrl}/health`, { signal: AbortSignal.timeout(10_000) });
    const healthBody = (await health.json()) as { error?: Record<string, { status: string }>; info?: Record<string, { status: string }> };
    await sleep(OUTAGE_MS - (Date.now() - downSince));
    await stack.postgres.resume();
    phase = 'after';
    let recoveredAfterMs = -1;
    const back = Date.now();
    await until(
      async () => {
        const probe = await call('GET', '/api/forums?perPage=1');
        recoveredAfterMs = Date.now() - back;
        return probe.status === 200;
      },
      30_000,
      'the API to answer again',
    );
    await sleep(2_000);
    running = false;
    await Promise.all([...readers, writer]);

    const context = stack.logs();
    expect({ status: health.status, healthBody }).toMatchObject({
      status: 503,
      healthBody: { error: { database: { status: 'down' } }, info: { redis: { status: 'up' } } },
    });

    const down = outcomes.filter((o) => o.phase === 'down');
    expect(down.length).toBeGreaterThan(20);
    // No hang, no 500: 503 problem details (or a success the last open connection squeezed in).
    const wrong = down.filter(
      (o) =>
        !(o.status < 300 || (o.status === 503 && o.code === 'SERVICE_UNAVAILABLE' && o.contentType.startsWith('application/problem+json'))),
    );
    expect(wrong).toEqual([]);
    expect(down.filter((o) => o.status === 503).length).toBeGreaterThan(10);
    expect(down.filter((o) => o.ms > FAST_MS)).toEqual([]);
    expect(outcomes.filter((o) => o.status >= 500 && o.status !== 503)).toEqual([]);

    const after = outcomes.filter((o) => o.phase === 'after');
    expect(after.some((o) => o.status === 201)).toBe(true);
    expect(recoveredAfterMs).toBeLessThan(15_000);
    expect((await fetch(`${stack.baseUrl}/health`)).status).toBe(200);

    // The same processes, never restarted.
    expect([api.running, worker.running, stack.processes.length]).toEqual([true, true, 2]);

    // Every edition the API said it created has its committed outbox row, and every row goes out.
    const created = outcomes.filter((o) => o.status === 201).map((o) => o.slug);
    const rows = await stack.sql<{ slug: string; status: string }>(
      `select f.slug, m.status from forum f join message m on m.forum_id = f.id and m.kind = 'forum_created' where f.slug like 'outage-%'`,
    );
    expect(rows.map((r) => r.slug).sort()).toEqual([...created].sort());
    await until(
      async () => (await stack.sql(`select 1 from message where status <> 'sent'`)).length === 0,
      120_000,
      `every outbox row sent\n${context}`,
    );
    const received = stack.smtp.received.filter((m) => /Forum \d+/.test(m.parsed.subject ?? '') || /Forum \d+/.test(m.parsed.text ?? ''));
    expect(received.length).toBeGreaterThanOrEqual(created.length);
  });
});
