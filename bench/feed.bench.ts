import { MikroORM } from '@mikro-orm/postgresql';
import { organiser } from '../src/calendar/ical';
import { programmeCalendar } from '../src/calendar/programme-calendar';
import { Forum } from '../src/forums/forum.entity';
import { Session } from '../src/programme/session.entity';
import { seedEdition } from './seed-edition';
import { fail, percentile, recordFigures, throughput, withBenchApp } from './support';

/**
 * The public feed of a 500-session edition: requests/s cached, requests/s answered 304, and a
 * static body of the same size on the same HTTP stack (the ceiling); and the uncached render time.
 * Goals: cached ≥ 50% of the static body; an uncached render under 50 ms.
 */
const SESSIONS = 500;

async function main(): Promise<void> {
  let staticBody = Buffer.alloc(0);
  await withBenchApp(
    async (orm) => {
      await seedEdition(orm, 'bench-feed', SESSIONS);
    },
    async ({ baseUrl, app }) => {
      const url = `${baseUrl}/calendar/forums/bench-feed.ics`;
      const first = await fetch(url);
      const body = Buffer.from(await first.arrayBuffer());
      // The ceiling serves exactly these bytes.
      staticBody = body;
      const etag = first.headers.get('etag') ?? '';

      const em = app.get(MikroORM).em.fork();
      const forum = await em.findOneOrFail(Forum, { slug: 'bench-feed' });
      const renders: number[] = [];
      for (let i = 0; i < 20; i += 1) {
        const loaded = await em.find(Session, { forum, status: 'published' }, { populate: ['hosts.organisation'], orderBy: { startsAt: 'asc' } });
        const started = process.hrtime.bigint();
        programmeCalendar(forum, loaded, { locale: 'fr', publicUrl: baseUrl, refreshSeconds: 3600, organiser: organiser('bench@passerelle.test') });
        renders.push(Number(process.hrtime.bigint() - started) / 1e6);
      }
      renders.sort((a, b) => a - b);

      const cached = await throughput(url, {}, 4);
      const notModified = await throughput(url, { headers: { 'if-none-match': etag } }, 4);
      const ceiling = await throughput(`${baseUrl}/bench-static`, {}, 4);
      const render = percentile(renders, 50);
      process.stdout.write(`feed of ${SESSIONS} sessions (${(body.length / 1024).toFixed(0)} KiB)\n`);
      recordFigures('feed', [
        { figure: 'feed: uncached render, median (500 sessions)', value: render, unit: 'ms', goal: '< 50 ms', pass: render < 50 },
        { figure: 'feed: cached', value: Math.round(cached), unit: 'req/s' },
        { figure: 'feed: answered 304', value: Math.round(notModified), unit: 'req/s' },
        { figure: 'feed: static body of the same size (ceiling)', value: Math.round(ceiling), unit: 'req/s' },
        { figure: 'feed: cached against the ceiling', value: Math.round((100 * cached) / ceiling), unit: '%', goal: '≥ 50%', pass: cached >= 0.5 * ceiling },
      ]);
    },
    (app) => {
      // The ceiling: the same stack serving bytes it already has, no database.
      app.getHttpAdapter().getInstance().get('/bench-static', (_request, reply) => {
        void reply.header('content-type', 'text/calendar; charset=utf-8').send(staticBody);
      });
    },
  );
}

main().catch(fail);
