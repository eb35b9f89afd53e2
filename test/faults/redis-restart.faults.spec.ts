import { sleep, until } from '../support/ports';
import { FaultStack } from './support/stack';

interface Outcome {
  kind: 'read' | 'write';
  status: number;
  ms: number;
  phase: 'before' | 'down' | 'after';
  slug?: string;
}

const OUTAGE_MS = 6_000;

describe('Redis restarted under API load', () => {
  let stack: FaultStack;

  beforeAll(async () => {
    stack = await FaultStack.start();
    await stack.startApi();
    await stack.startWorker();
  });

  afterAll(async () => {
    await stack?.stop();
  });

  it('keeps serving reads, and every email owed before, during and after goes out', async () => {
    const seeded = await stack.must<{ id: string; slug: string }>(
      'POST',
      '/api/forums',
      { slug: 'redis-seed', editionNumber: 1, title: { fr: 'Forum témoin' }, hostCountry: 'FR', timeZone: 'Europe/Paris' },
      201,
    );
    await stack.must('PATCH', `/api/forums/${seeded.id}`, { status: 'published' }, 200);

    let phase: Outcome['phase'] = 'before';
    let running = true;
    let serial = 0;
    const outcomes: Outcome[] = [];
    const timed = async (kind: Outcome['kind'], work: () => Promise<{ status: number; body?: unknown }>) => {
      const at = phase;
      const started = Date.now();
      const { status, body } = await work();
      outcomes.push({ kind, status, ms: Date.now() - started, phase: at, slug: (body as { slug?: string } | undefined)?.slug });
    };

    const readers = [
      async () => stack.request('GET', '/api/forums?perPage=5'),
      async () => stack.request('GET', `/api/forums/${seeded.id}/programme`),
      async () => ({ status: (await fetch(`${stack.baseUrl}/calendar/forums/redis-seed.ics`)).status }),
    ].map(async (read) => {
      while (running) {
        await timed('read', read);
        await sleep(50);
      }
    });
    const writer = (async () => {
      while (running) {
        serial += 1;
        const slug = `restart-${serial}`;
        await timed('write', () =>
          stack.request('POST', '/api/forums', {
            slug,
            editionNumber: serial,
            title: { fr: `Forum ${serial}` },
            hostCountry: 'KR',
            timeZone: 'Asia/Seoul',
          }),
        );
        await sleep(150);
      }
    })();

    await sleep(2_000);
    phase = 'down';
    await stack.redis.stop();
    await sleep(1_000);
    const health = await stack.request<{ error?: Record<string, unknown> }>('GET', '/health');
    await sleep(OUTAGE_MS - 1_000);
    await stack.redis.resume();
    phase = 'after';
    await sleep(5_000);
    running = false;
    await Promise.all([...readers, writer]);

    expect(health.status).toBe(503);
    expect(health.body.error).toHaveProperty('redis');
    const reads = outcomes.filter((o) => o.kind === 'read' && o.phase === 'down');
    expect(reads.length).toBeGreaterThan(20);
    expect(reads.filter((o) => o.status !== 200)).toEqual([]);
    // Writes commit their outbox rows whatever Redis does: none refused, none a 500.
    expect(outcomes.filter((o) => o.kind === 'write' && o.status !== 201)).toEqual([]);
    expect(outcomes.filter((o) => o.kind === 'write' && o.phase === 'down').length).toBeGreaterThan(3);
    expect(outcomes.filter((o) => o.ms > 5_000)).toEqual([]);

    const created = ['redis-seed', ...outcomes.filter((o) => o.kind === 'write').map((o) => o.slug)];
    const subjectsFor = (slug: string | undefined) =>
      stack.smtp.received.filter((m) => new RegExp(`${slug}(?![0-9])`).test(m.parsed.text ?? '')).length;
    await until(
      async () => (await stack.sql(`select 1 from message where status <> 'sent'`)).length === 0,
      120_000,
      `every outbox row sent after the restart\n${stack.logs()}`,
    );
    expect(created.filter((slug) => subjectsFor(slug) === 0)).toEqual([]);
    expect((await stack.request('GET', '/health')).status).toBe(200);
    expect(stack.processes.every((p) => p.running)).toBe(true);
  });
});
