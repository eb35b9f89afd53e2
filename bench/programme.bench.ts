import { readFileSync } from 'node:fs';
import { withBenchApiProcess } from './api-process';
import { seedEdition } from './seed-edition';
import { fail, percentile, recordFigures, withBenchApp } from './support';

/**
 * GET /api/forums/:id/programme for an edition of 500 published sessions over 5 days, over real
 * HTTP against a real PostgreSQL. Target: median under 50 ms. Prints the figures.
 */
const SESSIONS = 500;
const DAYS = 5;
const WARM_UP = 20;
const REQUESTS = 200;

async function main(): Promise<void> {
  let forumId = '';
  await withBenchApp(
    async (orm) => {
      forumId = await seedEdition(orm, 'bench-forum', SESSIONS);
    },
    async ({ baseUrl }) => {
      const target = `${baseUrl}/api/forums/${forumId}/programme?lang=ko`;
      const timings: number[] = [];
      let sessions = 0;
      for (let i = 0; i < WARM_UP + REQUESTS; i += 1) {
        const started = process.hrtime.bigint();
        const response = await fetch(target);
        const body = (await response.json()) as { days: { sessions: unknown[] }[] };
        const elapsed = Number(process.hrtime.bigint() - started) / 1e6;
        if (response.status !== 200) {
          throw new Error(`programme answered ${response.status}`);
        }
        sessions = body.days.reduce((n, d) => n + d.sessions.length, 0);
        if (i >= WARM_UP) {
          timings.push(elapsed);
        }
      }
      timings.sort((a, b) => a - b);
      const median = percentile(timings, 50);
      process.stdout.write(`programme: ${sessions} sessions over ${DAYS} days, ${REQUESTS} requests over HTTP\n`);
      recordFigures('programme', [
        { figure: 'programme: median latency (500 sessions)', value: median, unit: 'ms', goal: '< 50 ms', pass: median < 50 },
        { figure: 'programme: p95 latency', value: percentile(timings, 95), unit: 'ms' },
        { figure: 'programme: max latency', value: timings[timings.length - 1], unit: 'ms' },
      ]);
    },
  );
  // The same edition served by the built API as a process of its own, for its memory peak.
  await withBenchApiProcess(
    async (orm) => {
      forumId = await seedEdition(orm, 'bench-forum', SESSIONS);
    },
    async ({ baseUrl, pid }) => {
      for (const url of [`${baseUrl}/api/forums/${forumId}/programme?lang=ko`, `${baseUrl}/calendar/forums/bench-forum.ics`]) {
        for (let i = 0; i < REQUESTS; i += 1) {
          await (await fetch(url)).arrayBuffer();
        }
      }
      const peak = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
      if (peak) {
        recordFigures('programme', [{ figure: 'API process peak RSS (200 programmes and 200 feeds served)', value: Math.round(Number(peak[1]) / 1024), unit: 'MB' }]);
      }
    },
  );
}

main().catch(fail);
