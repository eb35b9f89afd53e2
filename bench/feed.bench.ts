import { MikroORM } from '@mikro-orm/postgresql';
import { programmeCalendar } from '../src/calendar/programme-calendar';
import { Forum } from '../src/forums/forum.entity';
import { Organisation } from '../src/organisations/organisation.entity';
import { Session, SessionHost, SESSION_KINDS } from '../src/programme/session.entity';
import { fail, percentile, throughput, withBenchApp } from './support';

/**
 * The public feed of a 500-session edition: requests/s cached, requests/s answered 304, and a
 * static body of the same size on the same HTTP stack (the ceiling); and the uncached render time.
 * Goals: cached ≥ 50% of the static body; an uncached render under 50 ms.
 */
const SESSIONS = 500;

async function seed(orm: MikroORM): Promise<void> {
  const em = orm.em.fork();
  const forum = new Forum({ slug: 'bench-feed', editionNumber: 2, title: { fr: 'Forum de mesure', ko: '벤치마크 포럼' }, hostCountry: 'KR', timeZone: 'Asia/Seoul' });
  forum.status = 'published';
  forum.startDate = '2024-09-23';
  forum.endDate = '2024-09-27';
  const hosts = Array.from({ length: 20 }, (_, i) => new Organisation({ name: `Collectivité ${i}`, country: i % 2 ? 'KR' : 'FR', kind: 'commune' }));
  em.persist([forum, ...hosts]);
  for (let i = 0; i < SESSIONS; i += 1) {
    const start = new Date(Date.UTC(2024, 8, 23 + (i % 5), 0, 0) + Math.floor(i / 5) * 5 * 60_000);
    const session = new Session({ forum, kind: SESSION_KINDS[i % SESSION_KINDS.length], title: { fr: `Session ${i}`, ko: `세션 ${i}` }, startsAt: start, endsAt: new Date(start.getTime() + 45 * 60_000) });
    session.status = 'published';
    session.onlineUrl = 'https://visio.example.org/bench';
    session.description = { fr: 'Une description de quelques lignes, comme en vrai.' };
    em.persist([session, new SessionHost({ session, organisation: hosts[i % 20], role: 'host' })]);
  }
  await em.flush();
}

async function main(): Promise<void> {
  let staticBody = Buffer.alloc(0);
  await withBenchApp(
    seed,
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
        programmeCalendar(forum, loaded, { locale: 'fr', publicUrl: baseUrl, refreshSeconds: 3600 });
        renders.push(Number(process.hrtime.bigint() - started) / 1e6);
      }
      renders.sort((a, b) => a - b);

      const cached = await throughput(url, {}, 4);
      const notModified = await throughput(url, { headers: { 'if-none-match': etag } }, 4);
      const ceiling = await throughput(`${baseUrl}/bench-static`, {}, 4);
      const render = percentile(renders, 50);
      process.stdout.write(
        `feed of ${SESSIONS} sessions (${(body.length / 1024).toFixed(0)} KiB)\n` +
          `  uncached render: median ${render.toFixed(1)} ms (goal < 50 ms: ${render < 50 ? 'met' : 'NOT met'})\n` +
          `  cached ${cached.toFixed(0)} req/s · 304 ${notModified.toFixed(0)} req/s · static body of the same size ${ceiling.toFixed(0)} req/s: cached is ${((100 * cached) / ceiling).toFixed(0)}% (goal ≥ 50%: ${cached >= 0.5 * ceiling ? 'met' : 'NOT met'})\n`,
      );
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
