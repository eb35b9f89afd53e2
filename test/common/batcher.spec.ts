import { Batcher, KeyedBatcher } from '../../src/common/batcher';

/** A run that records each batch and answers once `release` is called. */
function recorder<In>() {
  const batches: In[][] = [];
  const pending: (() => void)[] = [];
  return {
    batches,
    run: (inputs: In[]) => {
      batches.push(inputs);
      return new Promise<string[]>((resolve) => pending.push(() => resolve(inputs.map((i) => `done ${String(i)}`))));
    },
    release: () => pending.splice(0).forEach((answer) => answer()),
  };
}

const turn = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('Batcher', () => {
  it('takes the calls of one turn of the event loop together, and what arrives while they run in the next batch', async () => {
    const r = recorder<number>();
    const batcher = new Batcher<number, string>(r.run, 100);
    const first = [1, 2, 3].map((n) => batcher.add(n));
    await turn();
    expect(r.batches).toEqual([[1, 2, 3]]);
    const second = [4, 5].map((n) => batcher.add(n));
    await turn();
    // Still one batch in flight: 4 and 5 wait for it.
    expect(r.batches).toHaveLength(1);
    r.release();
    expect(await Promise.all(first)).toEqual(['done 1', 'done 2', 'done 3']);
    await turn();
    expect(r.batches).toEqual([
      [1, 2, 3],
      [4, 5],
    ]);
    r.release();
    expect(await Promise.all(second)).toEqual(['done 4', 'done 5']);
  });

  it('cuts batches at their maximum size, in arrival order', async () => {
    const seen: number[][] = [];
    const batcher = new Batcher<number, number>((inputs) => {
      seen.push(inputs);
      return Promise.resolve(inputs);
    }, 2);
    expect(await Promise.all([1, 2, 3, 4, 5].map((n) => batcher.add(n)))).toEqual([1, 2, 3, 4, 5]);
    expect(seen).toEqual([[1, 2], [3, 4], [5]]);
  });

  it('fails the calls of a failed batch only', async () => {
    let calls = 0;
    const batcher = new Batcher<number, number>((inputs) => {
      calls += 1;
      return calls === 1 ? Promise.reject(new Error('first batch fails')) : Promise.resolve(inputs);
    }, 10);
    const failed = batcher.add(1);
    await expect(failed).rejects.toThrow('first batch fails');
    expect(await batcher.add(2)).toBe(2);
  });
});

describe('KeyedBatcher', () => {
  it('runs the batches of different keys side by side and tells when a key has nothing left', async () => {
    const a = recorder<string>();
    const b = recorder<string>();
    const idle: string[] = [];
    const batcher = new KeyedBatcher<string, string>(
      (key, inputs) => (key === 'a' ? a.run(inputs) : b.run(inputs)),
      10,
      (key) => idle.push(key),
    );
    const fromA = batcher.add('a', 'x');
    const fromB = batcher.add('b', 'y');
    await turn();
    // Both in flight at once: one key does not wait for the other.
    expect(a.batches).toEqual([['x']]);
    expect(b.batches).toEqual([['y']]);
    b.release();
    expect(await fromB).toBe('done y');
    expect(idle).toEqual(['b']);
    const later = batcher.add('a', 'z');
    a.release();
    expect(await fromA).toBe('done x');
    // 'a' is not idle: z arrived while x ran.
    expect(idle).toEqual(['b']);
    await turn();
    a.release();
    expect(await later).toBe('done z');
    expect(idle).toEqual(['b', 'a']);
    // A key used again after going idle starts afresh.
    const again = batcher.add('b', 'w');
    await turn();
    b.release();
    expect(await again).toBe('done w');
    expect(b.batches).toEqual([['y'], ['w']]);
  });
});
