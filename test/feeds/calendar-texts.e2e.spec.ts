import fc from 'fast-check';
import type { ReceivedMail } from '../../scripts/smtp-sink';
import { fullName } from '../../src/organisations/organisation.views';
import { type Locale, pickLocale } from '../../src/common/locale';
import {
  asCalendarReadsIt,
  asSummaryReadsIt,
  awkwardText,
  nodeIcalReadsRight,
  pythonIcalendarReadsRight,
  readWithIcalJs,
  readWithNodeIcal,
} from '../support/calendar-text';
import { accessTokenFor, createContact, createForum, createOrganisation, invite } from '../support/factories';
import { auth, type Harness, ORGANISERS_EMAIL, startHarness, unique } from '../support/harness';
import { describeWithPython, icsCheck } from '../support/ics-check';

const LOCALES: Locale[] = ['fr', 'ko', 'en'];
// What the API takes: no U+0000, titles and names not blank, each within its length.
const title = awkwardText({ maxLength: 280, nonBlank: true });
const name = awkwardText({ maxLength: 80, nonBlank: true });
const description = awkwardText({ maxLength: 20_000 });
const perLocale = (text: fc.Arbitrary<string>) => fc.record({ fr: text, ko: text, en: text });

const editionTexts = fc.record({
  forumTitle: perLocale(title),
  forumDescription: perLocale(description),
  sessionTitle: perLocale(title),
  sessionDescription: perLocale(description),
  venueName: awkwardText({ maxLength: 150, nonBlank: true }),
  venueAddress: awkwardText({ maxLength: 400 }),
  venueCity: name,
  hostName: awkwardText({ maxLength: 150, nonBlank: true }),
  hostNameKo: awkwardText({ maxLength: 150, nonBlank: true }),
  deadlineTitle: perLocale(title),
  themeTitle: perLocale(title),
  firstName: name,
  lastName: name,
  locale: fc.constantFrom(...LOCALES),
});
type EditionTexts = typeof editionTexts extends fc.Arbitrary<infer T> ? T : never;

/** A calendar Passerelle served or mailed, with the texts its events must give back by kind. */
interface Served {
  name: string;
  text: string;
  summaries: Map<string, string>;
  /** What the session's DESCRIPTION must hold. */
  holds: string[];
  calendarName: string;
}

const kindOf = (uid: string) => uid.replace(/-[0-9a-f-]{36}@passerelle$/, '');

/** The injection as it was reported: a title that would close the event and open another. */
const INJECTION = 'Forum\nEND:VEVENT\nBEGIN:VEVENT\nUID:evil\r\nSUMMARY:evil';
const injected: EditionTexts = {
  forumTitle: { fr: INJECTION, ko: '포럼\r\nEND:VCALENDAR', en: 'Forum, 2027; Paris\\Séoul' },
  forumDescription: { fr: 'Ligne 1\nLigne 2\u2028Ligne 3', ko: INJECTION, en: '' },
  sessionTitle: { fr: INJECTION, ko: INJECTION, en: INJECTION },
  sessionDescription: { fr: INJECTION, ko: INJECTION, en: INJECTION },
  venueName: INJECTION,
  venueAddress: 'Rue de Rivoli; 75001, Paris',
  venueCity: 'Paris\r\nX-EVIL:1',
  hostName: INJECTION,
  hostNameKo: '서초구\nEND:VEVENT',
  deadlineTitle: { fr: INJECTION, ko: INJECTION, en: INJECTION },
  themeTitle: { fr: INJECTION, ko: INJECTION, en: INJECTION },
  firstName: 'Eve"\r\nATTENDEE:mailto:evil@example.org',
  lastName: INJECTION,
  locale: 'fr',
};

describe('Texts typed into Passerelle, read back from every feed and invite', () => {
  let h: Harness;
  const served: Served[] = [];

  // The editions are walked once; each test below reads what they served with its own parsers.
  beforeAll(async () => {
    h = await startHarness({ worker: true });
    for (const texts of [injected, ...fc.sample(editionTexts, { numRuns: 3, seed: 20271031 })]) {
      await walk(texts);
    }
  }, 120_000);

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
  const get = async (url: string) => {
    const response = await h.app.inject({ method: 'GET', url });
    expect(response.statusCode).toBe(200);
    return response.body;
  };
  const icsOf = (mail: ReceivedMail) =>
    mail.parsed.attachments.find((a) => /calendar|ics/.test(a.contentType))?.content.toString('utf8') ?? '';

  /** One edition with every text field set from `texts`, and every calendar it gives, read back. */
  async function walk(texts: EditionTexts): Promise<void> {
    const locale = texts.locale;
    const slug = unique('textes');
    const forum = await createForum(h, {
      slug,
      title: texts.forumTitle,
      description: texts.forumDescription,
      timeZone: 'Europe/Paris',
      hostCountry: 'FR',
      startDate: '2027-06-01',
      endDate: '2027-06-03',
      status: 'published',
    });
    const base = `/api/forums/${forum.id}`;
    const host = await createOrganisation(h, {
      name: `${texts.hostName} ${unique()}`,
      nameKo: texts.hostNameKo,
      country: 'KR',
      kind: 'district',
    });
    const theme = await call('POST', `${base}/themes`, { title: texts.themeTitle });
    const venueName = `${texts.venueName} ${unique()}`;
    const session = await call('POST', `${base}/sessions`, {
      kind: 'seminar',
      title: texts.sessionTitle,
      description: texts.sessionDescription,
      startsAt: '2027-06-01T09:00',
      endsAt: '2027-06-01T11:00',
      timeZone: 'Europe/Paris',
      venueName,
      venueAddress: texts.venueAddress,
      venueCity: texts.venueCity,
      themeId: theme.id,
      interpretation: 'consecutive',
      interpretationLanguages: ['fr', 'ko'],
      hosts: [{ organisationId: host.id, role: 'host' }],
      status: 'published',
    });
    await call('POST', `${base}/deadlines`, {
      kind: 'custom',
      title: texts.deadlineTitle,
      dueAt: '2027-05-15T23:59',
      timeZone: 'Europe/Paris',
    });

    // The delegate's contact writes their own name through their magic link.
    const organisation = await createOrganisation(h);
    const contact = await createContact(h, organisation.id, { locale, email: `${unique('delegate')}@ville.test` });
    await invite(h, forum.id, [organisation.id]);
    const link = await accessTokenFor(h, contact.id, forum.id);
    await call(
      'PATCH',
      `/api/organisations/${organisation.id}/contacts/${contact.id}`,
      { firstName: texts.firstName, lastName: texts.lastName },
      link.headers,
    );
    const registration = await call('POST', `${base}/registrations`, { organisationId: organisation.id }, link.headers);
    const delegate = await call(
      'POST',
      `${base}/registrations/${registration.id}/delegates`,
      { role: 'staff', contactId: contact.id },
      link.headers,
    );
    const enrolment = `${base}/registrations/${registration.id}/delegates/${delegate.id}/enrolments/${session.id}`;
    await call('PUT', enrolment, undefined, link.headers);
    const feed = (await call(
      'POST',
      `${base}/registrations/${registration.id}/delegates/${delegate.id}/feed-token`,
      undefined,
      link.headers,
    )) as { https?: string };

    const forumTitle = (l: Locale) => pickLocale(texts.forumTitle, l);
    const sessionHolds = (l: Locale) => [
      pickLocale(texts.sessionDescription, l),
      [venueName, texts.venueAddress, texts.venueCity].filter(Boolean).join(', '),
    ];
    const hostName = (l: Locale) => (l === 'ko' ? texts.hostNameKo : (host.name as string));
    const sessionAndForum = (l: Locale) =>
      new Map([
        ['forum', forumTitle(l)],
        ['session', pickLocale(texts.sessionTitle, l)],
      ]);
    for (const l of LOCALES) {
      const holds = [...sessionHolds(l), hostName(l)];
      served.push({
        name: `${slug} programme ${l}`,
        text: await get(`/calendar/forums/${slug}.ics?lang=${l}`),
        summaries: sessionAndForum(l),
        holds,
        calendarName: forumTitle(l),
      });
      served.push({
        name: `${slug} theme ${l}`,
        text: await get(`/calendar/forums/${slug}.ics?lang=${l}&theme=${theme.id}`),
        summaries: sessionAndForum(l),
        holds,
        calendarName: forumTitle(l),
      });
      const deadlinesName = `${forumTitle(l)} — ${{ fr: 'échéances', ko: '마감', en: 'deadlines' }[l]}`;
      served.push({
        name: `${slug} deadlines ${l}`,
        text: await get(`/calendar/forums/${slug}/deadlines.ics?lang=${l}`),
        summaries: new Map([['deadline', pickLocale(texts.deadlineTitle, l)]]),
        holds: [],
        calendarName: deadlinesName,
      });
    }
    const person = fullName(texts.firstName, texts.lastName);
    served.push({
      name: `${slug} personal`,
      text: await get(new URL(feed.https as string).pathname),
      summaries: new Map([
        ['session', pickLocale(texts.sessionTitle, locale)],
        ['deadline', pickLocale(texts.deadlineTitle, locale)],
      ]),
      holds: [...sessionHolds(locale), hostName(locale)],
      calendarName: `${forumTitle(locale)} — ${person}`,
    });

    // Mailed: the organisers' notice, the REQUEST of the seat, the CANCEL of leaving it.
    const notice = await h.smtp.waitFor((m) => m.envelopeTo.includes(ORGANISERS_EMAIL) && (m.parsed.text ?? '').includes(slug));
    served.push({
      name: `${slug} notice`,
      text: icsOf(notice),
      summaries: new Map([['forum', forumTitle('fr')]]),
      holds: [],
      calendarName: forumTitle('fr'),
    });
    const invites = () => h.smtp.received.filter((m) => m.envelopeTo.includes(contact.email as string) && /text\/calendar/i.test(m.raw));
    await h.smtp.waitFor(() => invites().length >= 1);
    await call('DELETE', enrolment, undefined, link.headers);
    await h.smtp.waitFor(() => invites().length >= 2);
    for (const mail of invites()) {
      const method = /METHOD:(\w+)/.exec(icsOf(mail))?.[1] ?? '';
      served.push({
        name: `${slug} ${method}`,
        text: icsOf(mail),
        summaries: new Map([['session', pickLocale(texts.sessionTitle, locale)]]),
        holds: sessionHolds(locale),
        calendarName: pickLocale(texts.sessionTitle, locale),
      });
    }
  }

  it('serves the programme in each language and theme, the deadlines, the personal agenda, the notice, a REQUEST and a CANCEL for each edition', () => {
    const kinds = served.map((calendar) => calendar.name.split(' ').slice(1).join(' '));
    expect(kinds.filter((kind) => kind === 'REQUEST')).toHaveLength(4);
    expect(kinds.filter((kind) => kind === 'CANCEL')).toHaveLength(4);
    expect(new Set(kinds)).toEqual(
      new Set([
        'programme fr',
        'programme ko',
        'programme en',
        'theme fr',
        'theme ko',
        'theme en',
        'deadlines fr',
        'deadlines ko',
        'deadlines en',
        'personal',
        'notice',
        'REQUEST',
        'CANCEL',
      ]),
    );
  });

  it('gives every text back as it was typed, in ical.js and node-ical, with no event added', () => {
    for (const calendar of served) {
      const read = readWithIcalJs(calendar.text);
      expect(read.components.filter((c) => c !== 'vtimezone')).toEqual(read.events.map(() => 'vevent'));
      expect(read.name ?? '').toBe(asCalendarReadsIt(calendar.calendarName));
      expect(read.events.map((e) => kindOf(e.uid)).sort()).toEqual([...calendar.summaries.keys()].sort());
      for (const event of read.events) {
        expect(event.summary).toBe(asSummaryReadsIt(calendar.summaries.get(kindOf(event.uid)) as string));
        if (kindOf(event.uid) === 'session') {
          for (const text of calendar.holds) {
            expect(event.description).toContain(asCalendarReadsIt(text));
          }
        }
      }
      const lenient = readWithNodeIcal(calendar.text);
      expect(lenient.map((e) => e.uid)).toEqual(read.events.map((e) => e.uid));
      for (const event of lenient) {
        const wanted = calendar.summaries.get(kindOf(event.uid)) as string;
        if (nodeIcalReadsRight(wanted)) {
          expect(event.summary).toBe(asSummaryReadsIt(wanted));
        }
      }
    }
  });

  describeWithPython('read by Python icalendar, vobject and libical', () => {
    it('passes every feed and invite above, every SUMMARY as it was typed', () => {
      expect(served.length).toBeGreaterThan(0);
      const { events, problems } = icsCheck(new Map(served.map((calendar) => [calendar.name, calendar.text])));
      expect(problems).toEqual([]);
      for (const calendar of served) {
        const read = events.get(calendar.name) ?? [];
        expect(read.map((e) => kindOf(e.uid)).sort()).toEqual([...calendar.summaries.keys()].sort());
        for (const event of read) {
          const wanted = calendar.summaries.get(kindOf(event.uid)) as string;
          if (pythonIcalendarReadsRight(wanted)) {
            expect(event.summary).toBe(asSummaryReadsIt(wanted));
          }
        }
      }
    });
  });
});
