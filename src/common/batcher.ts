interface Waiting<In, Out> {
  input: In;
  resolve: (output: Out) => void;
  reject: (error: unknown) => void;
}

/**
 * Gathers single calls into batches, one batch in flight at a time: what arrives while a batch
 * runs goes into the next. A batch starts after the current turn of the event loop, so the calls
 * of requests read together (a burst arrives in one turn) share it; alone, a call waits only for
 * that turn. Each caller's promise settles with its own batch.
 */
export class Batcher<In, Out> {
  private waiting: Waiting<In, Out>[] = [];
  private running = false;
  private scheduled = false;

  constructor(
    private readonly run: (inputs: In[]) => Promise<Out[]>,
    private readonly maxBatch: number,
    /** Called when nothing waits or runs any more. */
    private readonly onIdle?: () => void,
  ) {}

  add(input: In): Promise<Out> {
    return new Promise<Out>((resolve, reject) => {
      this.waiting.push({ input, resolve, reject });
      this.schedule();
    });
  }

  private schedule(): void {
    if (this.running || this.scheduled) {
      return;
    }
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      void this.runNext();
    });
  }

  private async runNext(): Promise<void> {
    if (this.running) {
      return;
    }
    if (this.waiting.length === 0) {
      this.onIdle?.();
      return;
    }
    this.running = true;
    const batch = this.waiting.splice(0, this.maxBatch);
    try {
      const outputs = await this.run(batch.map((w) => w.input));
      batch.forEach((w, i) => w.resolve(outputs[i]));
    } catch (error) {
      for (const w of batch) {
        w.reject(error);
      }
    } finally {
      this.running = false;
      if (this.waiting.length > 0) {
        this.schedule();
      } else {
        this.onIdle?.();
      }
    }
  }
}

/**
 * A Batcher per key (a session, say): batches of one key run one after the other, batches of
 * different keys side by side. A key's batcher is dropped once idle, and `onIdle` told.
 */
export class KeyedBatcher<In, Out> {
  private readonly lines = new Map<string, Batcher<In, Out>>();

  constructor(
    private readonly run: (key: string, inputs: In[]) => Promise<Out[]>,
    private readonly maxBatch: number,
    private readonly onIdle?: (key: string) => void,
  ) {}

  add(key: string, input: In): Promise<Out> {
    let line = this.lines.get(key);
    if (!line) {
      const created = new Batcher<In, Out>(
        (inputs) => this.run(key, inputs),
        this.maxBatch,
        () => {
          if (this.lines.get(key) === created) {
            this.lines.delete(key);
            this.onIdle?.(key);
          }
        },
      );
      this.lines.set(key, created);
      line = created;
    }
    return line.add(input);
  }
}
