import type { MikroORM } from '@mikro-orm/postgresql';
import { Client } from 'pg';
import { Pool } from 'undici';
import { Forum } from '../src/forums/forum.entity';
import { Invitation } from '../src/forums/invitation.entity';
import { Contact } from '../src/organisations/contact.entity';
import { Organisation } from '../src/organisations/organisation.entity';
import { Session, SessionHost } from '../src/programme/session.entity';
import { Delegate, Registration } from '../src/participation/registration.entity';
import { cpuMsOf, withBenchApiProcess } from './api-process';
import { RawHttpClients } from './raw-http';
import { fail, percentile, recordFigures, withBenchApp } from './support';

/**
 * 200 simultaneous enrolments at a 30-seat field visit through the HTTP API. Prints how many got
 * a seat (must be 30), how many wait (170, numbered 1 to 170 in the order they were committed),
 * and p50/p99 latency (target: p99 under 100 ms). The API runs as its own process (the built
 * dist/src/main.js), as in production; the same burst against the API inside the benchmark's own
 * process, sharing one event loop with the 200 clients, is printed after it for comparison.
 * Each client holds its connection open before the burst, as a browser that loaded the page
 * does, and the load generator is a lean one (raw-http.ts); the same burst through undici's pool
 * and through fetch, which opens its connections as it goes, is printed too.
 */
const REQUESTS = 200;
const SEATS = 30;

interface Seeded {
  forumId: string;
  registrationId: string;
  sessionId: string;
  /** Visits of the same size the day before, each filled by a burst of its own first. */
  warmUpSessionIds: string[];
  /** Two more 30-seat visits, on the last day, for the same burst through undici and through fetch. */
  poolSessionId: string;
  fetchSessionId: string;
  delegateIds: string[];
}

interface Burst {
  confirmed: number;
  waitlisted: number;
  failed: number;
  inOrder: boolean;
  timings: number[];
}

async function seed(orm: MikroORM): Promise<Seeded> {
  const em = orm.em.fork();
  const forum = new Forum({
    slug: 'bench-enrolment',
    editionNumber: 2,
    title: { fr: 'Forum de mesure' },
    hostCountry: 'KR',
    timeZone: 'Asia/Seoul',
  });
  forum.status = 'published';
  forum.startDate = '2024-09-24';
  forum.endDate = '2024-09-26';
  const organisation = new Organisation({ name: 'Issy-les-Moulineaux', country: 'FR', kind: 'commune' });
  const registration = new Registration({ forum, organisation });
  const visit = (title: string, startsAt: string, endsAt: string, capacity: number) => {
    const session = new Session({
      forum,
      kind: 'field_visit',
      title: { fr: title },
      startsAt: new Date(startsAt),
      endsAt: new Date(endsAt),
    });
    session.capacity = capacity;
    session.status = 'published';
    session.venueName = `${title}, lieu`;
    em.persist([session, new SessionHost({ session, organisation, role: 'host' })]);
    return session;
  };
  const session = visit('Visite des éco-quartiers', '2024-09-25T05:00:00Z', '2024-09-25T08:00:00Z', SEATS);
  // The day before, so that warming up never clashes with the measured visit.
  const warmUps = ['05', '08', '11'].map((hour, i) =>
    visit(`Visite du port ${i + 1}`, `2024-09-24T${hour}:00:00Z`, `2024-09-24T${hour}:30:00Z`, SEATS),
  );
  const viaFetch = visit('Visite du musée', '2024-09-26T05:00:00Z', '2024-09-26T08:00:00Z', SEATS);
  const viaPool = visit('Visite du parc', '2024-09-26T10:00:00Z', '2024-09-26T12:00:00Z', SEATS);
  const delegates = Array.from({ length: REQUESTS }, (_, i) => {
    const contact = new Contact({ organisation, firstName: `Délégué ${i}`, lastName: 'Mesure', email: `delegue-${i}@bench.example` });
    return new Delegate({ registration, contact, role: 'staff' });
  });
  em.persist([forum, organisation, new Invitation({ forum, organisation }), registration, ...delegates]);
  await em.flush();
  return {
    forumId: forum.id,
    registrationId: registration.id,
    sessionId: session.id,
    warmUpSessionIds: warmUps.map((w) => w.id),
    poolSessionId: viaPool.id,
    fetchSessionId: viaFetch.id,
    delegateIds: delegates.map((d) => d.id),
  };
}

function enrolmentPath(s: Seeded, delegateId: string, sessionId: string): string {
  return `/api/forums/${s.forumId}/registrations/${s.registrationId}/delegates/${delegateId}/enrolments/${sessionId}`;
}

/** What a request needs from the benchmark's HTTP client: send one, read its status and body. */
type Send = (method: 'PUT' | 'DELETE', path: string) => Promise<{ status: number; text: string }>;

/** The same through undici's pool, one connection per client opened in its warm-up. */
function poolClient(baseUrl: string, headers: Record<string, string>): { send: Send; close: () => Promise<void> } {
  const pool = new Pool(baseUrl, { connections: REQUESTS, pipelining: 1 });
  return {
    send: async (method, path) => {
      const { statusCode, body } = await pool.request({ method, path, headers });
      return { status: statusCode, text: await body.text() };
    },
    close: () => pool.close(),
  };
}

/** The same requests through fetch, each burst opening most of its connections. */
function fetchClient(baseUrl: string, headers: Record<string, string>): Send {
  return async (method, path) => {
    const response = await fetch(`${baseUrl}${path}`, { method, headers });
    return { status: response.status, text: await response.text() };
  };
}

/**
 * The same bursts first, on visits of the day before: the measured one runs on compiled code, as
 * in an API that has served a while, and every client has its connection open. `rounds` bursts,
 * each on a visit of its own (new seats, new waitlist, new invites each time).
 */
async function warmUp(send: Send, s: Seeded, rounds = s.warmUpSessionIds.length): Promise<Burst[]> {
  const bursts: Burst[] = [];
  for (const sessionId of s.warmUpSessionIds.slice(0, rounds)) {
    bursts.push(await burst(send, s, sessionId));
  }
  return bursts;
}

async function burst(
  send: Send,
  s: Seeded,
  sessionId = s.sessionId,
): Promise<Burst & { bodies: { delegateId: string; status: string; waitlistPosition: number | null }[] }> {
  const results = await Promise.all(
    s.delegateIds.map(async (delegateId) => {
      const started = process.hrtime.bigint();
      const response = await send('PUT', enrolmentPath(s, delegateId, sessionId));
      const body = JSON.parse(response.text) as { status: string; waitlistPosition: number | null };
      return { ms: Number(process.hrtime.bigint() - started) / 1e6, status: response.status, body: { ...body, delegateId } };
    }),
  );
  const positions = results.filter((r) => r.body.status === 'waitlisted').map((r) => r.body.waitlistPosition ?? 0);
  return {
    confirmed: results.filter((r) => r.body.status === 'confirmed').length,
    waitlisted: positions.length,
    failed: results.filter((r) => r.status !== 200).length,
    inOrder: [...positions].sort((a, b) => a - b).every((p, i) => p === i + 1),
    timings: results.map((r) => r.ms).sort((a, b) => a - b),
    bodies: results.map((r) => r.body),
  };
}

/** The positions answered are the order the database holds: seats first, then the line by queue time. */
async function matchesCommittedOrder(
  databaseUrl: string,
  s: Seeded,
  bodies: { delegateId: string; status: string; waitlistPosition: number | null }[],
): Promise<boolean> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ delegate_id: string; status: string }>(
      'select delegate_id, status from enrolment where session_id = $1 order by queued_at, id',
      [s.sessionId],
    );
    const answered = new Map(bodies.map((b) => [b.delegateId, b]));
    const seatsFirst = rows.slice(0, SEATS).every((r) => r.status === 'confirmed');
    const line = rows.filter((r) => r.status === 'waitlisted');
    return seatsFirst && line.length === REQUESTS - SEATS && line.every((r, i) => answered.get(r.delegate_id)?.waitlistPosition === i + 1);
  } finally {
    await client.end();
  }
}

/**
 * The floor: 200 requests at once on the same route that the id pipe answers 404 before any
 * service or query runs. What is left above it is the enrolment's own cost.
 */
async function floor(send: Send, s: Seeded, pid: number): Promise<{ timings: number[]; apiCpuMs: number | null }> {
  const path = enrolmentPath(s, 'not-an-id', s.sessionId);
  const before = cpuMsOf(pid);
  const timings = await Promise.all(
    s.delegateIds.map(async () => {
      const started = process.hrtime.bigint();
      const response = await send('PUT', path);
      if (response.status !== 404) {
        throw new Error(`The floor request answered ${response.status}.`);
      }
      return Number(process.hrtime.bigint() - started) / 1e6;
    }),
  );
  const after = cpuMsOf(pid);
  return { timings: timings.sort((a, b) => a - b), apiCpuMs: before === null || after === null ? null : after - before };
}

async function aloneTimings(send: Send, s: Seeded): Promise<number[]> {
  const alone: number[] = [];
  for (const delegateId of s.delegateIds.slice(0, 40)) {
    const path = enrolmentPath(s, delegateId, s.sessionId);
    await send('DELETE', path);
    const started = process.hrtime.bigint();
    await send('PUT', path);
    alone.push(Number(process.hrtime.bigint() - started) / 1e6);
  }
  return alone.sort((a, b) => a - b);
}

function line(label: string, b: Burst): string {
  return (
    `  ${label}: confirmed ${b.confirmed} (must be ${SEATS}) · waitlisted ${b.waitlisted} (must be ${REQUESTS - SEATS}), positions 1..${b.waitlisted} ${b.inOrder ? 'each once' : 'NOT each once'} · failed ${b.failed}\n` +
    `    p50 ${percentile(b.timings, 50).toFixed(1)} ms · p99 ${percentile(b.timings, 99).toFixed(1)} ms · max ${b.timings[b.timings.length - 1].toFixed(1)} ms\n`
  );
}

async function main(): Promise<void> {
  let seeded: Seeded | undefined;
  const seedOnce = async (orm: MikroORM) => {
    seeded = await seed(orm);
  };
  let measured:
    | (Burst & {
        committedOrder: boolean;
        apiCpuMs: number | null;
        clientCpuMs: number;
        cold: Burst;
        viaPool: Burst;
        viaFetch: Burst;
        alone: number[];
        floor: { timings: number[]; apiCpuMs: number | null };
      })
    | undefined;
  await withBenchApiProcess(seedOnce, async ({ baseUrl, databaseUrl, token, pid }) => {
    const s = seeded as Seeded;
    const headers = { authorization: `Bearer ${token}` };
    // 200 people on the registration page press "enrol" together, each over the connection the
    // page came by; the load generator is as light as wrk, so the figure is the API's.
    const clients = await RawHttpClients.open(baseUrl, REQUESTS, headers);
    const send: Send = (method, path) => clients.send(method, path);
    const pool = poolClient(baseUrl, headers);
    try {
      const [cold] = await warmUp(send, s);
      const cpuBefore = cpuMsOf(pid);
      const clientBefore = process.cpuUsage();
      const result = await burst(send, s);
      const clientCpu = process.cpuUsage(clientBefore);
      const cpuAfter = cpuMsOf(pid);
      const committedOrder = await matchesCommittedOrder(databaseUrl, s, result.bodies);
      process.stdout.write(
        `enrolments: ${REQUESTS} PUT at once on a ${SEATS}-seat visit over HTTP (bearer token), from the first request sent to each response read\n` +
          line(
            'API as its own process (dist/src/main.js, LOG_LEVEL=info), one open connection per client, after 3 bursts on other visits',
            result,
          ) +
          line('the first of those bursts, right after start-up (code not yet compiled)', cold),
      );
      // Its connections only: a burst again on a visit already filled changes nothing.
      await warmUp(pool.send, s, 1);
      const viaPool = await burst(pool.send, s, s.poolSessionId);
      process.stdout.write(
        line('the same through undici’s pool (connections open), a general client costing the benchmark more CPU', viaPool),
      );
      const viaFetch = await burst(fetchClient(baseUrl, headers), s, s.fetchSessionId);
      process.stdout.write(line('the same through fetch, which opens most of its connections during the burst', viaFetch));
      measured = {
        ...result,
        committedOrder,
        cold,
        viaPool,
        viaFetch,
        clientCpuMs: (clientCpu.user + clientCpu.system) / 1000,
        apiCpuMs: cpuBefore === null || cpuAfter === null ? null : cpuAfter - cpuBefore,
        alone: await aloneTimings(send, s),
        floor: await floor(send, s, pid),
      };
    } finally {
      clients.close();
      await pool.close();
    }
  });
  let inProcess: Burst | undefined;
  await withBenchApp(seedOnce, async ({ baseUrl, token }) => {
    const s = seeded as Seeded;
    const clients = await RawHttpClients.open(baseUrl, REQUESTS, { authorization: `Bearer ${token}` });
    const send: Send = (method, path) => clients.send(method, path);
    try {
      await warmUp(send, s);
      inProcess = await burst(send, s);
    } finally {
      clients.close();
    }
    process.stdout.write(line('API inside the benchmark process, one event loop with the 200 clients (LOG_LEVEL=silent)', inProcess));
  });
  const m = measured as NonNullable<typeof measured>;
  const p99 = percentile(m.timings, 99);
  recordFigures('enrolment', [
    {
      figure: 'enrolments: confirmed of 200 at once on 30 seats',
      value: m.confirmed,
      unit: 'seats',
      goal: '= 30',
      pass: m.confirmed === SEATS,
    },
    {
      figure: 'enrolments: waitlisted, positions 1..170 each once, in committed order',
      value: m.waitlisted,
      unit: 'delegates',
      goal: '= 170',
      pass: m.waitlisted === REQUESTS - SEATS && m.inOrder && m.committedOrder,
    },
    { figure: 'enrolments: p50 latency of 200 at once (API process, open connections)', value: percentile(m.timings, 50), unit: 'ms' },
    {
      figure: 'enrolments: p99 latency of 200 at once (API process, open connections)',
      value: p99,
      unit: 'ms',
      goal: '< 100 ms',
      pass: p99 < 100,
    },
    { figure: 'enrolments: max latency of 200 at once (API process)', value: m.timings[m.timings.length - 1], unit: 'ms' },
    ...(m.apiCpuMs === null ? [] : [{ figure: 'enrolments: API process CPU for the burst', value: m.apiCpuMs, unit: 'ms' }]),
    { figure: 'enrolments: benchmark (200 clients) CPU for the burst', value: m.clientCpuMs, unit: 'ms' },
    { figure: 'enrolments: p99 of the first burst after start-up (cold code)', value: percentile(m.cold.timings, 99), unit: 'ms' },
    {
      figure: 'enrolments: p99 of the same burst through undici’s pool (connections open)',
      value: percentile(m.viaPool.timings, 99),
      unit: 'ms',
    },
    {
      figure: 'enrolments: p99 of the same burst through fetch (connections opened during it)',
      value: percentile(m.viaFetch.timings, 99),
      unit: 'ms',
    },
    { figure: 'enrolments: one at a time, p50', value: percentile(m.alone, 50), unit: 'ms' },
    { figure: 'floor: p99 of 200 PUT at once answered 404 by the id pipe (no query)', value: percentile(m.floor.timings, 99), unit: 'ms' },
    ...(m.floor.apiCpuMs === null ? [] : [{ figure: 'floor: API process CPU for those 200 404s', value: m.floor.apiCpuMs, unit: 'ms' }]),
    {
      figure: 'enrolments: p99 of 200 at once, API inside the bench process',
      value: percentile((inProcess as Burst).timings, 99),
      unit: 'ms',
    },
  ]);
  if (
    m.confirmed !== SEATS ||
    m.failed > 0 ||
    m.viaFetch.confirmed !== SEATS ||
    !m.viaFetch.inOrder ||
    m.viaPool.confirmed !== SEATS ||
    !m.viaPool.inOrder ||
    !m.inOrder ||
    !m.committedOrder ||
    (inProcess as Burst).confirmed !== SEATS ||
    !(inProcess as Burst).inOrder
  ) {
    throw new Error('The seat guarantee did not hold.');
  }
}

main().catch(fail);
