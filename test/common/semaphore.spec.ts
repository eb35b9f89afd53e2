import { Semaphore } from '../../src/common/semaphore';

describe('Semaphore', () => {
  it('runs at most its number of tasks at once, the others in the order they came, and goes on after a failure', async () => {
    const semaphore = new Semaphore(2);
    let running = 0;
    let most = 0;
    const started: number[] = [];
    const task = (i: number) => async () => {
      started.push(i);
      running += 1;
      most = Math.max(most, running);
      await new Promise((resolve) => setTimeout(resolve, 5));
      running -= 1;
      if (i === 1) {
        throw new Error('task 1 fails');
      }
      return i;
    };
    const results = await Promise.allSettled(Array.from({ length: 7 }, (_, i) => semaphore.run(task(i))));
    expect(most).toBe(2);
    expect(started).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(results.map((r) => (r.status === 'fulfilled' ? r.value : 'failed'))).toEqual([0, 'failed', 2, 3, 4, 5, 6]);
    // Every slot was given back: two run at once again, the third waits for one of them.
    running = 0;
    most = 0;
    await Promise.all([0, 2, 3].map((i) => semaphore.run(task(i))));
    expect(most).toBe(2);
  });
});
