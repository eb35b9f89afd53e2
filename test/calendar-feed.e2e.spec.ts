import { parseEvents, textOf } from './support/ics';
import { createForum } from './support/factories';
import { auth, Harness, startHarness } from './support/harness';

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
