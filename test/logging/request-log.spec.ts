import { closeSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { Writable } from 'node:stream';
import pino from 'pino';
import { PROJECT_ROOT } from '../../src/common/project-root';
import { batchedOutput, LINE_DELAY_MS } from '../../src/logging/log-stream';
import { redactUrl, requestLine } from '../../src/logging/logging.module';

/** What pino itself writes for the same fields, as the API's logger is configured (reqId from the mixin). */
function pinoLine(level: 'info' | 'warn' | 'error', id: string, fields: Record<string, unknown>, time: number): string {
  let written = '';
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      written += chunk.toString();
      done();
    },
  });
  const logger = pino({ level: 'info', mixin: () => ({ reqId: id }), timestamp: () => `,"time":${time}` }, sink);
  logger[level](fields, 'request completed');
  return written;
}

describe('Request log lines', () => {
  it.each([
    ['info', 'a1b2c3', 'GET', '/forums/seoul-2027?lang=ko', 200, 0.3],
    ['warn', 'req-"quoted"', 'POST', '/access?token=acc_secret&next=%2Fdesk', 404, 12],
    ['error', '9f1c', 'GET', '/calendar/delegates/cal_secret.ics', 503, 1234.5],
  ] as const)('are what pino writes, byte for byte (%s)', (level, id, method, url, statusCode, responseTime) => {
    const time = 1_796_000_000_123;
    expect(redactUrl(url)).not.toContain('secret');
    const ours = requestLine(level, id, method, url, statusCode, responseTime, time);
    const theirs = pinoLine(level, id, { request: { id, method, url: redactUrl(url) }, response: { statusCode }, responseTime }, time);
    expect(ours).toBe(theirs);
  });

  it(`wait up to ${LINE_DELAY_MS} ms (or a flush), then reach the output in the order written, none lost`, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'passerelle-log-'));
    const file = join(dir, 'out.log');
    const fd = openSync(file, 'w');
    try {
      const output = batchedOutput(fd);
      const lines = Array.from({ length: 5_000 }, (_, i) => `{"n":${i}}\n`);
      for (const line of lines.slice(0, 10)) {
        output.write(line);
      }
      // Nothing written yet, not even after this turn of the event loop: the lines wait for others.
      await new Promise((resolve) => setImmediate(resolve));
      expect(readFileSync(file, 'utf8')).toBe('');
      output.flushSync();
      expect(readFileSync(file, 'utf8')).toBe(lines.slice(0, 10).join(''));
      const started = Date.now();
      for (const line of lines.slice(10, 20)) {
        output.write(line);
      }
      while (readFileSync(file, 'utf8').length < lines.slice(0, 20).join('').length && Date.now() - started < 1_000) {
        await new Promise((resolve) => setTimeout(resolve, 1));
      }
      expect(readFileSync(file, 'utf8')).toBe(lines.slice(0, 20).join(''));
      expect(Date.now() - started).toBeGreaterThanOrEqual(LINE_DELAY_MS - 1);
      // Beyond 16 KB of waiting lines, they go out at once.
      for (const line of lines.slice(20)) {
        output.write(line);
      }
      expect(readFileSync(file, 'utf8').length).toBeGreaterThan(16 * 1024);
      await new Promise((resolve) => setTimeout(resolve, 5 * LINE_DELAY_MS));
      expect(readFileSync(file, 'utf8')).toBe(lines.join(''));
    } finally {
      closeSync(fd);
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('are all written when the process exits before the end of the turn (the built module)', () => {
    const module = join(PROJECT_ROOT, 'dist', 'src', 'logging', 'log-stream.js');
    const script = `const { batchedStdout } = require(${JSON.stringify(module)}); const out = batchedStdout(); out.write('first\\n'); out.write('second\\n'); process.exit(3);`;
    const child = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8' });
    expect([child.status, child.stdout]).toEqual([3, 'first\nsecond\n']);
  });
});
