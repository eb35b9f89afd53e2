import { EntityManager, MikroORM, RequestContext } from '@mikro-orm/postgresql';
import { requestEntityManager, runInRequestScope } from '../../src/database/request-scope';
import { Organisation } from '../../src/organisations/organisation.entity';
import { type Harness, startHarness } from '../support/harness';

describe('The EntityManager of a request', () => {
  let h: Harness;
  let orm: MikroORM;

  beforeAll(async () => {
    h = await startHarness();
    orm = h.app.get(MikroORM);
  });

  afterAll(async () => {
    await h?.close();
  });

  it('is forked on first use, once per request, and never shared between requests', async () => {
    const name = orm.em.name;
    expect(requestEntityManager(name)).toBeUndefined();
    const [first, second] = await Promise.all(
      [1, 2].map((n) =>
        runInRequestScope(orm.em, async () => {
          const before = requestEntityManager(name);
          await new Promise((resolve) => setTimeout(resolve, n));
          return { before, em: requestEntityManager(name) };
        }),
      ),
    );
    expect(first.em).toBeDefined();
    expect(first.before).toBe(first.em);
    expect(second.em).not.toBe(first.em);
    expect(first.em).not.toBe(orm.em);
    expect(requestEntityManager('another')).toBeUndefined();
  });

  it('is what the injected EntityManager uses, with its own identity map', async () => {
    const injected = h.app.get(EntityManager);
    const organisation = new Organisation({ name: 'Jeonju', country: 'KR', kind: 'commune' });
    await h.em.fork().persist(organisation).flush();
    const loaded = await Promise.all(
      [1, 2].map(() =>
        runInRequestScope(orm.em, async () => {
          const found = await injected.findOneOrFail(Organisation, { id: organisation.id });
          return { found, again: await injected.findOneOrFail(Organisation, { id: organisation.id }) };
        }),
      ),
    );
    // One identity map per request: the same row is one object within a request, two across.
    expect(loaded[0].found).toBe(loaded[0].again);
    expect(loaded[0].found).not.toBe(loaded[1].found);
  });

  it('gives way to a RequestContext opened explicitly', () => {
    runInRequestScope(orm.em, () => {
      RequestContext.create(orm.em, () => {
        expect(requestEntityManager(orm.em.name)).toBe(RequestContext.getEntityManager());
      });
    });
  });
});
