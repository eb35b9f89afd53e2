import { createHmac } from 'node:crypto';
import { HttpStatus, Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { Redis } from 'ioredis';
import { AppConfig } from '../config/app-config';
import { redisOptions } from '../queues/redis-options';
import { deriveKey } from '../common/keys';
import { ProblemCode, ProblemException } from '../common/problem';

export interface RateLimit {
  /** Part of the Redis key: lower-case letters and dashes. */
  id: string;
  /** What is limited, e.g. "sign-in by email"; said in the 429. */
  name: string;
  limit: number;
  windowMs: number;
}

// One round trip, atomic: counts the attempt, starts the window on the first, and says what is left of it.
const HIT_SCRIPT = `
local count = redis.call('INCR', KEYS[1])
local left = redis.call('PTTL', KEYS[1])
if left < 0 then
  redis.call('PEXPIRE', KEYS[1], ARGV[1])
  left = tonumber(ARGV[1])
end
return {count, left}`;

// A request must not wait on a Redis that does not answer: past this it is refused with 503.
const REDIS_TIMEOUT_MS = 1_000;
const LOG_EVERY_MS = 30_000;

type CountingRedis = Redis & { rateLimitHit(key: string, windowMs: number): Promise<[number, number]> };

/**
 * Fixed-window counters in Redis (the queues' server, under QUEUE_PREFIX), so that every API
 * process counts the same attempts. Keys hold an HMAC of what is counted, never an address.
 * Without Redis nothing is counted, so nothing is let through: 503, as for any dependency down.
 */
@Injectable()
export class RateLimiter implements OnModuleDestroy {
  private readonly logger = new Logger(RateLimiter.name);
  private readonly redis: CountingRedis;
  private readonly prefix: string;
  private readonly key: Buffer;
  private lastLoggedAt = 0;

  constructor(config: AppConfig) {
    // Connects on first use: the worker, which limits nothing, never opens this connection.
    this.redis = new Redis({
      ...redisOptions(config.get('redisUrl'), 'api'),
      lazyConnect: true,
      commandTimeout: REDIS_TIMEOUT_MS,
    }) as CountingRedis;
    this.redis.defineCommand('rateLimitHit', { numberOfKeys: 1, lua: HIT_SCRIPT });
    this.redis.on('error', (error: Error) => this.logOutage(error));
    this.prefix = `${config.get('queuePrefix')}:rate`;
    this.key = deriveKey(config.get('adminToken'), 'rate limits');
  }

  /** Counts one attempt for `key`; throws 429 problem details past the limit, 503 without Redis. */
  async hit(rule: RateLimit, key: string): Promise<void> {
    let count: number;
    let leftMs: number;
    try {
      [count, leftMs] = await this.redis.rateLimitHit(
        `${this.prefix}:${rule.id}:${createHmac('sha256', this.key).update(key).digest('base64url')}`,
        rule.windowMs,
      );
    } catch (error) {
      this.logOutage(error as Error);
      throw new ProblemException(
        HttpStatus.SERVICE_UNAVAILABLE,
        ProblemCode.ServiceUnavailable,
        'Attempts cannot be counted right now (Redis does not answer); try again shortly.',
      );
    }
    if (count > rule.limit) {
      const retryAfterSeconds = Math.max(1, Math.ceil(leftMs / 1000));
      throw new ProblemException(
        HttpStatus.TOO_MANY_REQUESTS,
        ProblemCode.RateLimited,
        `Too many attempts (${rule.name}); try again in ${retryAfterSeconds} s.`,
        { retryAfterSeconds },
      );
    }
  }

  onModuleDestroy(): void {
    this.redis.disconnect();
  }

  private logOutage(error: Error): void {
    const now = Date.now();
    if (now - this.lastLoggedAt >= LOG_EVERY_MS) {
      this.lastLoggedAt = now;
      this.logger.warn({ err: error }, `Rate limits cannot be counted: ${error.message}`);
    }
  }
}
