import fc from 'fast-check';
import { MikroORM } from '@mikro-orm/postgresql';
import { forumCalendar } from '../../src/forums/forum-calendar';
import { organiser } from '../../src/ical/ical';
import { deadlinesCalendar, type FeedOptions, personalCalendar, programmeCalendar } from '../../src/feeds/programme-calendar';
import { sessionInvite } from '../../src/programme/session-invite';
import { type Locale, pickLocale } from '../../src/common/locale';
import { standaloneOrmConfig } from '../../src/standalone-orm';
import { Deadline } from '../../src/deadlines/deadline.entity';
import { Forum } from '../../src/forums/forum.entity';
import { Theme } from '../../src/forums/theme.entity';
import { Contact } from '../../src/organisations/contact.entity';
import { Organisation } from '../../src/organisations/organisation.entity';
import { fullName } from '../../src/organisations/organisation.views';
import { Enrolment } from '../../src/participation/enrolment.entity';
import { Session, SessionHost } from '../../src/programme/session.entity';
import { Delegate, Registration } from '../../src/participation/registration.entity';
import {
  asCalendarReadsIt,
  asParameterReadsIt,
  asSummaryReadsIt,
  awkwardText,
  nodeIcalReadsRight,
  pythonIcalendarReadsRight,
  type ReadCalendar,
  readWithIcalJs,
  readWithNodeIcal,
} from '../support/calendar-text';
import { describeWithPython, icsCheck } from '../support/ics-check';

// The entities' metadata (a session's hosts are a Collection); nothing here reaches a database.
const orm = new MikroORM(standaloneOrmConfig('postgres://postgres@127.0.0.1:5432/unused'));
afterAll(() => orm.close());

const LOCALES: Locale[] = ['fr', 'ko', 'en'];
const ORGANISERS = 'organisers@passerelle.test';

const title = awkwardText({ controls: true, maxLength: 300 });
const description = awkwardText({ controls: true, maxLength: 20_000 });
const perLocale = (text: fc.Arbitrary<string>) => fc.record({ fr: text, ko: text, en: text });

/** Every text of an edition that reaches a calendar. */
const editionTexts = fc.record({
  forumTitle: perLocale(title),
  forumDescription: perLocale(description),
  sessionTitle: perLocale(title),
  sessionDescription: perLocale(description),
  venueName: title,
  venueAddress: title,
  venueCity: title,
  hostName: title,
  hostNameKo: title,
  deadlineTitle: perLocale(title),
  themeTitle: perLocale(title),
  firstName: title,
  lastName: title,
});
type EditionTexts = typeof editionTexts extends fc.Arbitrary<infer T> ? T : never;

/** The injection as it was reported: a title that would close the event and open another. */
const INJECTION = 'Forum\nEND:VEVENT\nBEGIN:VEVENT\nUID:evil\r\nSUMMARY:evil';
const injected: EditionTexts = {
  forumTitle: { fr: INJECTION, ko: `포럼\r\nEND:VCALENDAR`, en: 'Forum, 2027; Paris\\Séoul' },
  forumDescription: { fr: 'Ligne 1\nLigne 2\u2028Ligne 3', ko: INJECTION, en: 'a\\nb "quoted"' },
  sessionTitle: { fr: INJECTION, ko: INJECTION, en: INJECTION },
  sessionDescription: { fr: INJECTION, ko: INJECTION, en: INJECTION },
  venueName: INJECTION,
  venueAddress: 'Rue de Rivoli; 75001, Paris',
  venueCity: INJECTION,
  hostName: INJECTION,
  hostNameKo: INJECTION,
  deadlineTitle: { fr: INJECTION, ko: INJECTION, en: INJECTION },
  themeTitle: { fr: INJECTION, ko: INJECTION, en: INJECTION },
  firstName: 'Eve"\r\nATTENDEE:mailto:evil@example.org',
  lastName: INJECTION,
};

/** An edition in Paris with one session (hosted, interpreted, in a theme), one deadline and one delegate. */
function edition(texts: EditionTexts) {
  const forum = new Forum({ slug: 'forum-texte', editionNumber: 3, title: texts.forumTitle, hostCountry: 'FR', timeZone: 'Europe/Paris' });
  Object.assign(forum, { description: texts.forumDescription, startDate: '2027-06-01', endDate: '2027-06-03', status: 'published' });
  const host = new Organisation({ name: texts.hostName, country: 'KR', kind: 'district' });
  host.nameKo = texts.hostNameKo;
  const session = new Session({
    forum,
    kind: 'seminar',
    title: texts.sessionTitle,
    startsAt: new Date('2027-06-01T07:00:00Z'),
    endsAt: new Date('2027-06-01T09:00:00Z'),
  });
  Object.assign(session, {
    description: texts.sessionDescription,
    venueName: texts.venueName,
    venueAddress: texts.venueAddress,
    venueCity: texts.venueCity,
    theme: new Theme({ forum, title: texts.themeTitle, position: 1 }),
    interpretation: 'consecutive',
    interpretationLanguages: ['fr', 'ko'],
    status: 'published',
    sequence: 2,
  });
  session.hosts.add(new SessionHost({ session, organisation: host, role: 'co_host' }));
  const deadline = new Deadline({
    forum,
    kind: 'custom',
    title: texts.deadlineTitle,
    dueAt: new Date('2027-05-15T21:59:00Z'),
    timeZone: 'Europe/Paris',
  });
  const organisation = new Organisation({ name: texts.hostName, country: 'FR', kind: 'commune' });
  const contact = new Contact({ organisation, firstName: texts.firstName, lastName: texts.lastName, email: 'delegate@ville.test' });
  const delegate = new Delegate({ registration: new Registration({ forum, organisation }), contact, role: 'staff' });
  const enrolment = new Enrolment({ delegate, session, status: 'confirmed', queuedAt: new Date() });
  return { forum, session, deadline, contact, enrolment };
}

/** Every calendar Passerelle writes for that edition, by name: the feeds in each language, the invites, the notice. */
function calendarsOf(texts: EditionTexts): Map<string, string> {
  const { forum, session, deadline, contact, enrolment } = edition(texts);
  const calendars = new Map<string, string>();
  for (const locale of LOCALES) {
    const options: FeedOptions = { locale, publicUrl: 'https://passerelle.test', refreshSeconds: 3600, organiser: organiser(ORGANISERS) };
    calendars.set(`programme-${locale}`, programmeCalendar(forum, [session], options));
    calendars.set(`deadlines-${locale}`, deadlinesCalendar(forum, [deadline], options));
    calendars.set(
      `personal-${locale}`,
      personalCalendar(
        `${pickLocale(texts.forumTitle, locale)} — ${fullName(contact.firstName, contact.lastName)}`,
        forum,
        [enrolment],
        [deadline],
        options,
        new Map([[session.id, 5]]),
      ),
    );
    calendars.set(
      `notice-${locale}`,
      forumCalendar(forum, {
        locale,
        method: 'PUBLISH',
        publicUrl: 'https://passerelle.test',
        stamp: new Date(),
        organiser: organiser(ORGANISERS),
      }),
    );
    for (const method of ['REQUEST', 'CANCEL'] as const) {
      calendars.set(
        `${method.toLowerCase()}-${locale}`,
        sessionInvite(session, {
          method,
          sequence: 6,
          locale,
          attendee: { email: contact.email, name: fullName(contact.firstName, contact.lastName) },
          organiser: organiser(ORGANISERS),
          stamp: new Date(),
          url: 'https://passerelle.test/forums/forum-texte',
          rsvp: true,
        }),
      );
    }
  }
  return calendars;
}

type EventKind = 'forum' | 'session' | 'deadline';
const kindOf = (uid: string): EventKind => (uid.startsWith('session-') ? 'session' : uid.startsWith('deadline-') ? 'deadline' : 'forum');

/** What each calendar must give back: its name and description, each event's SUMMARY by kind, what a session's DESCRIPTION holds. */
function expected(
  texts: EditionTexts,
  name: string,
): { name: string; calDesc: string; summaries: Map<EventKind, string>; descriptionHolds: string[] } {
  const [kind, locale] = name.split('-') as [string, Locale];
  const forumTitle = pickLocale(texts.forumTitle, locale);
  const summaries = new Map<EventKind, string>();
  const holds: string[] = [];
  if (kind === 'programme' || kind === 'notice') {
    summaries.set('forum', forumTitle);
  }
  if (kind === 'programme' || kind === 'personal' || kind === 'request' || kind === 'cancel') {
    summaries.set('session', pickLocale(texts.sessionTitle, locale));
    holds.push(
      pickLocale(texts.sessionDescription, locale),
      [texts.venueName, texts.venueAddress, texts.venueCity].filter(Boolean).join(', '),
    );
  }
  if (kind === 'programme' || kind === 'personal') {
    holds.push(pickLocale({ fr: texts.hostName, ko: texts.hostNameKo }, locale));
  }
  if (kind === 'deadlines' || kind === 'personal') {
    summaries.set('deadline', pickLocale(texts.deadlineTitle, locale));
  }
  const names: Record<string, string> = {
    personal: `${forumTitle} — ${fullName(texts.firstName, texts.lastName)}`,
    deadlines: `${forumTitle} — ${{ fr: 'échéances', ko: '마감', en: 'deadlines' }[locale]}`,
    request: pickLocale(texts.sessionTitle, locale),
    cancel: pickLocale(texts.sessionTitle, locale),
  };
  return {
    name: names[kind] ?? forumTitle,
    calDesc: kind === 'programme' || kind === 'notice' ? pickLocale(texts.forumDescription, locale) : '',
    summaries,
    descriptionHolds: holds,
  };
}

/** What ical.js reads must be every text as it was set, and nothing more. */
function expectReadBack(read: ReadCalendar, texts: EditionTexts, name: string): void {
  const want = expected(texts, name);
  expect(read.name ?? '').toBe(asCalendarReadsIt(want.name));
  expect(read.calName ?? '').toBe(asCalendarReadsIt(want.name));
  expect(read.calDesc ?? '').toBe(asCalendarReadsIt(want.calDesc));
  expect(read.components.filter((c) => c !== 'vtimezone')).toEqual(read.events.map(() => 'vevent'));
  expect(read.events.map((e) => kindOf(e.uid)).sort()).toEqual([...want.summaries.keys()].sort());
  for (const event of read.events) {
    const kind = kindOf(event.uid);
    expect(event.summary).toBe(asSummaryReadsIt(want.summaries.get(kind) as string));
    expect(event.organizer).toBe('Passerelle');
    if (kind === 'session') {
      for (const text of want.descriptionHolds) {
        expect(event.description).toContain(asCalendarReadsIt(text));
      }
    } else if (kind === 'deadline') {
      expect(event.description).toBe(asSummaryReadsIt(want.summaries.get('deadline') as string));
    } else {
      expect(event.description ?? '').toBe(asCalendarReadsIt(want.calDesc));
    }
  }
}

describe('Texts in calendars', () => {
  it('reach every feed, invite and notice as they were set, read by ical.js and node-ical, and add no event', () => {
    fc.assert(
      fc.property(editionTexts, (texts) => {
        for (const [name, text] of calendarsOf(texts)) {
          const read = readWithIcalJs(text);
          expectReadBack(read, texts, name);
          if (name.startsWith('request') || name.startsWith('cancel')) {
            // The bytes: one quoted CN, a caret written ^^ (RFC 6868), nothing that ends the parameter or the line.
            const cn = asParameterReadsIt(fullName(texts.firstName, texts.lastName));
            const unfolded = text.replace(/\r\n[ \t]/g, '');
            expect(unfolded.split('\r\n').filter((line) => line.startsWith('ATTENDEE'))).toEqual([
              expect.stringContaining(cn ? `;CN="${cn.replace(/\^/g, '^^')}"` : ':MAILTO:'),
            ]);
            // ical.js also unescapes backslashes in parameter values, which RFC 5545 does not ask.
            if (!cn.includes('\\')) {
              expect(read.events[0].attendees).toEqual([cn]);
            }
          }
          // node-ical sees the same events, and the same texts where its own unescaping can.
          const lenient = readWithNodeIcal(text);
          expect(lenient.map((e) => [e.uid, e.start, e.end])).toEqual(read.events.map((e) => [e.uid, e.start, e.end]));
          for (const [index, event] of lenient.entries()) {
            const wanted = expected(texts, name).summaries.get(kindOf(event.uid)) as string;
            if (nodeIcalReadsRight(wanted)) {
              expect(event.summary).toBe(asSummaryReadsIt(wanted));
            }
            const description = read.events[index].description ?? '';
            if (nodeIcalReadsRight(description)) {
              expect(event.description ?? '').toBe(description);
            }
          }
        }
      }),
      { numRuns: 20, examples: [[injected]] },
    );
  });
});

describeWithPython('Texts in calendars, read by Python icalendar, vobject and libical', () => {
  it('are accepted by all three, lines folded at 75 octets, every SUMMARY as it was set', () => {
    const runs = [injected, ...fc.sample(editionTexts, { numRuns: 15 })];
    const calendars = new Map<string, string>();
    runs.forEach((texts, run) => {
      for (const [name, text] of calendarsOf(texts)) {
        calendars.set(`${run}/${name}`, text);
      }
    });

    const { events, problems } = icsCheck(calendars);

    expect(problems).toEqual([]);
    runs.forEach((texts, run) => {
      for (const name of calendarsOf(texts).keys()) {
        const want = expected(texts, name);
        const read = events.get(`${run}/${name}`) ?? [];
        expect(read.map((e) => kindOf(e.uid)).sort()).toEqual([...want.summaries.keys()].sort());
        for (const event of read) {
          const wanted = want.summaries.get(kindOf(event.uid)) as string;
          if (pythonIcalendarReadsRight(wanted)) {
            expect(event.summary).toBe(asSummaryReadsIt(wanted));
          }
        }
      }
    });
  });
});
