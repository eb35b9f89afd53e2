import type { MikroORM } from '@mikro-orm/postgresql';
import { randomBytes } from 'node:crypto';
import { DEMO_FORUMS, DEMO_ORGANISATIONS, seedDemo } from '../src/database/demo-seed';
import { Forum } from '../src/forums/forum.entity';
import { Organisation } from '../src/organisations/organisation.entity';
import { createMigratedDatabase, dropDatabase, openOrm } from './support/database';

describe('Demo data', () => {
  // Its own database: the demo slugs are fixed, other tests must not see them.
  const name = `passerelle_demo_${randomBytes(4).toString('hex')}`;
  let orm: MikroORM;

  beforeAll(async () => {
    orm = await openOrm(await createMigratedDatabase(name));
  });

  afterAll(async () => {
    await orm.close();
    await dropDatabase(name);
  });

  it('loads the 2nd Franco-Korean Forum and the participants, and a second run changes nothing', async () => {
    const first = await seedDemo(orm.em.fork());
    const second = await seedDemo(orm.em.fork());

    expect(first).toEqual({ forumsCreated: DEMO_FORUMS.length, organisationsCreated: DEMO_ORGANISATIONS.length });
    expect(second).toEqual({ forumsCreated: 0, organisationsCreated: 0 });
    const em = orm.em.fork();
    expect(await em.count(Organisation, {})).toBe(DEMO_ORGANISATIONS.length);
    const forum = await em.findOneOrFail(Forum, { slug: 'forum-franco-coreen-2024' });
    expect(forum).toMatchObject({ editionNumber: 2, timeZone: 'Asia/Seoul', status: 'published', startDate: '2024-09-24', endDate: '2024-09-26' });
    expect(await em.findOneOrFail(Organisation, { name: 'Seocho-gu' })).toMatchObject({ nameKo: '서초구', country: 'KR', kind: 'district' });
  });
});
