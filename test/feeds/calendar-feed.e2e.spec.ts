import { parseEvents, textOf } from '../support/ics';
import ICAL from 'ical.js';
import { accessTokenFor, createContact, createForum, createOrganisation, invite } from '../support/factories';
import { auth, Harness, startHarness, unique } from '../support/harness';

describe('GET /calendar/forums/:slug.ics', () => {
  let h: Harness;

  beforeAll(async () => {
    h = await startHarness();
  });

  afterAll(async () => {
    await h.close();
  });

  const publishedEdition = {
    editionNumber: 1,
    title: { fr: '1er Forum franco-coréen', ko: '제1회 한불 지방정부 포럼', en: '1st Franco-Korean Forum' },
    description: { fr: 'Innovation et attractivité du territoire' },
    hostCountry: 'FR',
    timeZone: 'Europe/Paris',
    startDate: '2023-06-02',
    endDate: '2023-06-08',
    status: 'published',
  };
  const create = (overrides: Record<string, unknown>) => createForum(h, { ...publishedEdition, ...overrides });

  it('serves a published edition as an all-day event in its zone, with feed metadata', async () => {
    const forum = await create({});

    const response = await h.app.inject({ method: 'GET', url: `/calendar/forums/${forum.slug}.ics` });

    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('text/calendar; charset=utf-8');
    const body = response.body;
    expect(body).toContain('METHOD:PUBLISH');
    expect(body).toContain('X-WR-CALNAME:1er Forum franco-coréen');
    expect(body).toContain('X-WR-TIMEZONE:Europe/Paris');
    expect(body).toContain('REFRESH-INTERVAL;VALUE=DURATION:PT1H');
    expect(body).toMatch(/BEGIN:VTIMEZONE\r\nTZID:Europe\/Paris/);
    expect(body).toContain('DTSTART;VALUE=DATE:20230602');
    expect(body).toContain('DTEND;VALUE=DATE:20230609');
    expect(body).not.toMatch(/^DTSTAMP:\d{8}T\d{6}\r$/m);

    const events = parseEvents(body);
    expect(events).toHaveLength(1);
    expect(events[0].uid).toBe(`forum-${forum.id}@passerelle`);
    expect(textOf(events[0].description)).toBe('Innovation et attractivité du territoire');
  });

  it('speaks the language asked for, falling back to French', async () => {
    const forum = await create({ title: { fr: 'Forum', ko: '포럼' } });

    const korean = await h.app.inject({ method: 'GET', url: `/calendar/forums/${forum.slug}.ics?lang=ko` });
    const english = await h.app.inject({ method: 'GET', url: `/calendar/forums/${forum.slug}.ics?lang=en` });
    const wrong = await h.app.inject({ method: 'GET', url: `/calendar/forums/${forum.slug}.ics?lang=de` });

    expect(korean.body).toContain('SUMMARY:포럼');
    expect(english.body).toContain('SUMMARY:Forum');
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json()).toMatchObject({ code: 'VALIDATION_FAILED', errors: [{ field: 'lang' }] });
  });

  it('answers a conditional request with 304 until the edition changes', async () => {
    const forum = await create({});
    const first = await h.app.inject({ method: 'GET', url: `/calendar/forums/${forum.slug}.ics` });
    const etag = first.headers.etag as string;
    expect(etag).toMatch(/^"[^"]+"$/);

    const again = await h.app.inject({ method: 'GET', url: `/calendar/forums/${forum.slug}.ics`, headers: { 'if-none-match': etag } });
    expect(again.statusCode).toBe(304);
    expect(again.body).toBe('');

    await h.app.inject({ method: 'PATCH', url: `/api/forums/${forum.id}`, headers: auth, payload: { endDate: '2023-06-09' } });
    const changed = await h.app.inject({ method: 'GET', url: `/calendar/forums/${forum.slug}.ics`, headers: { 'if-none-match': etag } });
    expect(changed.statusCode).toBe(200);
    expect(changed.headers.etag).not.toBe(etag);
    expect(changed.body).toContain('DTEND;VALUE=DATE:20230610');
  });

  it('does not serve drafts or unknown editions', async () => {
    const draft = await create({ status: 'draft' });

    for (const slug of [draft.slug, 'no-such-forum']) {
      const response = await h.app.inject({ method: 'GET', url: `/calendar/forums/${slug}.ics` });
      expect(response.statusCode).toBe(404);
      expect(response.json().code).toBe('NOT_FOUND');
    }
  });

  it('serves an edition whose dates are still open as a valid calendar with no event', async () => {
    const forum = await create({ startDate: null, endDate: null });
    const response = await h.app.inject({ method: 'GET', url: `/calendar/forums/${forum.slug}.ics` });

    expect(response.statusCode).toBe(200);
    expect(parseEvents(response.body)).toHaveLength(0);
  });
});

describe('The programme and deadlines feeds', () => {
  let h: Harness;

  beforeAll(async () => {
    h = await startHarness();
  });

  afterAll(async () => {
    await h.close();
  });

  const call = (method: 'POST' | 'PATCH', url: string, payload?: Record<string, unknown>) =>
    h.app.inject({ method, url, headers: auth, payload });

  async function programme() {
    const forum = await createForum(h, {
      timeZone: 'Asia/Seoul',
      startDate: '2024-09-24',
      endDate: '2024-09-26',
      status: 'published',
      title: { fr: '2e Forum', ko: '제2회 포럼' },
    });
    const host = await createOrganisation(h, { name: unique('Seocho-gu'), nameKo: '서초구', country: 'KR', kind: 'district' });
    const theme = (await call('POST', `/api/forums/${forum.id}/themes`, { title: { fr: 'Culture' } })).json<{ id: string }>();
    const seminar = (
      await call('POST', `/api/forums/${forum.id}/sessions`, {
        kind: 'seminar',
        title: { fr: 'Séminaire : diplomatie locale', ko: '세미나: 지방 외교' },
        startsAt: '2024-09-24T09:30',
        endsAt: '2024-09-24T11:00',
        timeZone: 'Asia/Seoul',
        venueName: unique('Seoul Global Center'),
        themeId: theme.id,
        interpretation: 'simultaneous',
        interpretationLanguages: ['fr', 'ko'],
        hosts: [{ organisationId: host.id, role: 'host' }],
        status: 'published',
      })
    ).json<{ id: string; sequence: number }>();
    const visit = (
      await call('POST', `/api/forums/${forum.id}/sessions`, {
        kind: 'meeting',
        title: { fr: 'Ambassade' },
        startsAt: '2024-09-25T14:00:00+09:00',
        endsAt: '2024-09-25T15:00:00+09:00',
        venueName: unique('Ambassade'),
        status: 'published',
      })
    ).json<{ id: string }>();
    await call('POST', `/api/forums/${forum.id}/sessions`, {
      kind: 'meeting',
      title: { fr: 'Brouillon' },
      startsAt: '2024-09-25T16:00:00+09:00',
      endsAt: '2024-09-25T17:00:00+09:00',
      onlineUrl: 'https://visio.example.org/x',
    });
    return { forum, seminar, visit, theme };
  }

  it('carries the published sessions, read as the same instants by two independent parsers', async () => {
    const { forum, seminar } = await programme();
    const response = await h.app.inject({ method: 'GET', url: `/calendar/forums/${forum.slug}.ics?lang=ko` });
    expect(response.statusCode).toBe(200);

    const events = parseEvents(response.body).filter((e) => e.uid === `session-${seminar.id}@passerelle`);
    expect(events).toHaveLength(1);
    // 09:30 in Seoul on 24 September 2024 is 00:30 UTC.
    expect(new Date(events[0].start).toISOString()).toBe('2024-09-24T00:30:00.000Z');
    expect(textOf(events[0].summary)).toBe('세미나: 지방 외교');

    const component = new ICAL.Component(ICAL.parse(response.body));
    const vevents = component.getAllSubcomponents('vevent').map((v) => new ICAL.Event(v));
    const seminarEvent = vevents.find((e) => e.uid === `session-${seminar.id}@passerelle`);
    expect(seminarEvent?.startDate.toJSDate().toISOString()).toBe('2024-09-24T00:30:00.000Z');
    expect(vevents.map((e) => e.summary)).not.toContain('Brouillon');
    expect(component.getAllSubcomponents('vtimezone').map((t) => t.getFirstPropertyValue('tzid'))).toEqual(['Asia/Seoul']);
    const description = String(seminarEvent?.description);
    expect(description).toContain('파리 시간: 2024-09-24 02:30');
    expect(description).toContain('서초구');
    expect(description).toContain('통역: 동시 통역 (프랑스어↔한국어)');
  });

  it('shows a time change with a higher SEQUENCE and a cancel as STATUS:CANCELLED, and filters by theme', async () => {
    const { forum, seminar, visit, theme } = await programme();
    const url = `/calendar/forums/${forum.slug}.ics`;
    const before = await h.app.inject({ method: 'GET', url });

    await call('PATCH', `/api/forums/${forum.id}/sessions/${seminar.id}`, {
      startsAt: '2024-09-24T10:00:00+09:00',
      endsAt: '2024-09-24T11:30:00+09:00',
    });
    await call('POST', `/api/forums/${forum.id}/sessions/${visit.id}/cancel`, { reason: 'Typhon' });
    const after = await h.app.inject({ method: 'GET', url, headers: { 'if-none-match': before.headers.etag as string } });

    expect(after.statusCode).toBe(200);
    const sequenceOf = (body: string, id: string) => parseEvents(body).find((e) => e.uid === `session-${id}@passerelle`)?.sequence;
    expect(Number(sequenceOf(after.body, seminar.id))).toBeGreaterThan(Number(sequenceOf(before.body, seminar.id)));
    const cancelled = parseEvents(after.body).find((e) => e.uid === `session-${visit.id}@passerelle`);
    expect(cancelled?.status).toBe('CANCELLED');

    const themed = await h.app.inject({ method: 'GET', url: `${url}?theme=${theme.id}` });
    expect(parseEvents(themed.body).map((e) => e.uid)).toEqual(expect.arrayContaining([`session-${seminar.id}@passerelle`]));
    expect(parseEvents(themed.body).some((e) => e.uid === `session-${visit.id}@passerelle`)).toBe(false);
  });

  it('answers 304 to If-Modified-Since and If-None-Match, supports HEAD, and lets a CDN hold it briefly', async () => {
    const { forum } = await programme();
    const url = `/calendar/forums/${forum.slug}.ics`;
    const first = await h.app.inject({ method: 'GET', url });
    expect(first.headers['cache-control']).toBe('public, max-age=300');
    expect(first.headers['last-modified']).toBeDefined();

    const byDate = await h.app.inject({ method: 'GET', url, headers: { 'if-modified-since': first.headers['last-modified'] as string } });
    const byTag = await h.app.inject({ method: 'GET', url, headers: { 'if-none-match': first.headers.etag as string } });
    const head = await h.app.inject({ method: 'HEAD', url });
    expect([byDate.statusCode, byTag.statusCode, head.statusCode]).toEqual([304, 304, 200]);
    expect(head.headers.etag).toBe(first.headers.etag);
    expect(head.body).toBe('');
  });

  it('serves the deadlines with an alarm a day before, and refuses a bad language or an unknown edition', async () => {
    const { forum } = await programme();
    await call('POST', `/api/forums/${forum.id}/deadlines`, {
      kind: 'interest',
      title: { fr: 'Confirmer votre intérêt', ko: '참가 의향 확인' },
      dueAt: '2024-03-15T23:59',
      timeZone: 'Europe/Paris',
      enforcement: 'hard',
    });

    const feed = await h.app.inject({ method: 'GET', url: `/calendar/forums/${forum.slug}/deadlines.ics?lang=ko` });
    const component = new ICAL.Component(ICAL.parse(feed.body));
    const [event] = component.getAllSubcomponents('vevent');
    expect(new ICAL.Event(event).startDate.toJSDate().toISOString()).toBe('2024-03-15T22:59:00.000Z');
    expect(event.getFirstSubcomponent('valarm')?.getFirstPropertyValue('trigger')?.toString()).toBe('-P1D');
    expect(new ICAL.Event(event).summary).toBe('참가 의향 확인');

    expect((await h.app.inject({ method: 'GET', url: `/calendar/forums/${forum.slug}/deadlines.ics?lang=de` })).statusCode).toBe(400);
    expect((await h.app.inject({ method: 'GET', url: '/calendar/forums/no-such-forum/deadlines.ics' })).statusCode).toBe(404);
    expect((await h.app.inject({ method: 'GET', url: `/calendar/forums/${forum.slug}.ics?theme=not-a-uuid` })).statusCode).toBe(400);
  });
});

describe('A delegate’s personal agenda feed', () => {
  let h: Harness;

  beforeAll(async () => {
    h = await startHarness();
  });

  afterAll(async () => {
    await h.close();
  });

  it('holds their seats, their waitlisted sessions as tentative and the deadlines; revoked or renewed, the old URL is 404 at once', async () => {
    const call = (
      method: 'POST' | 'PUT' | 'DELETE',
      url: string,
      payload?: Record<string, unknown>,
      headers: Record<string, string> = auth,
    ) => h.app.inject({ method, url, headers, payload });
    const forum = await createForum(h, { timeZone: 'Asia/Seoul', startDate: '2024-09-24', endDate: '2024-09-26', status: 'published' });
    const base = `/api/forums/${forum.id}`;
    const organisation = await createOrganisation(h);
    const contact = await createContact(h, organisation.id, { locale: 'ko' });
    await invite(h, forum.id, [organisation.id]);
    const link = await accessTokenFor(h, contact.id, forum.id);
    const registration = (await call('POST', `${base}/registrations`, { organisationId: organisation.id }, link.headers)).json<{
      id: string;
    }>();
    const [me, other] = [
      (
        await call(
          'POST',
          `${base}/registrations/${registration.id}/delegates`,
          { role: 'elected_official', contactId: contact.id },
          link.headers,
        )
      ).json<{ id: string }>(),
      (
        await call(
          'POST',
          `${base}/registrations/${registration.id}/delegates`,
          { role: 'staff', contact: { firstName: 'Eric', lastName: 'Legale', email: `${unique('e')}@ville.test` } },
          link.headers,
        )
      ).json<{ id: string }>(),
    ];
    const session = (title: string, startsAt: string, capacity: number) =>
      call('POST', `${base}/sessions`, {
        kind: 'field_visit',
        title: { fr: title },
        startsAt,
        endsAt: startsAt.replace('T10', 'T12'),
        capacity,
        venueName: unique(title),
        status: 'published',
        hosts: [{ organisationId: organisation.id, role: 'host' }],
      }).then((r) => r.json<{ id: string }>());
    const seat = await session('Visite A', '2024-09-24T10:00:00+09:00', 10);
    const full = await session('Visite B', '2024-09-25T10:00:00+09:00', 1);
    const enrol = (delegateId: string, sessionId: string) =>
      call('PUT', `${base}/registrations/${registration.id}/delegates/${delegateId}/enrolments/${sessionId}`, undefined, link.headers);
    await enrol(other.id, full.id);
    await enrol(me.id, seat.id);
    expect((await enrol(me.id, full.id)).json().status).toBe('waitlisted');
    await call('POST', `${base}/deadlines`, {
      kind: 'visit_choice',
      title: { fr: 'Choisir les visites', ko: '방문 선택' },
      dueAt: '2024-09-01T23:59',
      timeZone: 'Europe/Paris',
    });

    const issued = await call('POST', `${base}/registrations/${registration.id}/delegates/${me.id}/feed-token`, undefined, link.headers);
    expect(issued.statusCode).toBe(201);
    const { https, webcal, token } = issued.json<{ https: string; webcal: string; token: string }>();
    expect(token).toMatch(/^cal_[A-Za-z0-9_-]{43}$/);
    expect(webcal).toBe(https.replace('https:', 'webcal:'));
    const path = new URL(https).pathname;

    const feed = await h.app.inject({ method: 'GET', url: path });
    expect(feed.statusCode).toBe(200);
    expect(feed.headers['cache-control']).toBe('private, no-store');
    const events = parseEvents(feed.body);
    expect(events.find((e) => e.uid === `session-${seat.id}@passerelle`)?.status).toBe('CONFIRMED');
    expect(events.find((e) => e.uid === `session-${full.id}@passerelle`)?.status).toBe('TENTATIVE');
    expect(events.map((e) => textOf(e.summary))).toContain('방문 선택');
    const second = new ICAL.Component(ICAL.parse(feed.body)).getAllSubcomponents('vevent');
    expect(second.find((v) => v.getFirstPropertyValue('uid') === `session-${full.id}@passerelle`)?.getFirstPropertyValue('status')).toBe(
      'TENTATIVE',
    );
    // 10:00 in Seoul on 24 September 2024 is 01:00 UTC.
    expect(
      new ICAL.Event(second.find((v) => v.getFirstPropertyValue('uid') === `session-${seat.id}@passerelle`)).startDate
        .toJSDate()
        .toISOString(),
    ).toBe('2024-09-24T01:00:00.000Z');

    const renewed = (
      await call('POST', `${base}/registrations/${registration.id}/delegates/${me.id}/feed-token`, undefined, link.headers)
    ).json<{ https: string }>();
    expect((await h.app.inject({ method: 'GET', url: path })).statusCode).toBe(404);
    const newPath = new URL(renewed.https).pathname;
    expect((await h.app.inject({ method: 'GET', url: newPath })).statusCode).toBe(200);
    await call('DELETE', `${base}/registrations/${registration.id}/delegates/${me.id}/feed-token`);
    expect((await h.app.inject({ method: 'GET', url: newPath })).statusCode).toBe(404);
    expect((await h.app.inject({ method: 'GET', url: '/calendar/delegates/not-a-token.ics' })).statusCode).toBe(404);
  });
});
