import { Logger } from '@nestjs/common';
import type { MikroORM } from '@mikro-orm/postgresql';
import { AfterResponse } from '../../src/database/after-response';

// The work below touches no database: a root EntityManager is only handed to the scope.
const orm = { em: { name: 'default' } } as unknown as MikroORM;

function refused(): Error {
  return Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
}

describe('Work handed off after the answer', () => {
  const unhandled: unknown[] = [];
  const onUnhandled = (reason: unknown) => unhandled.push(reason);
  let logged: jest.SpiedFunction<Logger['error']>;

  beforeEach(() => {
    unhandled.length = 0;
    process.on('unhandledRejection', onUnhandled);
    logged = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
  });

  afterEach(() => {
    process.off('unhandledRejection', onUnhandled);
    logged.mockRestore();
  });

  it('starts only once the current turn of the event loop, where the answer goes out, is over', async () => {
    const after = new AfterResponse(orm);
    const order: string[] = [];
    after.run('test', () => {
      order.push('work');
      return Promise.resolve();
    });
    await Promise.resolve();
    order.push('answer');
    await after.idle();
    expect(order).toEqual(['answer', 'work']);
  });

  it('logs a failure and throws nothing at anyone', async () => {
    const after = new AfterResponse(orm);
    after.run('Sign-in link', () => Promise.reject(new Error('template missing')));
    await after.idle();
    await new Promise((resolve) => setImmediate(resolve));
    expect(unhandled).toEqual([]);
    expect(logged).toHaveBeenCalledWith(
      expect.anything(),
      expect.stringContaining('Sign-in link failed after 1 attempt(s): template missing'),
    );
  });

  it('waits out a database that is down for a moment, so the link is not lost', async () => {
    const after = new AfterResponse(orm);
    let tries = 0;
    after.run('Magic link', () => {
      tries += 1;
      return tries < 3 ? Promise.reject(refused()) : Promise.resolve();
    });
    await after.idle();
    expect(tries).toBe(3);
    expect(logged).not.toHaveBeenCalled();
  });

  it('holds the shutdown until the work in flight is done', async () => {
    const after = new AfterResponse(orm);
    let finished = false;
    after.run('slow', async () => {
      await new Promise((resolve) => setTimeout(resolve, 200));
      finished = true;
    });
    await after.beforeApplicationShutdown();
    expect(finished).toBe(true);
  });
});
