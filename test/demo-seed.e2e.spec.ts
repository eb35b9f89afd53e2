import type { MikroORM } from '@mikro-orm/postgresql';
import { randomBytes } from 'node:crypto';
import { User } from '../src/auth/user.entity';
import { DEMO_CONTACTS, DEMO_ORGANISER_EMAIL, DEMO_FORUMS, DEMO_INVITED_2024, DEMO_ORGANISATIONS, DEMO_PARTNERSHIPS, seedDemo } from '../src/database/demo-seed';
import { Partnership } from '../src/organisations/partnership.entity';
import { DateOption } from '../src/forums/date-option.entity';
import { Theme } from '../src/forums/theme.entity';
import { Contact } from '../src/organisations/contact.entity';
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

    expect(first).toEqual({
      usersCreated: 1,
      forumsCreated: DEMO_FORUMS.length,
      organisationsCreated: DEMO_ORGANISATIONS.length,
      contactsCreated: DEMO_CONTACTS.length,
      partnershipsCreated: DEMO_PARTNERSHIPS.length,
      invitationsCreated: DEMO_INVITED_2024.length,
    });
    expect(second).toEqual({ usersCreated: 0, forumsCreated: 0, organisationsCreated: 0, contactsCreated: 0, partnershipsCreated: 0, invitationsCreated: 0 });
    const em = orm.em.fork();
    expect(await em.count(Organisation, {})).toBe(DEMO_ORGANISATIONS.length);
    const forum = await em.findOneOrFail(Forum, { slug: 'forum-franco-coreen-2024' });
    expect(forum).toMatchObject({ editionNumber: 2, timeZone: 'Asia/Seoul', status: 'published', startDate: '2024-09-24', endDate: '2024-09-26' });
    expect(await em.findOneOrFail(Organisation, { name: 'Seocho-gu' })).toMatchObject({ nameKo: '서초구', country: 'KR', kind: 'district' });
    const issy = await em.findOneOrFail(Organisation, { name: 'Issy-les-Moulineaux' });
    const twinning = await em.findOneOrFail(Partnership, { $or: [{ organisationA: issy }, { organisationB: issy }] }, { populate: ['organisationA', 'organisationB'] });
    expect([twinning.organisationA.name, twinning.organisationB.name].sort()).toEqual(['Guro-gu', 'Issy-les-Moulineaux']);
    expect(await em.count(DateOption, { forum })).toBe(2);
    expect(await em.count(Theme, { forum })).toBe(4);
    const millan = await em.findOneOrFail(Contact, { lastName: 'Millan' });
    expect(millan.email).toBe('caroline.millan@issy-les-moulineaux.example');
    expect(await em.findOneOrFail(User, { email: DEMO_ORGANISER_EMAIL })).toMatchObject({ role: 'admin' });
  });
});
