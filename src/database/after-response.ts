import { BeforeApplicationShutdown, Injectable, Logger } from '@nestjs/common';
import { MikroORM } from '@mikro-orm/postgresql';
import { runInRequestScope } from './request-scope';
import { isUnavailable } from '../common/problem-details.filter';

// A dependency down for a moment (a failover, a restart) is waited out: 0.5 + 1 + 2 + 4 s.
const ATTEMPTS = 5;
const FIRST_RETRY_MS = 500;

/**
 * Work a request hands off so that its answer neither waits for it nor shows, by its timing, what
 * the work found (whether an address has an account, say). The work starts once the answer is
 * written, in a database scope of its own; a dependency that does not answer is retried, and any
 * other failure is logged, never thrown. The process waits for work in flight before it stops.
 */
@Injectable()
export class AfterResponse implements BeforeApplicationShutdown {
  private readonly logger = new Logger(AfterResponse.name);
  private readonly running = new Set<Promise<void>>();

  constructor(private readonly orm: MikroORM) {}

  /** Runs `work` after the current answer; `what` names it in the log should it fail. */
  run(what: string, work: () => Promise<void>): void {
    const done: Promise<void> = this.attempt(what, work).finally(() => this.running.delete(done));
    this.running.add(done);
  }

  /** Resolves once no handed-off work is left (work may hand off more work). */
  async idle(): Promise<void> {
    while (this.running.size > 0) {
      await Promise.all([...this.running]);
    }
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.idle();
  }

  private async attempt(what: string, work: () => Promise<void>): Promise<void> {
    // Past the rest of this turn of the event loop, where the answer is sent.
    await new Promise((resolve) => setImmediate(resolve));
    for (let attempt = 1; ; attempt += 1) {
      try {
        await runInRequestScope(this.orm.em, work);
        return;
      } catch (error) {
        if (attempt < ATTEMPTS && isUnavailable(error)) {
          await new Promise((resolve) => setTimeout(resolve, FIRST_RETRY_MS * 2 ** (attempt - 1)));
          continue;
        }
        this.logger.error({ err: error }, `${what} failed after ${attempt} attempt(s): ${(error as Error)?.message ?? String(error)}`);
        return;
      }
    }
  }
}
