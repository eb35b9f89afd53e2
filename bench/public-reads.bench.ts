import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { MikroORM } from '@mikro-orm/postgresql';
import { Deadline } from '../src/deadlines/deadline.entity';
import { Forum } from '../src/forums/forum.entity';
import { Invitation } from '../src/forums/invitation.entity';
import { Theme } from '../src/forums/theme.entity';
import { Contact } from '../src/organisations/contact.entity';
import { Organisation } from '../src/organisations/organisation.entity';
import { Session, SessionHost } from '../src/programme/session.entity';
import { Delegate, Registration } from '../src/participation/registration.entity';
import { cpuMsOf, withBenchApiProcess } from './api-process';
import type { Served } from './bare-server';
import { generateLoad, loadTool, type LoadTool } from './load-generator';
import { RawHttpClients } from './raw-http';
import { seedEdition } from './seed-edition';
import { fail, type Figure, recordFigures } from './support';

/**
 * The public reads of a 500-session edition, each against a bare Fastify serving the same bytes
 * (body and headers) from memory, measured in the same run by a load generator in a process of
 * its own (wrk, else autocannon): requests per second answered 200, and answered 304 to
 * If-None-Match. Goals: each at least half the bare server's. Then 10,000 mixed public reads
 * with 200 simultaneous enrolments, and the API's peak RSS (goal: under 250 MB).
 *
 * A shared machine's speed moves from one second to the next (twice or half as fast), so the two
 * servers are measured in short runs taken in turns, API then bare server then bare server then
 * API…, and each share is the median of the shares of the pairs: what both servers met at the
 * same moment, not whichever was luckier.
 */
const SESSIONS = 500;
/** Seconds of each run, and how many runs each server gets per read and answer. */
const SECONDS = Number(process.env.BENCH_SECONDS ?? 1);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 6);
const CONNECTIONS = 8;
const MIXED_READS = 10_000;
const ENROLMENTS = 200;

interface Seeded {
  forumId: string;
  themeId: string;
  registrationId: string;
  visitId: string;
  delegateIds: string[];
}

interface PublicRead {
  name: string;
  path: string;
}

async function seed(orm: MikroORM): Promise<Seeded> {
  const forumId = await seedEdition(orm, 'bench-reads', SESSIONS);
  const em = orm.em.fork();
  const forum = await em.findOneOrFail(Forum, { id: forumId });
  const theme = new Theme({ forum, title: { fr: 'Culture, tourisme, gastronomie', ko: '문화·관광·미식' }, position: 1 });
  em.persist(theme);
  const sessions = await em.find(Session, { forum });
  sessions.forEach((session, i) => {
    session.theme = i % 4 === 0 ? theme : null;
  });
  for (const [kind, title, due] of [
    ['interest', 'Confirmer votre intérêt', '2024-03-15T22:59:00Z'],
    ['delegation', 'Composer la délégation', '2024-06-30T21:59:00Z'],
  ] as const) {
    em.persist(new Deadline({ forum, kind, title: { fr: title }, dueAt: new Date(due), timeZone: 'Europe/Paris' }));
  }
  const organisation = new Organisation({ name: 'Issy-les-Moulineaux', country: 'FR', kind: 'commune' });
  const registration = new Registration({ forum, organisation });
  const visit = new Session({
    forum,
    kind: 'field_visit',
    title: { fr: 'Visite des éco-quartiers' },
    startsAt: new Date('2024-09-25T05:00:00Z'),
    endsAt: new Date('2024-09-25T08:00:00Z'),
  });
  visit.capacity = 30;
  visit.status = 'published';
  visit.venueName = 'Éco-quartier, lieu';
  const delegates = Array.from({ length: ENROLMENTS }, (_, i) => {
    const contact = new Contact({ organisation, firstName: `Délégué ${i}`, lastName: 'Mesure', email: `delegue-${i}@bench.example` });
    return new Delegate({ registration, contact, role: 'staff' });
  });
  em.persist([
    organisation,
    new Invitation({ forum, organisation }),
    registration,
    visit,
    new SessionHost({ session: visit, organisation, role: 'host' }),
    ...delegates,
  ]);
  await em.flush();
  return { forumId, themeId: theme.id, registrationId: registration.id, visitId: visit.id, delegateIds: delegates.map((d) => d.id) };
}

async function freePort(): Promise<number> {
  const server = createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  server.close();
  await once(server, 'close');
  return port;
}

/** One public read as the API answered it: the body and headers of its 200, the headers of its 304. */
type Answered = Omit<Served, 'path' | 'file'> & { body: Buffer };

/** Headers a server writes anew for each request, which the bare server leaves to Node (or, the id, does not make). */
const PER_REQUEST_HEADERS = new Set(['date', 'connection', 'keep-alive', 'x-request-id', 'content-length', 'transfer-encoding']);

function headersOf(response: Response): [string, string][] {
  return [...response.headers].filter(([name]) => !PER_REQUEST_HEADERS.has(name));
}

/** A read's 200 and 304 from the API, to be served byte for byte by the bare server. */
async function answered(url: string): Promise<Answered> {
  const response = await fetch(url);
  const body = Buffer.from(await response.arrayBuffer());
  const etag = response.headers.get('etag');
  if (response.status !== 200 || !etag) {
    throw new Error(`${url} answered ${response.status} without an ETag`);
  }
  const revalidated = await fetch(url, { headers: { 'if-none-match': etag } });
  await revalidated.arrayBuffer();
  if (revalidated.status !== 304) {
    throw new Error(`${url} answered ${revalidated.status} to its own ETag, not 304`);
  }
  return { etag, body, ok: headersOf(response), notModified: headersOf(revalidated) };
}

/** The bare server (bare-server.ts) as a process of its own, serving the `reads` at /r0, /r1, … */
async function startBare(dir: string, reads: Answered[]): Promise<{ baseUrl: string; pid: number; stop: () => Promise<void> }> {
  const manifest = reads.map((read, i): Served => {
    const file = join(dir, `r${i}`);
    writeFileSync(file, read.body);
    return { path: `/r${i}`, file, etag: read.etag, ok: read.ok, notModified: read.notModified };
  });
  writeFileSync(join(dir, 'manifest.json'), JSON.stringify(manifest));
  const port = await freePort();
  const child: ChildProcess = spawn(process.execPath, [join(__dirname, 'bare-server.js'), join(dir, 'manifest.json'), String(port)], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise<void>((resolve, reject) => {
    child.stdout?.on('data', (chunk: Buffer) => chunk.toString().includes('ready') && resolve());
    child.once('exit', (code) => reject(new Error(`The bare server stopped (exit ${code}).`)));
  });
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    pid: child.pid as number,
    stop: async () => {
      child.kill('SIGTERM');
      await once(child, 'exit');
    },
  };
}

async function expectStatus(url: string, headers: Record<string, string>, status: number): Promise<void> {
  const response = await fetch(url, { headers });
  await response.arrayBuffer();
  if (response.status !== status) {
    throw new Error(`${url} answered ${response.status}, not ${status}`);
  }
}

interface Measured {
  requestsPerSecond: number;
  /** CPU time (user + system) the serving process spent per answer, in µs: steadier than the rate on a shared machine. */
  cpuMicroseconds: number;
}

/** One server under load for one run. */
interface Run {
  requests: number;
  requestsPerSecond: number;
  cpuMs: number;
}

async function run(tool: LoadTool, url: string, headers: Record<string, string>, status: number, pid: number): Promise<Run> {
  const cpuBefore = cpuMsOf(pid) ?? Number.NaN;
  const load = await generateLoad(tool, url, { seconds: SECONDS, connections: CONNECTIONS, headers, status });
  const cpuAfter = cpuMsOf(pid) ?? Number.NaN;
  if (load.errors > 0) {
    throw new Error(`${url}: ${load.errors} errors under load`);
  }
  return { requests: load.requests, requestsPerSecond: load.requestsPerSecond, cpuMs: cpuAfter - cpuBefore };
}

function summed(runs: Run[]): Measured {
  const requests = runs.reduce((sum, r) => sum + r.requests, 0);
  const cpuMs = runs.reduce((sum, r) => sum + r.cpuMs, 0);
  return { requestsPerSecond: requests / (runs.length * SECONDS), cpuMicroseconds: (cpuMs * 1000) / Math.max(requests, 1) };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** The API and the bare server in turns (ABBA…), ROUNDS runs each: both sums, and the share of each pair. */
async function compare(
  tool: LoadTool,
  api: { url: string; pid: number },
  bare: { url: string; pid: number },
  headers: Record<string, string>,
  status: number,
): Promise<{ api: Measured; bare: Measured; shares: number[] }> {
  await expectStatus(api.url, headers, status);
  await expectStatus(bare.url, headers, status);
  const apiRuns: Run[] = [];
  const bareRuns: Run[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    const order = round % 2 === 0 ? [api, bare] : [bare, api];
    for (const side of order) {
      (side === api ? apiRuns : bareRuns).push(await run(tool, side.url, headers, status, side.pid));
    }
  }
  const shares = apiRuns.map((a, i) => a.requestsPerSecond / bareRuns[i].requestsPerSecond);
  return { api: summed(apiRuns), bare: summed(bareRuns), shares };
}

function ratioFigures(name: string, status: string, measured: { api: Measured; bare: Measured; shares: number[] }): Figure[] {
  const { api, bare, shares } = measured;
  const share = median(shares);
  const percent = (value: number) => `${Math.round(100 * value)}%`;
  return [
    {
      figure: `${name}, ${status}: against the bare server, median of ${shares.length} paired runs (${percent(Math.min(...shares))}–${percent(Math.max(...shares))}; in all ${Math.round(api.requestsPerSecond)} / ${Math.round(bare.requestsPerSecond)} req/s)`,
      value: Math.round(100 * share),
      unit: '%',
      goal: '≥ 50%',
      pass: share >= 0.5,
    },
    {
      figure: `${name}, ${status}: CPU per answer, API against the bare server (${Math.round(bare.cpuMicroseconds)} µs)`,
      value: Math.round(api.cpuMicroseconds),
      unit: 'µs',
    },
  ];
}

function peakRssMb(pid: number): number {
  const peak = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return peak ? Math.round(Number(peak[1]) / 1024) : Number.NaN;
}

async function main(): Promise<void> {
  let seeded: Seeded | undefined;
  const tool = loadTool();
  const dir = mkdtempSync(join(tmpdir(), 'passerelle-reads-'));
  try {
    await withBenchApiProcess(
      async (orm) => {
        seeded = await seed(orm);
      },
      async ({ baseUrl, pid, token }) => {
        const s = seeded as Seeded;
        const reads: PublicRead[] = [
          { name: 'programme feed', path: '/calendar/forums/bench-reads.ics' },
          { name: 'programme feed in Korean', path: '/calendar/forums/bench-reads.ics?lang=ko' },
          { name: 'programme feed of one theme', path: `/calendar/forums/bench-reads.ics?theme=${s.themeId}` },
          { name: 'deadlines feed', path: '/calendar/forums/bench-reads/deadlines.ics' },
          { name: 'programme page', path: '/forums/bench-reads' },
          { name: 'programme API', path: `/api/forums/${s.forumId}/programme` },
          { name: 'edition list page', path: '/editions' },
          { name: 'edition list API', path: '/api/forums' },
        ];
        const bodies: Answered[] = [];
        for (const read of reads) {
          bodies.push(await answered(`${baseUrl}${read.path}`));
        }
        const bare = await startBare(dir, bodies);
        process.stdout.write(
          `load generator: ${tool}, ${CONNECTIONS} connections, ${ROUNDS} runs of ${SECONDS} s for each server, in turns; API and bare server in processes of their own\n`,
        );
        const figures: Figure[] = [];
        // BENCH_READS (a regular expression on the reads' names) measures some of them only.
        const only = process.env.BENCH_READS ? new RegExp(process.env.BENCH_READS, 'i') : null;
        try {
          for (const [i, read] of reads.entries()) {
            if (only && !only.test(read.name)) {
              continue;
            }
            const revalidate = { 'if-none-match': bodies[i].etag };
            const api = `${baseUrl}${read.path}`;
            const ceiling = `${bare.baseUrl}/r${i}`;
            // Short runs first: code compiled and bytes held on both sides, for both answers, before anything counts.
            for (const url of [api, ceiling]) {
              await generateLoad(tool, url, { seconds: 1, connections: CONNECTIONS, status: 200 });
              await generateLoad(tool, url, { seconds: 1, connections: CONNECTIONS, headers: revalidate, status: 304 });
            }
            const servers = [
              { url: api, pid },
              { url: ceiling, pid: bare.pid },
            ] as const;
            const served = await compare(tool, ...servers, {}, 200);
            const notModified = await compare(tool, ...servers, revalidate, 304);
            const kib = `${Math.round(bodies[i].body.length / 1024)} KiB`;
            figures.push(...ratioFigures(`${read.name} (${kib})`, '200', served), ...ratioFigures(read.name, '304', notModified));
          }
        } finally {
          await bare.stop();
        }

        // 10,000 mixed public reads (each read in turn, plain and revalidated) while 200 enrol at once.
        const plain = await RawHttpClients.open(baseUrl, 16, {});
        const revalidating = await Promise.all(bodies.map((b) => RawHttpClients.open(baseUrl, 2, { 'if-none-match': b.etag })));
        const enrolling = await RawHttpClients.open(baseUrl, ENROLMENTS, { authorization: `Bearer ${token}` });
        let next = 0;
        let failed = 0;
        const reader = async () => {
          while (next < MIXED_READS) {
            const i = next++;
            const r = i % reads.length;
            // A revalidation of a read the enrolments changed (seats left) is answered 200: both count.
            const answer = await (Math.floor(i / reads.length) % 2 === 0 ? plain : revalidating[r]).send('GET', reads[r].path);
            failed += answer.status === 200 || answer.status === 304 ? 0 : 1;
          }
        };
        const enrolments = s.delegateIds.map((delegateId) =>
          enrolling.send(
            'PUT',
            `/api/forums/${s.forumId}/registrations/${s.registrationId}/delegates/${delegateId}/enrolments/${s.visitId}`,
          ),
        );
        const [answers] = await Promise.all([Promise.all(enrolments), ...Array.from({ length: 32 }, reader)]);
        for (const clients of [plain, enrolling, ...revalidating]) {
          clients.close();
        }
        const seated = answers.filter((a) => a.status === 200 && /"status":"confirmed"/.test(a.text)).length;
        if (failed > 0 || seated !== 30) {
          throw new Error(`Mixed load: ${failed} reads failed, ${seated} enrolments confirmed (30 expected).`);
        }
        const rss = peakRssMb(pid);
        figures.push({
          figure: `API peak RSS (every run above, then ${MIXED_READS.toLocaleString('en-GB')} mixed public reads with ${ENROLMENTS} simultaneous enrolments)`,
          value: rss,
          unit: 'MB',
          goal: '< 250 MB',
          pass: rss < 250,
        });
        recordFigures('reads', figures);
      },
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch(fail);
