import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { appendFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { MikroORM } from '@mikro-orm/postgresql';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Client } from 'pg';
import { dropQueueKeys } from '../scripts/queue-keys';
import { standaloneOrmConfig } from '../src/standalone-orm';
import { createHttpApp } from '../src/http-app';

const SERVER = process.env.BENCH_DATABASE_SERVER_URL ?? 'postgres://postgres@127.0.0.1:5432';

async function admin(sql: string): Promise<void> {
  const client = new Client({ connectionString: `${SERVER}/postgres` });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

export interface BenchApp {
  baseUrl: string;
  token: string;
  app: NestFastifyApplication;
}

/**
 * A scratch database on the benchmark server, migrated and filled by `seed`, handed to `run` by
 * its URL, and dropped at the end, whatever happens.
 */
export async function withScratchDatabase(seed: (orm: MikroORM) => Promise<void>, run: (url: string) => Promise<void>): Promise<void> {
  const name = `passerelle_bench_${randomBytes(4).toString('hex')}`;
  await admin(`create database "${name}"`);
  const url = `${SERVER}/${name}`;
  try {
    const orm = await MikroORM.init({ ...standaloneOrmConfig(url), logger: () => undefined });
    try {
      await orm.migrator.up();
      await seed(orm);
    } finally {
      await orm.close();
    }
    await run(url);
  } finally {
    await admin(`drop database if exists "${name}" with (force)`);
  }
}

/**
 * A scratch database, migrated and filled by `seed`, then the API on it over real HTTP.
 * Everything is dropped at the end, whatever happens.
 */
export async function withBenchApp(
  seed: (orm: MikroORM) => Promise<void>,
  run: (bench: BenchApp) => Promise<void>,
  beforeListen?: (app: NestFastifyApplication) => void,
): Promise<void> {
  await withScratchDatabase(seed, async (url) => {
    const token = randomBytes(24).toString('hex');
    const prefix = `bench-${randomBytes(3).toString('hex')}`;
    Object.assign(process.env, { DATABASE_URL: url, ADMIN_TOKEN: token, LOG_LEVEL: 'silent', QUEUE_PREFIX: prefix });
    // The app reads its configuration when it starts, now.
    const app = await createHttpApp();
    beforeListen?.(app);
    await app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = app.getHttpServer().address() as AddressInfo;
    try {
      await run({ baseUrl: `http://127.0.0.1:${port}`, token, app });
    } finally {
      await app.close();
      // The jobs the app added (mail of enrolments, say) would otherwise stay in the shared Redis.
      await dropQueueKeys(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', prefix);
    }
  });
}

export function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

/** Requests per second that `concurrency` clients reach on `url` in `seconds`. */
export async function throughput(url: string, init: RequestInit, seconds: number, concurrency = 8): Promise<number> {
  const end = Date.now() + seconds * 1000;
  let done = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (Date.now() < end) {
        const response = await fetch(url, init);
        await response.arrayBuffer();
        done += 1;
      }
    }),
  );
  return done / seconds;
}

export function fail(error: unknown): never {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
}

export interface Figure {
  /** What was measured, e.g. "enrolments: p99 latency". */
  figure: string;
  value: number;
  unit: string;
  /** The goal as a sentence, e.g. "< 100 ms"; absent for figures shown for context only. */
  goal?: string;
  /** Whether the goal is met; absent when there is no goal. */
  pass?: boolean;
}

/**
 * Prints the figures of one benchmark and, when `BENCH_RESULTS` names a file, appends them
 * there as one JSON line, so `npm run bench` can gather every benchmark into bench/REPORT.md.
 */
export function recordFigures(bench: string, figures: Figure[]): void {
  for (const f of figures) {
    const goal = f.goal === undefined ? '' : ` (goal ${f.goal}: ${f.pass ? 'met' : 'NOT met'})`;
    process.stdout.write(`  ${f.figure}: ${Number.isInteger(f.value) ? f.value : f.value.toFixed(1)} ${f.unit}${goal}\n`);
  }
  const file = process.env.BENCH_RESULTS;
  if (file) {
    appendFileSync(file, `${JSON.stringify({ bench, figures })}\n`);
  }
}
