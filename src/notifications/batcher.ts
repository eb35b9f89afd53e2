interface Waiting<In, Out> {
  input: In;
  resolve: (output: Out) => void;
  reject: (error: unknown) => void;
}

/**
 * Gathers single calls into batches, one batch in flight at a time: what arrives while a batch
 * runs goes into the next. Under load batches grow on their own; alone, a call waits only for
 * the current turn of the event loop. Each caller's promise settles with its own batch.
 */
export class Batcher<In, Out> {
  private waiting: Waiting<In, Out>[] = [];
  private running = false;
  private scheduled = false;

  constructor(
    private readonly run: (inputs: In[]) => Promise<Out[]>,
    private readonly maxBatch: number,
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
    if (this.running || this.waiting.length === 0) {
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
      }
    }
  }
}
