import { MikroORM } from '@mikro-orm/postgresql';
import { organiser } from '../src/ical/ical';
import { programmeCalendar } from '../src/feeds/programme-calendar';
import { Forum } from '../src/forums/forum.entity';
import { Session } from '../src/programme/session.entity';
import { seedEdition } from './seed-edition';
import { fail, percentile, recordFigures, withBenchApp } from './support';

/**
 * The public feed of a 500-session edition rendered from its sessions, as after every change
 * (goal: under 50 ms). How fast the rendered feed is then served, against a bare server, is
 * public-reads.bench.ts's part.
 */
const SESSIONS = 500;

async function main(): Promise<void> {
  await withBenchApp(
    async (orm) => {
      await seedEdition(orm, 'bench-feed', SESSIONS);
    },
    async ({ baseUrl, app }) => {
      const em = app.get(MikroORM).em.fork();
      const forum = await em.findOneOrFail(Forum, { slug: 'bench-feed' });
      const renders: number[] = [];
      let bytes = 0;
      for (let i = 0; i < 20; i += 1) {
        const loaded = await em.find(
          Session,
          { forum, status: 'published' },
          { populate: ['hosts.organisation'], orderBy: { startsAt: 'asc' } },
        );
        const started = process.hrtime.bigint();
        bytes = Buffer.byteLength(
          programmeCalendar(forum, loaded, {
            locale: 'fr',
            publicUrl: baseUrl,
            refreshSeconds: 3600,
            organiser: organiser('bench@passerelle.test'),
          }),
        );
        renders.push(Number(process.hrtime.bigint() - started) / 1e6);
      }
      renders.sort((a, b) => a - b);
      const render = percentile(renders, 50);
      process.stdout.write(`feed of ${SESSIONS} sessions (${(bytes / 1024).toFixed(0)} KiB)\n`);
      recordFigures('feed', [
        { figure: 'feed: render after a change, median (500 sessions)', value: render, unit: 'ms', goal: '< 50 ms', pass: render < 50 },
      ]);
    },
  );
}

main().catch(fail);
