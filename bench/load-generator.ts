import { spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../src/common/project-root';

/** What one run of the load generator measured. */
export interface Load {
  requestsPerSecond: number;
  requests: number;
  /** Socket errors, timeouts, and answers of another status than expected. */
  errors: number;
}

export interface LoadOptions {
  seconds: number;
  connections: number;
  headers?: Record<string, string>;
  /** The status every answer must have (200, or 304 for a revalidation). */
  status: number;
}

export type LoadTool = 'wrk' | 'autocannon';

/**
 * The load generator, always a process of its own, so it never shares an event loop with what it
 * measures: wrk (Debian's `wrk`, one thread, in C) when installed, else autocannon (npm) in its
 * own Node process. BENCH_LOAD=autocannon chooses it even where wrk is.
 */
export function loadTool(): LoadTool {
  if (process.env.BENCH_LOAD === 'autocannon') {
    return 'autocannon';
  }
  return spawnSync('wrk', ['--version']).error ? 'autocannon' : 'wrk';
}

function run(command: string, args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    child.once('error', reject);
    child.once('exit', (code) => (code === 0 ? resolve(out) : reject(new Error(`${command} exited ${code}: ${err || out}`))));
  });
}

async function withWrk(url: string, options: LoadOptions): Promise<Load> {
  const headers = Object.entries(options.headers ?? {}).flatMap(([name, value]) => ['-H', `${name}: ${value}`]);
  const out = await run('wrk', ['-t1', `-c${options.connections}`, `-d${options.seconds}s`, '--timeout', '5s', ...headers, url]);
  const requests = Number(/(\d+) requests in/.exec(out)?.[1] ?? 0);
  const rate = Number(/Requests\/sec:\s+([\d.]+)/.exec(out)?.[1] ?? 0);
  // wrk counts 3xx as success: a 304 run must see no 200 (and the reverse) through the body size read.
  const unexpected = Number(/Non-2xx or 3xx responses: (\d+)/.exec(out)?.[1] ?? 0);
  const socket = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(out);
  const socketErrors = socket ? socket.slice(1).reduce((n, v) => n + Number(v), 0) : 0;
  const transfer = /Transfer\/sec:/.test(out);
  if (!transfer) {
    throw new Error(`wrk printed nothing it could read:\n${out}`);
  }
  return { requestsPerSecond: rate, requests, errors: unexpected + socketErrors };
}

interface AutocannonResult {
  requests: { average: number; total: number };
  errors: number;
  timeouts: number;
  statusCodeStats?: Record<string, { count: number }>;
}

async function withAutocannon(url: string, options: LoadOptions): Promise<Load> {
  const headers = Object.entries(options.headers ?? {}).flatMap(([name, value]) => ['-H', `${name}=${value}`]);
  const bin = join(PROJECT_ROOT, 'node_modules', 'autocannon', 'autocannon.js');
  const out = await run(process.execPath, [bin, '-c', String(options.connections), '-d', String(options.seconds), '-j', ...headers, url]);
  const result = JSON.parse(out) as AutocannonResult;
  const other = Object.entries(result.statusCodeStats ?? {})
    .filter(([status]) => Number(status) !== options.status)
    .reduce((n, [, stats]) => n + stats.count, 0);
  return { requestsPerSecond: result.requests.average, requests: result.requests.total, errors: result.errors + result.timeouts + other };
}

/** Requests per second `url` answers under `connections` keep-alive connections for `seconds`. */
export function generateLoad(tool: LoadTool, url: string, options: LoadOptions): Promise<Load> {
  return tool === 'wrk' ? withWrk(url, options) : withAutocannon(url, options);
}
