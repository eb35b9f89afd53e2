import type { MikroORM } from '@mikro-orm/postgresql';
import { Forum } from '../src/forums/forum.entity';
import { Organisation } from '../src/organisations/organisation.entity';
import { Session, SessionHost, SESSION_KINDS } from '../src/programme/session.entity';
import { fail, percentile, withBenchApp } from './support';

/**
 * GET /api/forums/:id/programme for an edition of 500 published sessions over 5 days, over real
 * HTTP against a real PostgreSQL. Target: median under 50 ms. Prints the figures.
 */
const SESSIONS = 500;
const DAYS = 5;
const WARM_UP = 20;
const REQUESTS = 200;

async function seed(orm: MikroORM): Promise<string> {
  const em = orm.em.fork();
  {
    const forum = new Forum({ slug: 'bench-forum', editionNumber: 2, title: { fr: 'Forum de mesure', ko: '벤치마크 포럼' }, hostCountry: 'KR', timeZone: 'Asia/Seoul' });
    forum.status = 'published';
    forum.startDate = '2024-09-23';
    forum.endDate = '2024-09-27';
    const hosts = Array.from({ length: 20 }, (_, i) => new Organisation({ name: `Collectivité ${i}`, country: i % 2 ? 'KR' : 'FR', kind: 'commune' }));
    em.persist([forum, ...hosts]);
    for (let i = 0; i < SESSIONS; i += 1) {
      const day = i % DAYS;
      const slot = Math.floor(i / DAYS);
      const start = new Date(Date.UTC(2024, 8, 23 + day, 0, 0) + slot * 60_000 * 5);
      const session = new Session({ forum, kind: SESSION_KINDS[i % SESSION_KINDS.length], title: { fr: `Session ${i}`, ko: `세션 ${i}` }, startsAt: start, endsAt: new Date(start.getTime() + 45 * 60_000) });
      session.status = 'published';
      session.onlineUrl = 'https://visio.example.org/bench';
      session.capacity = 30;
      session.description = { fr: 'Une description de quelques lignes, comme en vrai.', ko: '몇 줄의 설명.' };
      em.persist(session);
      em.persist([new SessionHost({ session, organisation: hosts[i % 20], role: 'host' }), new SessionHost({ session, organisation: hosts[(i + 7) % 20], role: 'speaker' })]);
    }
    await em.flush();
    return forum.id;
  }
}

async function main(): Promise<void> {
  let forumId = '';
  await withBenchApp(
    async (orm) => {
      forumId = await seed(orm);
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
      process.stdout.write(
        `programme: ${sessions} sessions over ${DAYS} days, ${REQUESTS} requests over HTTP\n` +
          `  median ${median.toFixed(1)} ms · p95 ${percentile(timings, 95).toFixed(1)} ms · max ${timings[timings.length - 1].toFixed(1)} ms (target: median < 50 ms: ${median < 50 ? 'met' : 'NOT met'})\n`,
      );
    },
  );
}

main().catch(fail);
