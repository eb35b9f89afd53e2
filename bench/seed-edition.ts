import type { MikroORM } from '@mikro-orm/postgresql';
import { Forum } from '../src/forums/forum.entity';
import { Organisation } from '../src/organisations/organisation.entity';
import { Session, SessionHost, SESSION_KINDS } from '../src/programme/session.entity';

/**
 * A published edition in Seoul of `sessions` sessions over 5 days (23–27 September 2024), each
 * led by two of 20 authorities: the programme and feed benchmarks measure the same edition.
 */
export async function seedEdition(orm: MikroORM, slug: string, sessions: number): Promise<string> {
  const days = 5;
  const em = orm.em.fork();
  const forum = new Forum({
    slug,
    editionNumber: 2,
    title: { fr: 'Forum de mesure', ko: '벤치마크 포럼' },
    hostCountry: 'KR',
    timeZone: 'Asia/Seoul',
  });
  forum.status = 'published';
  forum.startDate = '2024-09-23';
  forum.endDate = '2024-09-27';
  const hosts = Array.from(
    { length: 20 },
    (_, i) => new Organisation({ name: `Collectivité ${i}`, country: i % 2 ? 'KR' : 'FR', kind: 'commune' }),
  );
  em.persist([forum, ...hosts]);
  for (let i = 0; i < sessions; i += 1) {
    const start = new Date(Date.UTC(2024, 8, 23 + (i % days), 0, 0) + Math.floor(i / days) * 5 * 60_000);
    const session = new Session({
      forum,
      kind: SESSION_KINDS[i % SESSION_KINDS.length],
      title: { fr: `Session ${i}`, ko: `세션 ${i}` },
      startsAt: start,
      endsAt: new Date(start.getTime() + 45 * 60_000),
    });
    session.status = 'published';
    session.onlineUrl = 'https://visio.example.org/bench';
    session.capacity = 30;
    session.description = { fr: 'Une description de quelques lignes, comme en vrai.', ko: '몇 줄의 설명.' };
    em.persist([
      session,
      new SessionHost({ session, organisation: hosts[i % 20], role: 'host' }),
      new SessionHost({ session, organisation: hosts[(i + 7) % 20], role: 'speaker' }),
    ]);
  }
  await em.flush();
  return forum.id;
}
