import { HttpStatus, Injectable } from '@nestjs/common';
import { Clock } from './clock';
import { ProblemCode, ProblemException } from './problem';

export interface RateLimit {
  /** What is limited, e.g. "sign-in by email". */
  name: string;
  limit: number;
  windowMs: number;
}

/**
 * Fixed-window counters kept in this process's memory: enough for one API process, and nothing
 * that needs rebuilding after a restart. Several API processes would each allow the limit.
 */
@Injectable()
export class RateLimiter {
  private readonly windows = new Map<string, { startedAt: number; count: number }>();

  constructor(private readonly clock: Clock) {}

  /** Counts one attempt for `key`; throws 429 problem details past the limit. */
  hit(rule: RateLimit, key: string): void {
    const now = this.clock.now().getTime();
    const id = `${rule.name}|${key}`;
    let window = this.windows.get(id);
    if (!window || now - window.startedAt >= rule.windowMs) {
      window = { startedAt: now, count: 0 };
      this.windows.set(id, window);
      this.sweep(now, rule.windowMs);
    }
    window.count += 1;
    if (window.count > rule.limit) {
      const retryAfterSeconds = Math.ceil((window.startedAt + rule.windowMs - now) / 1000);
      throw new ProblemException(HttpStatus.TOO_MANY_REQUESTS, ProblemCode.RateLimited, `Too many attempts (${rule.name}); try again in ${retryAfterSeconds} s.`, { retryAfterSeconds });
    }
  }

  private sweep(now: number, windowMs: number): void {
    if (this.windows.size < 10_000) {
      return;
    }
    for (const [id, window] of this.windows) {
      if (now - window.startedAt >= windowMs) {
        this.windows.delete(id);
      }
    }
  }
}
