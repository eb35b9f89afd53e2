import 'reflect-metadata';
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import type { MikroORM } from '@mikro-orm/postgresql';
import { startFlags } from '../scripts/start-flags';
import { dropQueueKeys } from '../scripts/queue-keys';
import { withScratchDatabase } from './support';

// Generous: on a busy shared machine the API has taken over 30 s to start.
const READY_TIMEOUT_MS = 90_000;

async function freePort(): Promise<number> {
  const server = createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  server.close();
  await once(server, 'close');
  return port;
}

async function untilHealthy(baseUrl: string, api: ChildProcess): Promise<void> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (api.exitCode !== null) {
      throw new Error(`The API stopped at start-up (exit ${api.exitCode}).`);
    }
    const healthy = await fetch(`${baseUrl}/health`).then(
      (r) => r.ok,
      () => false,
    );
    if (healthy) {
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`The API did not answer /health within ${READY_TIMEOUT_MS / 1000} s.`);
}

export interface BenchApiProcess {
  baseUrl: string;
  databaseUrl: string;
  token: string;
  /** Process id of the API, for CPU figures read from /proc. */
  pid: number;
}

/**
 * A scratch database, migrated and filled by `seed`, then the built API (dist/src/main.js) as a
 * process of its own on it, so the benchmark's clients and the API do not share an event loop.
 * The API logs at `info`, as in production, into /dev/null. Everything (the process, the
 * database, the queue keys it wrote in Redis) is gone at the end, whatever happens.
 */
export async function withBenchApiProcess(
  seed: (orm: MikroORM) => Promise<void>,
  run: (bench: BenchApiProcess) => Promise<void>,
): Promise<void> {
  const prefix = `bench-${randomBytes(3).toString('hex')}`;
  const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
  await withScratchDatabase(seed, async (url) => {
    let api: ChildProcess | undefined;
    try {
      const token = randomBytes(24).toString('hex');
      const port = await freePort();
      const baseUrl = `http://127.0.0.1:${port}`;
      // BENCH_API_NODE_ARGS passes flags to the API's Node only, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof";
      // after start:api's own, so that "--max-old-space-size=192" tries another heap cap.
      const nodeArgs = (process.env.BENCH_API_NODE_ARGS ?? '').split(' ').filter(Boolean);
      api = spawn(process.execPath, [...startFlags('api'), ...nodeArgs, join(__dirname, '..', 'src', 'main.js')], {
        env: {
          ...process.env,
          NODE_ENV: 'production',
          DATABASE_URL: url,
          REDIS_URL: redisUrl,
          ADMIN_TOKEN: token,
          PORT: String(port),
          PUBLIC_URL: baseUrl,
          LOG_LEVEL: process.env.BENCH_API_LOG_LEVEL ?? 'info',
          QUEUE_PREFIX: prefix,
        },
        stdio: ['ignore', 'ignore', 'inherit'],
      });
      await untilHealthy(baseUrl, api);
      await run({ baseUrl, databaseUrl: url, token, pid: api.pid as number });
    } finally {
      if (api && api.exitCode === null) {
        api.kill('SIGTERM');
        await once(api, 'exit');
      }
      await dropQueueKeys(redisUrl, prefix);
    }
  });
}

/** CPU time (user + system, ms) a process has used so far, from /proc; null where there is no /proc. */
export function cpuMsOf(pid: number): number | null {
  try {
    // Fields 14 and 15 of /proc/<pid>/stat, in clock ticks (100 per second on Linux).
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
  } catch {
    return null;
  }
}
