import { seedEdition } from './seed-edition';
import { fail, percentile, recordFigures, withBenchApp } from './support';

/**
 * GET /api/forums/:id/programme for an edition of 500 published sessions over 5 days, over real
 * HTTP against a real PostgreSQL, rendered for every request: as an organiser asks it (an
 * anonymous reader gets it from memory once rendered, see public-reads.bench.ts), so each figure
 * is the query and render that follow a change. Target: median under 50 ms.
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
    async ({ baseUrl, token }) => {
      const target = `${baseUrl}/api/forums/${forumId}/programme?lang=ko`;
      const organiser = { headers: { authorization: `Bearer ${token}` } };
      const timings: number[] = [];
      let sessions = 0;
      for (let i = 0; i < WARM_UP + REQUESTS; i += 1) {
        const started = process.hrtime.bigint();
        const response = await fetch(target, organiser);
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
        {
          figure: 'programme: median latency, rendered for the request (500 sessions)',
          value: median,
          unit: 'ms',
          goal: '< 50 ms',
          pass: median < 50,
        },
        { figure: 'programme: p95 latency', value: percentile(timings, 95), unit: 'ms' },
        { figure: 'programme: max latency', value: timings[timings.length - 1], unit: 'ms' },
      ]);
    },
  );
}

main().catch(fail);
