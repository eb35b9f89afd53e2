import ICAL from 'ical.js';
import type { ReceivedMail } from '../../scripts/smtp-sink';
import { readWithIcalJs, readWithNodeIcal } from '../support/calendar-text';
import { accessTokenFor, createContact, createForum, createOrganisation, invite } from '../support/factories';
import { auth, type Harness, ORGANISERS_EMAIL, startHarness, unique } from '../support/harness';
import { icsCheck, PYTHON } from '../support/ics-check';

/**
 * What every calendar client must read the same way: the hour the clocks pass twice, the night
 * a session crosses midnight, who organises, which interpretation, which version.
 */
describe('Calendars every client reads right', () => {
  let h: Harness;

  beforeAll(async () => {
    h = await startHarness({ worker: true });
  });

  afterAll(async () => {
    await h.close();
  });

  const call = async (
    method: 'POST' | 'PUT' | 'PATCH' | 'DELETE',
    url: string,
    payload?: Record<string, unknown>,
    headers: Record<string, string> = auth,
  ): Promise<{ id: string; [field: string]: unknown }> => {
    const response = await h.app.inject({ method, url, headers, payload });
    if (response.statusCode >= 300) {
      throw new Error(`${method} ${url} answered ${response.statusCode}: ${response.body}`);
    }
    return response.statusCode === 204 ? { id: '' } : response.json<{ id: string }>();
  };
  const get = async (url: string) => (await h.app.inject({ method: 'GET', url })).body;

  /** Python's icalendar, vobject and libical accept it and read these instants (where python3 is). */
  function expectPythonReads(text: string, instants: Record<string, [string, string]>): void {
    if (!PYTHON) {
      return;
    }
    const { events, problems } = icsCheck(new Map([['calendar', text]]));
    expect(problems).toEqual([]);
    const read = new Map((events.get('calendar') ?? []).map((e) => [e.uid, [e.start, e.end]]));
    for (const [uid, [start, end]] of Object.entries(instants)) {
      expect(read.get(uid)).toEqual([start.replace('.000Z', 'Z'), end.replace('.000Z', 'Z')]);
    }
  }

  /** ical.js and node-ical read these instants too. */
  function expectJsReads(text: string, instants: Record<string, [string, string]>): void {
    const strict = new Map(readWithIcalJs(text).events.map((e) => [e.uid, [e.start, e.end]]));
    const lenient = new Map(readWithNodeIcal(text).map((e) => [e.uid, [e.start, e.end]]));
    for (const [uid, times] of Object.entries(instants)) {
      expect(strict.get(uid)).toEqual(times);
      expect(lenient.get(uid)).toEqual(times);
    }
  }

  async function edition(timeZone: string, startDate: string, endDate: string) {
    const forum = await createForum(h, {
      timeZone,
      hostCountry: timeZone === 'Asia/Seoul' ? 'KR' : 'FR',
      startDate,
      endDate,
      status: 'published',
    });
    return { ...forum, base: `/api/forums/${forum.id}` };
  }

  const session = (base: string, fields: Record<string, unknown>) =>
    call('POST', `${base}/sessions`, {
      kind: 'seminar',
      title: { fr: 'Séance', ko: '세션', en: 'Session' },
      venueName: unique('Salle'),
      status: 'published',
      ...fields,
    });

  describe('the hour the clocks pass twice', () => {
    it('writes a Paris session from 02:30 (UTC+2) to 02:30 (UTC+1) in UTC, an hour long, and says which 02:30 in its text', async () => {
      const forum = await edition('Europe/Paris', '2027-10-29', '2027-10-31');
      const night = await session(forum.base, { startsAt: '2027-10-31T02:30:00+02:00', endsAt: '2027-10-31T02:30:00+01:00' });
      const uid = `session-${night.id}@passerelle`;

      const feed = await get(`/calendar/forums/${forum.slug}.ics`);

      const unfolded = feed.replace(/\r\n[ \t]/g, '');
      expect(unfolded).toContain('DTSTART:20271031T003000Z');
      expect(unfolded).toContain('DTEND:20271031T013000Z');
      expect(unfolded).not.toContain('TZID=Europe/Paris:20271031T0230');
      expect(readWithIcalJs(feed).events.find((e) => e.uid === uid)?.description).toContain(
        'Heure de Paris: 2027-10-31 02:30 (UTC+2) – 02:30 (UTC+1)',
      );
      const instants = { [uid]: ['2027-10-31T00:30:00.000Z', '2027-10-31T01:30:00.000Z'] as [string, string] };
      expectJsReads(feed, instants);
      expectPythonReads(feed, instants);
    });

    it('does the same in the invite, and in the email beside it', async () => {
      const forum = await edition('Europe/Paris', '2027-10-29', '2027-10-31');
      const organisation = await createOrganisation(h);
      const visit = await session(forum.base, {
        kind: 'field_visit',
        capacity: 10,
        hosts: [{ organisationId: organisation.id, role: 'host' }],
        startsAt: '2027-10-31T02:30:00+02:00',
        endsAt: '2027-10-31T03:00:00+01:00',
      });
      const contact = await createContact(h, organisation.id, { email: `${unique('night')}@ville.test` });
      await invite(h, forum.id, [organisation.id]);
      const registration = await call('POST', `${forum.base}/registrations`, { organisationId: organisation.id });
      const delegate = await call('POST', `${forum.base}/registrations/${registration.id}/delegates`, {
        role: 'staff',
        contactId: contact.id,
      });
      await call('PUT', `${forum.base}/registrations/${registration.id}/delegates/${delegate.id}/enrolments/${visit.id}`);

      const mail = await h.smtp.waitFor((m) => m.envelopeTo.includes(contact.email as string) && /text\/calendar/i.test(m.raw));
      const ics = icsOf(mail);
      const unfolded = ics.replace(/\r\n[ \t]/g, '');
      expect(unfolded).toContain('DTSTART:20271031T003000Z');
      expect(unfolded).toContain('DTEND:20271031T020000Z');
      expect(readWithIcalJs(ics).events[0].description).toContain('Heure de Paris: 2027-10-31 02:30 (UTC+2) – 03:00\n');
      expect(mail.parsed.text).toContain('2027-10-31 02:30 (UTC+2)');
      const instants = { [`session-${visit.id}@passerelle`]: ['2027-10-31T00:30:00.000Z', '2027-10-31T02:00:00.000Z'] as [string, string] };
      expectJsReads(ics, instants);
      expectPythonReads(ics, instants);
    });

    it('keeps sessions just before and after the spring gap in Paris time, each read as the instant it is', async () => {
      // 28 March 2027: 02:00 becomes 03:00 in Paris (01:00 UTC).
      const forum = await edition('Europe/Paris', '2027-03-27', '2027-03-28');
      const before = await session(forum.base, { startsAt: '2027-03-28T01:00', endsAt: '2027-03-28T01:59', timeZone: 'Europe/Paris' });
      const across = await session(forum.base, { startsAt: '2027-03-28T01:30', endsAt: '2027-03-28T03:30', timeZone: 'Europe/Paris' });
      const after = await session(forum.base, { startsAt: '2027-03-28T03:00', endsAt: '2027-03-28T04:00', timeZone: 'Europe/Paris' });

      const feed = await get(`/calendar/forums/${forum.slug}.ics`);

      const unfolded = feed.replace(/\r\n[ \t]/g, '');
      for (const local of [
        '20270328T010000',
        '20270328T015900',
        '20270328T013000',
        '20270328T033000',
        '20270328T030000',
        '20270328T040000',
      ]) {
        expect(unfolded).toContain(`;TZID=Europe/Paris:${local}`);
      }
      const instants: Record<string, [string, string]> = {
        [`session-${before.id}@passerelle`]: ['2027-03-28T00:00:00.000Z', '2027-03-28T00:59:00.000Z'],
        [`session-${across.id}@passerelle`]: ['2027-03-28T00:30:00.000Z', '2027-03-28T01:30:00.000Z'],
        [`session-${after.id}@passerelle`]: ['2027-03-28T01:00:00.000Z', '2027-03-28T02:00:00.000Z'],
      };
      expectJsReads(feed, instants);
      expectPythonReads(feed, instants);
      expect(readWithIcalJs(feed).events.find((e) => e.uid === `session-${across.id}@passerelle`)?.description).toContain(
        'Heure de Paris: 2027-03-28 01:30 – 03:30',
      );
    });
  });

  describe('a session across midnight', () => {
    it('shows the end’s date in the feed and on the programme page', async () => {
      const forum = await edition('Asia/Seoul', '2027-10-28', '2027-10-30');
      const evening = await session(forum.base, {
        title: { fr: 'Dîner de clôture' },
        startsAt: '2027-10-29T21:00:00+09:00',
        endsAt: '2027-10-30T00:00:00+09:00',
      });

      const feed = await get(`/calendar/forums/${forum.slug}.ics`);
      const description = readWithIcalJs(feed).events.find((e) => e.uid === `session-${evening.id}@passerelle`)?.description;
      expect(description).toContain('Heure de Séoul: 2027-10-29 21:00 – 2027-10-30 00:00');
      expect(description).toContain('Heure de Paris: 2027-10-29 14:00 – 17:00');

      const page = await get(`/forums/${forum.slug}?lang=fr`);
      expect(page).toContain('21:00 – 2027-10-30 00:00');
      expect(page).toContain('Séoul 2027-10-29 21:00 – 2027-10-30 00:00');
    });
  });

  describe('who organises, and which version', () => {
    it('names the organisers’ mailbox as ORGANIZER of every event of the published feeds and of the organisers’ notice', async () => {
      const forum = await edition('Asia/Seoul', '2027-10-28', '2027-10-30');
      await session(forum.base, { startsAt: '2027-10-29T10:00:00+09:00', endsAt: '2027-10-29T11:00:00+09:00' });
      await call('POST', `${forum.base}/deadlines`, {
        kind: 'custom',
        title: { fr: 'Envoyer les documents' },
        dueAt: '2027-09-01T18:00',
        timeZone: 'Europe/Paris',
      });
      const notice = await h.smtp.waitFor((m) => m.envelopeTo.includes(ORGANISERS_EMAIL) && (m.parsed.text ?? '').includes(forum.slug));

      for (const text of [
        await get(`/calendar/forums/${forum.slug}.ics`),
        await get(`/calendar/forums/${forum.slug}/deadlines.ics`),
        icsOf(notice),
      ]) {
        const calendar = new ICAL.Component(ICAL.parse(text));
        expect(calendar.getFirstPropertyValue('method')).toBe('PUBLISH');
        const vevents = calendar.getAllSubcomponents('vevent');
        expect(vevents.length).toBeGreaterThan(0);
        for (const vevent of vevents) {
          expect(vevent.getFirstPropertyValue('organizer')).toBe(`mailto:${ORGANISERS_EMAIL}`);
        }
      }
    });

    it('gives each session of a personal agenda the SEQUENCE of the last invite its delegate got', async () => {
      const forum = await edition('Asia/Seoul', '2027-10-28', '2027-10-30');
      const organisation = await createOrganisation(h);
      const visit = await session(forum.base, {
        kind: 'field_visit',
        capacity: 5,
        hosts: [{ organisationId: organisation.id, role: 'host' }],
        startsAt: '2027-10-29T10:00:00+09:00',
        endsAt: '2027-10-29T12:00:00+09:00',
      });
      const contact = await createContact(h, organisation.id, { email: `${unique('seq')}@ville.test` });
      await invite(h, forum.id, [organisation.id]);
      const link = await accessTokenFor(h, contact.id, forum.id);
      const registration = await call('POST', `${forum.base}/registrations`, { organisationId: organisation.id }, link.headers);
      const delegate = await call(
        'POST',
        `${forum.base}/registrations/${registration.id}/delegates`,
        { role: 'staff', contactId: contact.id },
        link.headers,
      );
      const enrolment = `${forum.base}/registrations/${registration.id}/delegates/${delegate.id}/enrolments/${visit.id}`;
      // A seat, a leave, a return: three invites, each SEQUENCE above the last, the session's own unchanged.
      await call('PUT', enrolment, undefined, link.headers);
      await call('DELETE', enrolment, undefined, link.headers);
      await call('PUT', enrolment, undefined, link.headers);
      const invites = () => h.smtp.received.filter((m) => m.envelopeTo.includes(contact.email as string) && /text\/calendar/i.test(m.raw));
      await h.smtp.waitFor(() => invites().length >= 3);
      const lastSent = Math.max(...invites().map((m) => Number(/SEQUENCE:(\d+)/.exec(icsOf(m))?.[1])));
      const feed = await call(
        'POST',
        `${forum.base}/registrations/${registration.id}/delegates/${delegate.id}/feed-token`,
        undefined,
        link.headers,
      );

      const personal = readWithIcalJs(await get(new URL(feed.https as string).pathname));
      const programme = readWithIcalJs(await get(`/calendar/forums/${forum.slug}.ics`));

      const uid = `session-${visit.id}@passerelle`;
      expect(lastSent).toBeGreaterThan(programme.events.find((e) => e.uid === uid)?.sequence as number);
      expect(personal.events.find((e) => e.uid === uid)?.sequence).toBe(lastSent);
    });
  });

  describe('interpretation', () => {
    it('is said in the reader’s words in each feed and on the programme page, whispered included', async () => {
      const forum = await edition('Europe/Paris', '2027-06-01', '2027-06-03');
      const whispered = await session(forum.base, {
        startsAt: '2027-06-01T09:00:00+02:00',
        endsAt: '2027-06-01T10:00:00+02:00',
        interpretation: 'whispered',
        interpretationLanguages: ['fr', 'ko'],
      });
      const consecutive = await session(forum.base, {
        startsAt: '2027-06-01T11:00:00+02:00',
        endsAt: '2027-06-01T12:00:00+02:00',
        interpretation: 'consecutive',
        interpretationLanguages: ['ko', 'fr'],
      });
      const said = async (lang: string, id: string) =>
        readWithIcalJs(await get(`/calendar/forums/${forum.slug}.ics?lang=${lang}`)).events.find(
          (e) => e.uid === `session-${id}@passerelle`,
        )?.description;

      expect(await said('fr', whispered.id)).toContain('Interprétation: chuchotage (français↔coréen)');
      expect(await said('ko', whispered.id)).toContain('통역: 위스퍼링 통역 (프랑스어↔한국어)');
      expect(await said('en', whispered.id)).toContain('Interpretation: whispered (French↔Korean)');
      expect(await said('fr', consecutive.id)).toContain('Interprétation: consécutive (coréen↔français)');
      expect(await said('ko', consecutive.id)).toContain('통역: 순차 통역 (한국어↔프랑스어)');

      const page = await get(`/forums/${forum.slug}?lang=fr`);
      expect(page).toContain('Interprétation : chuchotage (français↔coréen)');
      expect(page).toContain('Interprétation : consécutive (coréen↔français)');
      expect(await get(`/forums/${forum.slug}?lang=ko`)).toContain('통역: 위스퍼링 통역 (프랑스어↔한국어)');
      expect(page).not.toMatch(/\b(whispered|consecutive)\b/);
    });
  });
});

function icsOf(mail: ReceivedMail): string {
  return mail.parsed.attachments.find((a) => /calendar|ics/.test(a.contentType))?.content.toString('utf8') ?? '';
}
