import type { RedisOptions } from 'bullmq';

export type ProcessRole = 'api' | 'worker';

/** ioredis options from a redis:// URL, tuned per process. */
export function redisOptions(url: string, role: ProcessRole): RedisOptions {
  const parsed = new URL(url);
  const db = parsed.pathname.replace(/^\//, '');
  return {
    host: parsed.hostname,
    port: parsed.port ? Number(parsed.port) : 6379,
    username: parsed.username ? decodeURIComponent(parsed.username) : undefined,
    password: parsed.password ? decodeURIComponent(parsed.password) : undefined,
    db: db ? Number(db) : 0,
    tls: parsed.protocol === 'rediss:' ? {} : undefined,
    connectTimeout: 5_000,
    // Workers block on Redis and must wait out outages; the API must fail fast instead
    // and leave the outbox row for the reconciler.
    maxRetriesPerRequest: role === 'worker' ? null : 1,
    retryStrategy: (times) => Math.min(times * 200, 5_000),
  };
}
