import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';

export interface PrivateRedis {
  /** redis://127.0.0.1:<port>, for REDIS_URL. */
  url: string;
  port: number;
  /** Stops the server and waits for it to exit. */
  stop(): Promise<void>;
}

const START_TIMEOUT_MS = 10_000;
const ATTEMPTS = 3;

/** A port nobody listens on right now (the kernel picks it). */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') {
    throw new Error('Could not find a free port');
  }
  return address.port;
}

function waitUntilReady(child: ChildProcess): Promise<void> {
  return new Promise((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => fail(new Error(`redis-server did not start within ${START_TIMEOUT_MS} ms: ${output}`)), START_TIMEOUT_MS);
    const onData = (chunk: Buffer) => {
      output += chunk.toString('utf8');
      if (output.includes('Ready to accept connections')) {
        done();
      }
    };
    const onExit = (code: number | null) => fail(new Error(`redis-server exited with ${code} before it was ready: ${output}`));
    const cleanUp = () => {
      clearTimeout(timer);
      child.stdout?.off('data', onData);
      child.off('exit', onExit);
      child.off('error', fail);
    };
    function done() {
      cleanUp();
      resolve();
    }
    function fail(error: Error) {
      cleanUp();
      reject(error);
    }
    child.stdout?.on('data', onData);
    child.once('exit', onExit);
    child.once('error', fail);
  });
}

async function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) {
    return;
  }
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  await exited;
}

/**
 * A redis-server of its own, on a free port, holding nothing on disk: a test may FLUSHALL it
 * without touching the Redis that other test files share. Call stop() when done.
 */
export async function startPrivateRedis(): Promise<PrivateRedis> {
  let lastError: unknown;
  // The port may be taken between choosing it and binding it: try another.
  for (let attempt = 0; attempt < ATTEMPTS; attempt += 1) {
    const port = await freePort();
    const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', tmpdir(), '--loglevel', 'notice'], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    try {
      await waitUntilReady(child);
    } catch (error) {
      lastError = error;
      await stopProcess(child);
      continue;
    }
    // Keep reading, or a full pipe would stall the server's log writes.
    child.stdout?.resume();
    return { url: `redis://127.0.0.1:${port}`, port, stop: () => stopProcess(child) };
  }
  throw lastError instanceof Error ? lastError : new Error(String(lastError));
}
