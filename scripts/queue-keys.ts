import { Redis } from 'ioredis';

/**
 * Removes every key of a queue prefix (QUEUE_PREFIX): what a test harness or a benchmark left in
 * a shared Redis when it is done with it.
 */
export async function dropQueueKeys(redisUrl: string, prefix: string): Promise<void> {
  // One try: a Redis that is gone fails the call at once instead of being retried forever.
  const redis = new Redis(redisUrl, { lazyConnect: true, connectTimeout: 2_000, maxRetriesPerRequest: 0, retryStrategy: () => null });
  try {
    await redis.connect();
    for (let cursor = '0', first = true; first || cursor !== '0'; first = false) {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
      cursor = next;
      if (keys.length > 0) {
        await redis.del(...keys);
      }
    }
  } finally {
    redis.disconnect();
  }
}
