import { Forum } from '../../src/forums/forum.entity';
import { forumPayload } from '../support/factories';
import { auth, Harness, startHarness } from '../support/harness';

describe('Forums API', () => {
  let h: Harness;

  beforeAll(async () => {
    h = await startHarness();
  });

  afterAll(async () => {
    await h.close();
  });

  async function create(body: Record<string, unknown>) {
    return h.app.inject({ method: 'POST', url: '/api/forums', headers: auth, payload: body });
  }

  it('creates an edition and stores it with its local dates and zone', async () => {
    const body = forumPayload();
    const response = await create(body);

    expect(response.statusCode).toBe(201);
    const forum = response.json();
    expect(forum).toMatchObject({
      slug: body.slug,
      editionNumber: 2,
      hostCountry: 'KR',
      timeZone: 'Asia/Seoul',
      status: 'draft',
      startDate: '2024-09-24',
      endDate: '2024-09-26',
      datesFixed: true,
    });
    expect(forum.title.ko).toBe('제2회 한불 지방정부 포럼');
    expect(forum.links.calendar).toBe(`https://passerelle.test/calendar/forums/${body.slug as string}.ics`);
    const stored = await h.em.fork().findOneOrFail(Forum, { id: forum.id });
    expect(stored.startDate).toBe('2024-09-24');
  });

  it('reads an edition by id and by slug, and changes it with PATCH', async () => {
    const created = (await create(forumPayload({ startDate: null, endDate: null }))).json();
    expect(created.datesFixed).toBe(false);

    const bySlug = await h.app.inject({ method: 'GET', url: `/api/forums/${created.slug}`, headers: auth });
    expect(bySlug.json().id).toBe(created.id);

    const patched = await h.app.inject({
      method: 'PATCH',
      url: `/api/forums/${created.id}`,
      headers: auth,
      payload: { startDate: '2024-09-29', endDate: '2024-10-01', status: 'published' },
    });
    expect(patched.statusCode).toBe(200);
    expect(patched.json()).toMatchObject({ startDate: '2024-09-29', endDate: '2024-10-01', status: 'published', datesFixed: true });
  });

  it('hides drafts from anonymous readers but shows them to organisers', async () => {
    const draft = (await create(forumPayload())).json();

    const anonymous = await h.app.inject({ method: 'GET', url: `/api/forums/${draft.id}` });
    expect(anonymous.statusCode).toBe(404);
    const organiser = await h.app.inject({ method: 'GET', url: `/api/forums/${draft.id}`, headers: auth });
    expect(organiser.statusCode).toBe(200);

    const anonymousList = await h.app.inject({ method: 'GET', url: '/api/forums?perPage=100' });
    expect(anonymousList.json().items.map((f: { id: string }) => f.id)).not.toContain(draft.id);
  });

  it('paginates the list', async () => {
    for (let i = 0; i < 3; i += 1) {
      await create(forumPayload());
    }
    const first = (await h.app.inject({ method: 'GET', url: '/api/forums?perPage=2&page=1', headers: auth })).json();
    const second = (await h.app.inject({ method: 'GET', url: '/api/forums?perPage=2&page=2', headers: auth })).json();

    expect(first.items).toHaveLength(2);
    expect(first.total).toBeGreaterThanOrEqual(3);
    expect(first.perPage).toBe(2);
    expect(second.page).toBe(2);
    const ids = [...first.items, ...second.items].map((f: { id: string }) => f.id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('refuses a duplicate slug with 409 SLUG_TAKEN naming the field', async () => {
    const body = forumPayload();
    expect((await create(body)).statusCode).toBe(201);

    const again = await create(forumPayload({ slug: body.slug }));

    expect(again.statusCode).toBe(409);
    expect(again.headers['content-type']).toContain('application/problem+json');
    expect(again.json()).toMatchObject({ status: 409, code: 'SLUG_TAKEN', errors: [{ field: 'slug' }] });
  });

  it('settles two concurrent creations of one slug as one 201 and one 409', async () => {
    const body = forumPayload();
    const results = await Promise.all([create(body), create(body)]);
    expect(results.map((r) => r.statusCode).sort()).toEqual([201, 409]);
  });

  describe('bad input, as a new user would try it', () => {
    const cases: [string, Record<string, unknown>, string][] = [
      ['a missing slug', { slug: undefined }, 'slug'],
      ['a missing title', { title: undefined }, 'title'],
      ['an empty title', { title: { fr: '' } }, 'title.fr'],
      ['a title with no language', { title: {} }, 'title'],
      ['a number as edition', { editionNumber: 'deux' }, 'editionNumber'],
      ['a negative edition', { editionNumber: -1 }, 'editionNumber'],
      ['an unknown time zone', { timeZone: 'Mars/Olympus' }, 'timeZone'],
      ['an offset instead of a zone', { timeZone: 'UTC+9' }, 'timeZone'],
      ['an invalid country', { hostCountry: 'ZZ' }, 'hostCountry'],
      ['an impossible date', { startDate: '2024-02-30', endDate: '2024-03-01' }, 'startDate'],
      ['an end before the start', { startDate: '2024-09-26', endDate: '2024-09-24' }, 'endDate'],
      ['a start without an end', { endDate: null }, 'endDate'],
      ['an unknown status', { status: 'live' }, 'status'],
      ['a slug with spaces', { slug: 'Forum 2024' }, 'slug'],
      ['an unknown field', { venue: 'Seoul' }, 'venue'],
    ];

    it.each(cases)('answers 400 VALIDATION_FAILED for %s, naming %s', async (_, overrides, field) => {
      const response = await create(forumPayload(overrides));

      expect(response.statusCode).toBe(400);
      expect(response.headers['content-type']).toContain('application/problem+json');
      const problem = response.json();
      expect(problem).toMatchObject({
        status: 400,
        code: 'VALIDATION_FAILED',
        type: 'urn:passerelle:problem:validation-failed',
        title: 'Bad Request',
      });
      expect(problem.errors.map((e: { field: string }) => e.field)).toContain(field);
      expect(problem.detail).toContain(field);
    });

    it('answers 400 MALFORMED_REQUEST for malformed JSON', async () => {
      const response = await h.app.inject({
        method: 'POST',
        url: '/api/forums',
        headers: { ...auth, 'content-type': 'application/json' },
        payload: '{"slug": "x",',
      });
      expect(response.statusCode).toBe(400);
      expect(response.json()).toMatchObject({ code: 'MALFORMED_REQUEST', status: 400 });
    });

    it('answers 415 for a body that is not JSON', async () => {
      const response = await h.app.inject({
        method: 'POST',
        url: '/api/forums',
        headers: { ...auth, 'content-type': 'text/plain' },
        payload: 'slug=x',
      });
      expect(response.statusCode).toBe(415);
      expect(response.json().code).toBe('UNSUPPORTED_MEDIA_TYPE');
    });

    it('answers 401 without a token and with a wrong one', async () => {
      const none = await h.app.inject({ method: 'POST', url: '/api/forums', payload: forumPayload() });
      const wrong = await h.app.inject({
        method: 'POST',
        url: '/api/forums',
        headers: { authorization: 'Bearer nope' },
        payload: forumPayload(),
      });
      const wrongOnPublic = await h.app.inject({ method: 'GET', url: '/api/forums', headers: { authorization: 'Bearer nope' } });

      for (const response of [none, wrong, wrongOnPublic]) {
        expect(response.statusCode).toBe(401);
        expect(response.json().code).toBe('UNAUTHORIZED');
      }
    });

    it('answers 404 problem details for an unknown route and an unknown forum', async () => {
      const route = await h.app.inject({ method: 'GET', url: '/api/nothing-here' });
      const forum = await h.app.inject({ method: 'GET', url: '/api/forums/00000000-0000-4000-8000-000000000000', headers: auth });

      expect(route.statusCode).toBe(404);
      expect(route.json().code).toBe('NOT_FOUND');
      expect(forum.statusCode).toBe(404);
      expect(forum.json().code).toBe('NOT_FOUND');
    });

    it('answers 413 PAYLOAD_TOO_LARGE for a body over 1 MiB, and 400 for a title over 300 characters', async () => {
      const huge = await create(forumPayload({ description: { fr: 'x'.repeat(1_100_000) } }));
      const long = await create(forumPayload({ title: { ko: '포'.repeat(301) } }));

      expect(huge.statusCode).toBe(413);
      expect(huge.json().code).toBe('PAYLOAD_TOO_LARGE');
      expect(long.statusCode).toBe(400);
      expect(long.json().errors[0].field).toBe('title.ko');
    });

    it('answers 400 for a page size out of range', async () => {
      const response = await h.app.inject({ method: 'GET', url: '/api/forums?perPage=1000' });
      expect(response.statusCode).toBe(400);
      expect(response.json().errors[0].field).toBe('perPage');
    });
  });
});
