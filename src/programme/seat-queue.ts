/**
 * Group commit per key (a session): while one batch of requests is in its transaction, the
 * requests that arrive for the same key wait here and are taken together by the next one, in
 * arrival order. The correctness of each batch rests on the database lock it takes, not on this
 * queue: several API processes stay safe, this one only saves round trips.
 */
export class SeatQueue<Request, Result> {
  private readonly waiting = new Map<string, { request: Request; resolve: (result: Result) => void; reject: (error: unknown) => void }[]>();
  private readonly busy = new Set<string>();

  constructor(
    private readonly run: (key: string, requests: Request[]) => Promise<Result[]>,
    private readonly maxBatch: number,
  ) {}

  submit(key: string, request: Request): Promise<Result> {
    return new Promise<Result>((resolve, reject) => {
      const queue = this.waiting.get(key) ?? [];
      queue.push({ request, resolve, reject });
      this.waiting.set(key, queue);
      if (!this.busy.has(key)) {
        void this.drain(key);
      }
    });
  }

  private async drain(key: string): Promise<void> {
    this.busy.add(key);
    try {
      for (let queue = this.waiting.get(key); queue && queue.length > 0; queue = this.waiting.get(key)) {
        const batch = queue.splice(0, this.maxBatch);
        if (queue.length === 0) {
          this.waiting.delete(key);
        }
        try {
          const results = await this.run(key, batch.map((b) => b.request));
          batch.forEach((b, i) => b.resolve(results[i]));
        } catch (error) {
          batch.forEach((b) => b.reject(error));
        }
      }
    } finally {
      this.busy.delete(key);
    }
  }
}
