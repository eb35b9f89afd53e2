import { writeSync } from 'node:fs';

/** Lines waiting beyond this many characters are written at once, without waiting any longer. */
const BATCH_CHARS = 16 * 1024;
/** The longest a line waits for others to go out with it. */
export const LINE_DELAY_MS = 10;
/** A full pipe (EAGAIN) is tried again after this pause, as pino's own destination does. */
const FULL_PIPE_PAUSE_MS = 10;

export interface LogStream {
  write(line: string): void;
  /** Writes every waiting line now. */
  flushSync(): void;
}

function writeAll(fd: number, text: string): void {
  const bytes = Buffer.from(text, 'utf8');
  let offset = 0;
  while (offset < bytes.length) {
    try {
      offset += writeSync(fd, bytes, offset);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code !== 'EAGAIN' && code !== 'EBUSY') {
        // The reader is gone (EPIPE) or the descriptor closed: no log line can be saved from that.
        return;
      }
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, FULL_PIPE_PAUSE_MS);
    }
  }
}

/**
 * Standard output for the JSON log lines, written in batches rather than once per line: under
 * load, the request lines of all the requests answered within a few milliseconds go out in one
 * write (one system call instead of one per line, or per turn of the event loop, which under
 * load is one per few requests), and a line waits no longer than LINE_DELAY_MS, however quiet the
 * process. Nothing is dropped and the order is kept: an error line is written at once with what
 * waits before it (the logger's hook calls `flushSync`), and whatever waits is written when the
 * process exits (a SIGKILL can lose the last few milliseconds of lines).
 */
export function batchedOutput(fd: number): LogStream {
  let waiting = '';
  let timer: NodeJS.Timeout | undefined;
  let flushesOnExit = false;
  const flushSync = (): void => {
    if (timer !== undefined) {
      clearTimeout(timer);
      timer = undefined;
    }
    if (waiting.length > 0) {
      const text = waiting;
      waiting = '';
      writeAll(fd, text);
    }
  };
  return {
    write(line: string): void {
      if (!flushesOnExit) {
        // From the first line on: a process that never logs (a silent test run) adds no listener.
        flushesOnExit = true;
        process.once('exit', flushSync);
      }
      waiting += line;
      if (waiting.length > BATCH_CHARS) {
        flushSync();
      } else if (timer === undefined) {
        // Unreferenced: waiting lines never keep a process alive; its exit writes them.
        timer = setTimeout(flushSync, LINE_DELAY_MS).unref();
      }
    },
    flushSync,
  };
}

let stdout: LogStream | undefined;

/** The process's one batched standard output (every logger of the process writes through it, in order). */
export function batchedStdout(): LogStream {
  stdout ??= batchedOutput(1);
  return stdout;
}
