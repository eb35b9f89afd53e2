import { AfterResponse } from '../../src/database/after-response';
import { Message } from '../../src/outbox/message.entity';
import { accessTokenFor, createContact, createForum, createOrganisation, invite, userWithToken } from '../support/factories';
import { auth, type Harness, startHarness, unique } from '../support/harness';

interface Problem {
  status: number;
  code: string;
  detail: string;
  errors?: { field: string; message: string; constraint?: string }[];
  moreErrors?: number;
}

/** A JSON object of `count` keys besides `base`, written as text (100,000 keys weigh some 900 kB). */
function manyKeys(count: number, base: Record<string, unknown> = {}): string {
  const parts = Object.entries(base).map(([k, v]) => `${JSON.stringify(k)}:${JSON.stringify(v)}`);
  for (let i = 0; i < count; i += 1) {
    parts.push(`"${i}":0`);
  }
  return `{${parts.join(',')}}`;
}

const form = { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' };

describe('Hostile input: bounded bodies, bounded dates, no 500', () => {
  let h: Harness;
  const json = (method: 'POST' | 'PUT' | 'PATCH', url: string, payload: string, headers: Record<string, string> = auth) =>
    h.app.inject({ method, url, headers: { ...headers, 'content-type': 'application/json' }, payload });
  const call = (method: 'GET' | 'POST' | 'PUT' | 'PATCH', url: string, payload?: unknown, headers: Record<string, string> = auth) =>
    h.app.inject({ method, url, headers, payload: payload as Record<string, unknown> });

  /** The cookies and form token of a visitor of the pages, with extra cookies (a session) if given. */
  async function visitor(path: string, extraCookies: string[] = []): Promise<{ csrf: string; cookie: string }> {
    const page = await h.app.inject({ method: 'GET', url: path, headers: { cookie: extraCookies.join('; '), accept: 'text/html' } });
    expect(page.statusCode).toBe(200);
    const csrf = /name="_csrf" value="([^"]+)"/.exec(page.body)?.[1] as string;
    const cookies = [page.headers['set-cookie'] ?? []].flat().map((c) => c.split(';')[0]);
    return { csrf, cookie: [...extraCookies, ...cookies].join('; ') };
  }

  function expectProblem(
    response: { statusCode: number; body: string; headers: Record<string, unknown> },
    status: number,
    code: string,
  ): Problem {
    expect(response.statusCode).toBe(status);
    expect(String(response.headers['content-type'])).toMatch(/^application\/problem\+json/);
    const problem = JSON.parse(response.body) as Problem;
    expect(problem.code).toBe(code);
    return problem;
  }

  beforeAll(async () => {
    h = await startHarness();
  });

  afterAll(async () => {
    await h?.close();
  });

  describe('bodies past the limits are refused before validation, with a small answer', () => {
    it.each(['/api/auth/sign-in-links', '/api/access-links'])(
      'refuses 100,000 unknown keys sent anonymously to %s, naming the first few',
      async (url) => {
        const body = manyKeys(100_000, { email: 'a@b.test', forumId: '00000000-0000-4000-8000-000000000000' });
        expect(body.length).toBeLessThan(1024 * 1024);
        const response = await json('POST', url, body, {});
        const problem = expectProblem(response, 400, 'BODY_TOO_COMPLEX');
        expect(response.body.length).toBeLessThan(4_000);
        expect(problem.errors?.length).toBeGreaterThan(0);
        expect(problem.errors?.length).toBeLessThanOrEqual(5);
        // The key past the limit is named: the body's 1,001st, after email and forumId.
        expect(problem.errors?.[0]).toEqual(expect.objectContaining({ field: '998', constraint: 'maxKeys' }));
      },
    );

    it('refuses arrays nested 5,000 deep, naming where the nesting goes too deep', async () => {
      const deep = `{"name":${'['.repeat(5_000)}${']'.repeat(5_000)},"country":"FR","kind":"commune"}`;
      const problem = expectProblem(await json('POST', '/api/organisations', deep), 400, 'BODY_TOO_COMPLEX');
      expect(problem.errors).toEqual([expect.objectContaining({ field: `name${'.0'.repeat(15)}`, constraint: 'maxDepth' })]);
      // As a bare array too.
      expectProblem(await json('POST', '/api/organisations', `${'['.repeat(5_000)}${']'.repeat(5_000)}`), 400, 'BODY_TOO_COMPLEX');
    });

    it('refuses an array of more than 1,000 items, naming it', async () => {
      const forum = await createForum(h);
      const ids = Array.from({ length: 5_000 }, () => '00000000-0000-4000-8000-000000000000');
      const problem = expectProblem(
        await json('POST', `/api/forums/${forum.id}/invitations`, JSON.stringify({ organisationIds: ids })),
        400,
        'BODY_TOO_COMPLEX',
      );
      expect(problem.errors).toEqual([expect.objectContaining({ field: 'organisationIds', constraint: 'arrayMaxSize' })]);
    });

    it('lists at most ten fields of a body that breaks many rules, and counts the others', async () => {
      const response = await json('POST', '/api/auth/sign-in-links', manyKeys(500, { email: 'a@b.test' }), {});
      const problem = expectProblem(response, 400, 'VALIDATION_FAILED');
      expect(problem.errors).toHaveLength(10);
      expect(problem.moreErrors).toBe(490);
      expect(response.body.length).toBeLessThan(4_000);
    });

    it.each(['constructor', 'toString', 'hasOwnProperty', 'valueOf'])(
      'refuses an unknown key named %s like any other, by its name',
      async (name) => {
        const response = await json(
          'POST',
          '/api/organisations',
          JSON.stringify({ name: unique('Ville'), country: 'FR', kind: 'commune', [name]: 'x' }),
        );
        const problem = expectProblem(response, 400, 'VALIDATION_FAILED');
        expect(problem.errors).toEqual([expect.objectContaining({ field: name })]);
        // Nested as well.
        const nested = await json(
          'POST',
          '/api/organisations',
          JSON.stringify({ name: { fr: 'x', [name]: 'y' }, country: 'FR', kind: 'commune' }),
        );
        expect(nested.statusCode).toBe(400);
      },
    );

    it('refuses a key named __proto__', async () => {
      const response = await json(
        'POST',
        '/api/organisations',
        `{"name":"${unique('Ville')}","country":"FR","kind":"commune","__proto__":{"admin":true}}`,
      );
      expect(response.statusCode).toBe(400);
      expect(response.json<Problem>().detail).toMatch(/__proto__|prototype/);
    });

    it('refuses a form of 25,000 fields with the error page, in the reader’s language', async () => {
      const fields = Array.from({ length: 25_000 }, (_, i) => `f${i}=1`).join('&');
      const response = await h.app.inject({ method: 'POST', url: '/sign-in?lang=ko', headers: form, payload: fields });
      expect(response.statusCode).toBe(400);
      expect(response.headers['content-type']).toMatch(/text\/html/);
      expect(response.body).toContain('보낸 양식의 항목이 너무 많아');
      expect(response.body).not.toContain('f1000');
      expect(response.body.length).toBeLessThan(50_000);
      // Many values under one name count as many fields.
      const repeated = await h.app.inject({
        method: 'POST',
        url: '/sign-in?lang=fr',
        headers: form,
        payload: Array.from({ length: 25_000 }, () => 'email=a').join('&'),
      });
      expect(repeated.statusCode).toBe(400);
      expect(repeated.body).toContain('compte trop de champs');
      // The desk's forms alike, before the organiser's session is even read.
      const desk = await h.app.inject({
        method: 'POST',
        url: '/desk/editions/any/poll/options?lang=en',
        headers: form,
        payload: Array.from({ length: 2_000 }, (_, i) => `startDate${i}=2024-09-24`).join('&'),
      });
      expect(desk.statusCode).toBe(400);
      expect(desk.body).toContain('The form sent has too many fields to be read');
    });
  });

  describe('dates between 1950-01-01 and 2100-12-31, periods of at most two years', () => {
    let forumId: string;
    let organisationId: string;

    beforeAll(async () => {
      forumId = (await createForum(h)).id;
      organisationId = (await createOrganisation(h)).id;
    });

    it.each([
      ['year 0', { startDate: '0000-01-01', endDate: '0000-01-02' }, 'startDate'],
      ['year 9999', { startDate: '2030-01-01', endDate: '9999-12-31' }, 'endDate'],
      ['1949', { startDate: '1949-12-31', endDate: '1950-01-02' }, 'startDate'],
      ['2101', { startDate: '2100-12-31', endDate: '2101-01-01' }, 'endDate'],
      ['more than two years', { startDate: '2030-01-01', endDate: '2032-01-01' }, 'endDate'],
    ])('refuses dates to avoid in %s, naming the field', async (_what, dates, field) => {
      const problem = expectProblem(
        await call('POST', `/api/organisations/${organisationId}/blackouts`, { ...dates, reason: 'Conseil' }),
        400,
        'VALIDATION_FAILED',
      );
      expect(problem.errors?.map((e) => e.field)).toContain(field);
    });

    it.each([
      ['year 0', { startDate: '0000-01-01', endDate: '0000-01-02' }, 'startDate'],
      ['year 9999', { startDate: '9999-01-01', endDate: '9999-12-31' }, 'startDate'],
      ['1900 to 2100', { startDate: '1950-01-01', endDate: '2100-12-31' }, 'endDate'],
      ['more than two years', { startDate: '2030-03-01', endDate: '2032-03-01' }, 'endDate'],
    ])('refuses a date option in %s, naming the field', async (_what, dates, field) => {
      const problem = expectProblem(await call('POST', `/api/forums/${forumId}/date-options`, dates), 400, 'VALIDATION_FAILED');
      expect(problem.errors?.map((e) => e.field)).toContain(field);
    });

    it('takes the first and last days of the range, and a period of two years less a day', async () => {
      expect(
        (await call('POST', `/api/forums/${forumId}/date-options`, { startDate: '1950-01-01', endDate: '1951-12-31' })).statusCode,
      ).toBe(201);
      expect(
        (await call('POST', `/api/forums/${forumId}/date-options`, { startDate: '2100-12-30', endDate: '2100-12-31' })).statusCode,
      ).toBe(201);
      expect(
        (
          await call('POST', `/api/organisations/${organisationId}/blackouts`, {
            startDate: '2030-01-01',
            endDate: '2031-12-31',
            reason: 'Mandat',
          })
        ).statusCode,
      ).toBe(201);
    });

    it.each([
      '0000-01-01T00:00',
      '9999-12-31T23:59',
      '0000-01-01T00:00:00+09:00',
      '9999-12-31T23:59:59Z',
      '1949-12-31T12:00:00Z',
      '2101-01-01T00:00',
    ])('refuses a deadline due at %s, naming dueAt', async (dueAt) => {
      const problem = expectProblem(
        await call('POST', `/api/forums/${forumId}/deadlines`, {
          kind: 'interest',
          title: { fr: 'Intérêt' },
          dueAt,
          timeZone: 'Europe/Paris',
        }),
        400,
        'VALIDATION_FAILED',
      );
      expect(problem.errors?.map((e) => e.field)).toEqual(['dueAt']);
    });

    it('refuses a session in year 9999 and an edition in 1900, naming the fields', async () => {
      const session = await call('POST', `/api/forums/${forumId}/sessions`, {
        kind: 'meeting',
        title: { fr: 'Réunion' },
        startsAt: '9999-09-25T09:00:00+09:00',
        endsAt: '9999-09-25T10:00:00+09:00',
        venueName: 'Salle',
        venueCity: 'Séoul',
      });
      expect(expectProblem(session, 400, 'VALIDATION_FAILED').errors?.[0].field).toBe('startsAt');
      const edition = await call('PATCH', `/api/forums/${forumId}`, { startDate: '1900-01-01', endDate: '1900-01-02' });
      expect(expectProblem(edition, 400, 'VALIDATION_FAILED').errors?.map((e) => e.field)).toContain('startDate');
    });

    it('refuses a host offer available from year 0, naming the field', async () => {
      await invite(h, forumId, [organisationId]);
      const registration = (await call('POST', `/api/forums/${forumId}/registrations`, { organisationId })).json<{ id: string }>();
      const offer = await call('PUT', `/api/forums/${forumId}/registrations/${registration.id}/host-offer`, {
        availableFrom: '0000-01-01',
        availableTo: '0000-01-03',
        visitors: 5,
        description: 'Visite',
      });
      expect(expectProblem(offer, 400, 'VALIDATION_FAILED').errors?.map((e) => e.field)).toContain('availableFrom');
    });

    it('answers a desk form with a date in year 0 with the form and its error, never a 500', async () => {
      const forum = await createForum(h);
      const { token } = await userWithToken(h, 'organiser');
      const session = `pa_organiser=${encodeURIComponent(h.app.getHttpAdapter().getInstance().signCookie(token))}`;
      const { csrf, cookie } = await visitor(`/desk/editions/${forum.slug}/poll/options/new?lang=en`, [session]);
      const post = (url: string, fields: Record<string, string>) =>
        h.app.inject({
          method: 'POST',
          url,
          headers: { ...form, cookie },
          payload: new URLSearchParams({ ...fields, _csrf: csrf }).toString(),
        });
      const option = await post(`/desk/editions/${forum.slug}/poll/options?lang=en`, { startDate: '0000-01-01', endDate: '0000-01-02' });
      expect(option.statusCode).toBe(400);
      expect(option.body).toContain('Enter a valid date between 1950 and 2100.');
      const wide = await post(`/desk/editions/${forum.slug}/poll/options?lang=en`, { startDate: '2030-01-01', endDate: '2099-01-01' });
      expect(wide.statusCode).toBe(400);
      expect(wide.body).toContain('A period lasts at most two years.');
      const deadline = await post(`/desk/editions/${forum.slug}/deadlines?lang=en`, {
        kind: 'interest',
        titleFr: 'Intérêt',
        dueAt: '9999-12-31T23:59',
        timeZone: 'Europe/Paris',
      });
      expect(deadline.statusCode).toBe(400);
      expect(deadline.body).toContain('Give a date between 1950 and 2100.');
    });

    it('shows a poll whose periods cover the whole range, holidays of 1950 and of 2100 included', async () => {
      const forum = await createForum(h);
      for (let year = 1950; year <= 2100; year += 25) {
        expect(
          (
            await call('POST', `/api/forums/${forum.id}/date-options`, {
              startDate: `${year}-01-01`,
              endDate: `${Math.min(year + 1, 2100)}-12-31`,
            })
          ).statusCode,
        ).toBe(201);
      }
      const poll = await call('GET', `/api/forums/${forum.id}/date-poll?lang=en`);
      expect(poll.statusCode).toBe(200);
      const holidays = poll
        .json<{ options: { conflicts: { holidays: { country: string; startDate: string }[] } }[] }>()
        .options.flatMap((o) => o.conflicts.holidays);
      expect(holidays).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ country: 'FR', startDate: '1950-01-01' }),
          expect.objectContaining({ country: 'KR', startDate: '2100-01-01' }),
        ]),
      );
      // The desk's poll page and a member's read the same poll.
      const { token } = await userWithToken(h, 'organiser');
      const session = `pa_organiser=${encodeURIComponent(h.app.getHttpAdapter().getInstance().signCookie(token))}`;
      const desk = await h.app.inject({
        method: 'GET',
        url: `/desk/editions/${forum.slug}/poll?lang=en`,
        headers: { cookie: session, accept: 'text/html' },
      });
      expect(desk.statusCode).toBe(200);
      expect(desk.body).toContain('2100');
      const organisation = await createOrganisation(h);
      await invite(h, forum.id, [organisation.id]);
      const link = await accessTokenFor(h, (await createContact(h, organisation.id)).id, forum.id);
      const landing = await h.app.inject({ method: 'GET', url: `/access?token=${link.token}` });
      const member = [landing.headers['set-cookie'] ?? []]
        .flat()
        .map((c) => c.split(';')[0])
        .join('; ');
      const page = await h.app.inject({
        method: 'GET',
        url: `/forums/${forum.slug}/poll?lang=ko`,
        headers: { cookie: member, accept: 'text/html' },
      });
      expect(page.statusCode).toBe(200);
      expect(page.body).toContain('2100');
    });
  });

  describe('forged page forms answer 4xx naming the field', () => {
    it('refuses a visit form whose delegate is not a UUID, with the error page', async () => {
      const forum = await createForum(h);
      const organisation = await createOrganisation(h);
      const contact = await createContact(h, organisation.id);
      await invite(h, forum.id, [organisation.id]);
      const { token } = await accessTokenFor(h, contact.id, forum.id);
      const landing = await h.app.inject({ method: 'GET', url: `/access?token=${token}` });
      expect(landing.statusCode).toBe(303);
      const member = [landing.headers['set-cookie'] ?? []].flat().map((c) => c.split(';')[0]);
      const { csrf, cookie } = await visitor(`/forums/${forum.slug}/registration?lang=en`, member);
      for (const [url, fields] of [
        ['visits', { delegateId: 'zzz', sessionId: '00000000-0000-4000-8000-000000000000' }],
        ['visits', { delegateId: '00000000-0000-4000-8000-000000000000', sessionId: 'zzz' }],
        ['visits/leave', { delegateId: 'zzz', sessionId: '' }],
      ] as const) {
        const response = await h.app.inject({
          method: 'POST',
          url: `/forums/${forum.slug}/registration/${url}?lang=en`,
          headers: { ...form, cookie },
          payload: new URLSearchParams({ ...fields, _csrf: csrf }).toString(),
        });
        expect(response.statusCode).toBe(400);
        expect(response.body).toContain('Choose a value from the list.');
      }
    });

    it('refuses a desk invitation of an organisation whose id is not a UUID, naming the field', async () => {
      const forum = await createForum(h);
      const { token } = await userWithToken(h, 'organiser');
      const session = `pa_organiser=${encodeURIComponent(h.app.getHttpAdapter().getInstance().signCookie(token))}`;
      const { csrf, cookie } = await visitor(`/desk/editions/${forum.slug}/invitations?lang=en`, [session]);
      const response = await h.app.inject({
        method: 'POST',
        url: `/desk/editions/${forum.slug}/invitations?lang=en`,
        headers: { ...form, cookie },
        payload: new URLSearchParams({ organisationIds: 'zzz', _csrf: csrf }).toString(),
      });
      expect(response.statusCode).toBe(400);
      expect(response.headers['content-type']).toMatch(/text\/html/);
    });

    it('refuses a form token of non-ASCII characters as an expired form (403), not a 500', async () => {
      const { csrf, cookie } = await visitor('/sign-in?lang=en');
      const forged = 'é'.repeat(csrf.length);
      const response = await h.app.inject({
        method: 'POST',
        url: '/sign-in?lang=en',
        headers: { ...form, cookie },
        payload: `email=a%40b.test&_csrf=${encodeURIComponent(forged)}`,
      });
      expect(response.statusCode).toBe(403);
      expect(response.headers['content-type']).toMatch(/text\/html/);
    });

    it('signs in with next=/Ā by going to the desk, not by a 500', async () => {
      const { user } = await userWithToken(h, 'organiser');
      expect((await call('POST', '/api/auth/sign-in-links', { email: user.email }, {})).statusCode).toBe(202);
      await h.app.get(AfterResponse).idle();
      const message = await h.em.fork().findOneOrFail(Message, { recipient: user.email, template: 'sign-in-link' });
      const link = new URL(message.data.link as string);
      const { csrf, cookie } = await visitor(`/sign-in${link.search}&next=/%C4%80`);
      const response = await h.app.inject({
        method: 'POST',
        url: '/sign-in/session',
        headers: { ...form, cookie },
        payload: new URLSearchParams({ token: link.searchParams.get('token') as string, next: '/Ā', _csrf: csrf }).toString(),
      });
      expect(response.statusCode).toBe(303);
      expect(response.headers.location).toBe('/desk');
    });
  });
});
