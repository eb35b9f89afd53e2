import type { INestApplicationContext } from '@nestjs/common';
import type { ReceivedMail } from '../../scripts/smtp-sink';
import { type Locale, pickLocale } from '../../src/common/locale';
import { fullName } from '../../src/organisations/organisation.views';
import { RepliesService } from '../../src/replies/replies.service';
import { readWithIcalJs, readWithNodeIcal } from '../support/calendar-text';
import { accessTokenFor, createContact, createForum, createOrganisation, invite } from '../support/factories';
import { auth, type Harness, ORGANISERS_EMAIL, startHarness, unique } from '../support/harness';
import { calendarAttachment, parseCalendarTexts } from '../support/ics';
import { describeWithPython, icsCheck } from '../support/ics-check';
import { outlookReply } from '../support/itip-replies';
import { PrivateDovecot } from '../support/private-dovecot';

type Texts = Partial<Record<Locale, string>> & { fr: string };
type Instants = [string, string];

const LOCALES: Locale[] = ['fr', 'ko', 'en'];

// The edition as organisers type it: paragraphs in French and Korean, titles with the TEXT delimiters.
const FORUM_TITLE: Texts = {
  fr: 'Forum franco-coréen, 4e édition; Paris\\Séoul',
  ko: '제4회 한불 지방정부 포럼, 파리; 서울\\부산',
  en: '4th Franco-Korean Forum, Paris; Seoul\\Busan',
};
const FORUM_DESCRIPTION: Texts = {
  fr: 'Deux jours d’échanges entre collectivités, ateliers; visites de terrain.\n\nInscriptions avant le 1er mars.\nContact : forum@cites-unies.test',
  ko: '지방정부 간 교류 이틀, 워크숍; 현장 방문.\n\n3월 1일까지 등록해 주십시오.\n문의: forum@cites-unies.test',
};
const NIGHT_TITLE: Texts = {
  fr: 'Visite de nuit, heure double; Paris\\Séoul',
  ko: '야간 방문, 두 번; 파리\\서울',
  en: 'Night visit, twice; Paris\\Seoul',
};
const KEPT_DEADLINE: Texts = { fr: 'Documents, visas; photos\\CV', ko: '서류, 비자; 사진\\이력서', en: 'Documents, visas; photos\\CV' };
const DELETED_DEADLINE: Texts = { fr: 'Hébergement, navettes; transferts\\bus', ko: '숙박, 셔틀; 이동\\버스' };
const HOST = { name: unique('Seocho-gu'), nameKo: '서초구청', renamedKo: '서울특별시 서초구' };

/** 28 March 2027, Paris: 02:00 becomes 03:00 (01:00 UTC). 31 October 2027: 03:00 becomes 02:00 (01:00 UTC). */
const SPRING = {
  before: {
    local: ['2027-03-28T01:00', '2027-03-28T01:59'],
    instants: ['2027-03-28T00:00:00.000Z', '2027-03-28T00:59:00.000Z'] as Instants,
  },
  across: {
    local: ['2027-03-28T01:30', '2027-03-28T03:30'],
    instants: ['2027-03-28T00:30:00.000Z', '2027-03-28T01:30:00.000Z'] as Instants,
  },
  after: {
    local: ['2027-03-28T03:00', '2027-03-28T04:00'],
    instants: ['2027-03-28T01:00:00.000Z', '2027-03-28T02:00:00.000Z'] as Instants,
  },
};
/** 02:30 (UTC+2) to 02:30 (UTC+1): the repeated hour, given in UTC. */
const REPEATED: Instants = ['2027-10-31T00:30:00.000Z', '2027-10-31T01:30:00.000Z'];
/** 22:00 on the 29th to 01:00 on the 30th, Paris; then moved to 1 November, 22:30 to 00:30. */
const MIDNIGHT: Instants = ['2027-10-29T20:00:00.000Z', '2027-10-29T23:00:00.000Z'];
const MOVED: Instants = ['2027-11-01T21:30:00.000Z', '2027-11-01T23:30:00.000Z'];
const CANCELLED: Instants = ['2027-10-30T08:00:00.000Z', '2027-10-30T10:00:00.000Z'];
const CANCEL_REASON = 'Grève des transports, visite reportée';
/** A deadline is an event of 30 minutes from its due instant. */
const deadlineInstants = (due: string): Instants => [due, new Date(Date.parse(due) + 30 * 60_000).toISOString()];
const KEPT_DUE = '2027-10-31T00:45:00.000Z';
const DELETED_DUE = '2027-03-28T00:30:00.000Z';

/** A calendar served or mailed, with what it must hold: every event by UID, its instants and its SUMMARY. */
interface Served {
  name: string;
  text: string;
  events: Map<string, { instants: Instants; summary: string }>;
  /** X-WR-CALNAME (and NAME). */
  calendarName: string;
  /** X-WR-CALDESC and the edition event's DESCRIPTION, when the calendar carries the edition. */
  description?: string;
}

interface Answer {
  status: number;
  etag: string;
  /** Last-Modified, in ms. */
  lastModified: number;
  body: string;
}

/** A feed's text before a change, and what a client revalidating with its old ETag gets after it. */
interface Revalidated {
  url: string;
  before: Answer;
  after: Answer;
  /** Revalidating with the new ETag: unchanged since, so 304. */
  again: Answer;
  /** The change's time, to the second below (Last-Modified's precision). */
  changedAt: number;
}

const unfold = (text: string) => text.replace(/\r\n[ \t]/g, '');
const forumDates = (): Instants => [new Date(2027, 2, 27).toISOString(), new Date(2027, 10, 3).toISOString()];

/**
 * The walk through one edition, from its creation to its last change, and every calendar it
 * gave: the programme in each language and theme, the deadlines, each delegate's own agenda,
 * the organisers' notice, and every invite delivered (seat, update, cancel, decline).
 */
describe('One edition walked through, every feed and invite read right by every parser', () => {
  let dovecot: PrivateDovecot;
  let h: Harness;
  const served: Served[] = [];
  const renamed: Revalidated[] = [];
  const deleted: Revalidated[] = [];
  const declined: Revalidated[] = [];
  let ids: Record<string, string>;
  const seats: Record<string, string | undefined> = {};

  const call = async (
    method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
    url: string,
    payload?: Record<string, unknown>,
    headers: Record<string, string> = auth,
  ): Promise<{ id: string; [field: string]: unknown }> => {
    const response = await h.app.inject({ method, url, headers, payload });
    if (response.statusCode >= 300) {
      throw new Error(`${method} ${url} answered ${response.statusCode}: ${response.body}`);
    }
    return response.statusCode === 204 || !response.body ? { id: '' } : response.json<{ id: string }>();
  };
  const read = async (url: string, etag?: string): Promise<Answer> => {
    const response = await h.app.inject({ method: 'GET', url, headers: etag ? { 'if-none-match': etag } : {} });
    return {
      status: response.statusCode,
      etag: String(response.headers.etag ?? ''),
      lastModified: Date.parse(String(response.headers['last-modified'] ?? '')),
      body: response.body,
    };
  };
  /** Reads each feed, makes the change, and revalidates each with the ETag it had. */
  const revalidating = async (urls: string[], change: () => Promise<unknown>): Promise<Revalidated[]> => {
    const before = await Promise.all(urls.map((url) => read(url)));
    const changedAt = Math.floor(Date.now() / 1000) * 1000;
    await change();
    const result: Revalidated[] = [];
    for (const [index, url] of urls.entries()) {
      const after = await read(url, before[index].etag);
      result.push({ url, before: before[index], after, again: await read(url, after.etag), changedAt });
    }
    return result;
  };

  beforeAll(async () => {
    dovecot = await PrivateDovecot.start();
    h = await startHarness({ worker: true, env: { IMAP_URL: dovecot.url } });

    const slug = unique('walk');
    const forum = await createForum(h, {
      slug,
      title: FORUM_TITLE,
      description: FORUM_DESCRIPTION,
      timeZone: 'Europe/Paris',
      hostCountry: 'FR',
      startDate: '2027-03-27',
      endDate: '2027-11-02',
      status: 'published',
    });
    const base = `/api/forums/${forum.id}`;
    const host = await createOrganisation(h, { name: HOST.name, nameKo: HOST.nameKo, country: 'KR', kind: 'district' });
    const theme = await call('POST', `${base}/themes`, { title: { fr: 'Nuits, lumières; villes\\quartiers', ko: '밤, 빛; 도시\\구' } });
    const session = (fields: Record<string, unknown>) =>
      call('POST', `${base}/sessions`, {
        kind: 'seminar',
        title: { fr: unique('Séance'), ko: unique('세션') },
        venueName: unique('Salle'),
        status: 'published',
        ...fields,
      });
    const visit = (fields: Record<string, unknown>) =>
      session({ kind: 'field_visit', capacity: 5, venueCity: 'Paris', hosts: [{ organisationId: host.id, role: 'host' }], ...fields });

    const before = await session({ startsAt: SPRING.before.local[0], endsAt: SPRING.before.local[1], timeZone: 'Europe/Paris' });
    const across = await session({
      startsAt: SPRING.across.local[0],
      endsAt: SPRING.across.local[1],
      timeZone: 'Europe/Paris',
      themeId: theme.id,
    });
    const after = await session({ startsAt: SPRING.after.local[0], endsAt: SPRING.after.local[1], timeZone: 'Europe/Paris' });
    const night = await visit({ title: NIGHT_TITLE, capacity: 1, startsAt: REPEATED[0], endsAt: REPEATED[1], themeId: theme.id });
    const midnight = await visit({
      title: { fr: 'Dîner, port; quai\\bassin', ko: '만찬, 항구; 부두\\선착장' },
      startsAt: MIDNIGHT[0],
      endsAt: MIDNIGHT[1],
    });
    const cancelled = await visit({ startsAt: CANCELLED[0], endsAt: CANCELLED[1] });
    const kept = await call('POST', `${base}/deadlines`, {
      kind: 'custom',
      title: KEPT_DEADLINE,
      dueAt: KEPT_DUE,
      timeZone: 'Europe/Paris',
    });
    const gone = await call('POST', `${base}/deadlines`, {
      kind: 'custom',
      title: DELETED_DEADLINE,
      dueAt: DELETED_DUE,
      timeZone: 'Europe/Paris',
    });

    // Two delegates of a French town: Caroline reads French, Minji Korean.
    const town = await createOrganisation(h);
    const caroline = await createContact(h, town.id, {
      firstName: 'Caroline',
      lastName: 'Millan',
      locale: 'fr',
      email: `${unique('caroline')}@ville.test`,
    });
    const minji = await createContact(h, town.id, {
      firstName: '민지',
      lastName: '김',
      locale: 'ko',
      email: `${unique('minji')}@ville.test`,
    });
    await invite(h, forum.id, [town.id]);
    const link = await accessTokenFor(h, caroline.id, forum.id);
    const registration = await call('POST', `${base}/registrations`, { organisationId: town.id }, link.headers);
    const delegates = `${base}/registrations/${registration.id}/delegates`;
    const carolineDelegate = await call('POST', delegates, { role: 'elected_official', contactId: caroline.id }, link.headers);
    const minjiDelegate = await call('POST', delegates, { role: 'staff', contactId: minji.id }, link.headers);
    const enrolment = (delegate: string, sessionId: string) => `${delegates}/${delegate}/enrolments/${sessionId}`;
    ids = {
      forum: forum.id,
      night: night.id,
      midnight: midnight.id,
      cancelled: cancelled.id,
      across: across.id,
      caroline: carolineDelegate.id,
      minji: minjiDelegate.id,
      gone: gone.id,
      kept: kept.id,
    };

    const calendar = `/calendar/forums/${slug}`;
    const personal = async (delegate: string) =>
      new URL(String((await call('POST', `${delegates}/${delegate}/feed-token`, undefined, link.headers)).https)).pathname;
    const carolineFeed = await personal(carolineDelegate.id);
    const minjiFeed = await personal(minjiDelegate.id);
    const invitesTo = (email: string) => h.smtp.received.filter((m) => m.envelopeTo.includes(email) && /text\/calendar/i.test(m.raw));
    const delivered = async (email: string, count: number): Promise<ReceivedMail[]> => {
      await h.smtp.waitFor(() => invitesTo(email).length >= count);
      return invitesTo(email);
    };
    const uidOf = (mail: ReceivedMail) => /UID:(\S+)/.exec(unfold(calendarAttachment(mail)))?.[1];
    const sequenceOf = (mail: ReceivedMail) => Number(/SEQUENCE:(\d+)/.exec(calendarAttachment(mail))?.[1]);

    // Caroline takes four seats, the night visit’s only one among them; Minji waits for it.
    for (const id of [across.id, night.id, midnight.id, cancelled.id]) {
      await call('PUT', enrolment(carolineDelegate.id, id), undefined, link.headers);
    }
    seats.minjiAsked = String((await call('PUT', enrolment(minjiDelegate.id, night.id), undefined, link.headers)).status);
    await delivered(caroline.email as string, 4);

    // An update (the dinner moves three days on) and a cancel with the organisers' reason.
    await call('PATCH', `${base}/sessions/${midnight.id}`, { startsAt: MOVED[0], endsAt: MOVED[1] });
    await delivered(caroline.email as string, 5);
    await call('POST', `${base}/sessions/${cancelled.id}/cancel`, { reason: CANCEL_REASON });
    await delivered(caroline.email as string, 6);

    // Caroline declines the night visit in Outlook: the organisers' mailbox gets her iTIP REPLY.
    const nightInvite = invitesTo(caroline.email as string).find((m) => uidOf(m) === `session-${night.id}@passerelle`) as ReceivedMail;
    // Both agendas change with it, the reply being read in the worker.
    declined.push(
      ...(await revalidating([carolineFeed, minjiFeed], async () => {
        await dovecot.deliver(
          outlookReply({
            sessionId: night.id,
            email: caroline.email as string,
            name: 'Caroline Millan',
            partstat: 'DECLINED',
            sequence: sequenceOf(nightInvite),
            organiser: ORGANISERS_EMAIL,
          }),
        );
        await (h.worker as INestApplicationContext).get(RepliesService).poll();
        await delivered(caroline.email as string, 7);
        await delivered(minji.email as string, 1);
      })),
    );
    const seatsOf = async (delegate: string) =>
      (await h.app.inject({ method: 'GET', url: `${delegates}/${delegate}/enrolments`, headers: auth })).json<
        { sessionId: string; status: string }[]
      >();
    seats.caroline = (await seatsOf(carolineDelegate.id)).find((e) => e.sessionId === night.id)?.status;
    seats.minji = (await seatsOf(minjiDelegate.id)).find((e) => e.sessionId === night.id)?.status;

    // The host's Korean name changes: every Korean calendar that names it must say so.
    renamed.push(
      ...(await revalidating([`${calendar}.ics?lang=ko`, `${calendar}.ics?lang=ko&theme=${theme.id}`, minjiFeed], () =>
        call('PATCH', `/api/organisations/${host.id}`, { nameKo: HOST.renamedKo }),
      )),
    );
    // A deadline is deleted: the deadlines feeds and both agendas must drop it.
    deleted.push(
      ...(await revalidating([...LOCALES.map((l) => `${calendar}/deadlines.ics?lang=${l}`), carolineFeed, minjiFeed], () =>
        call('DELETE', `${base}/deadlines/${gone.id}`),
      )),
    );

    // Every calendar as it now stands, each with the events it must carry.
    const uid = {
      forum: `forum-${forum.id}@passerelle`,
      session: (id: string) => `session-${id}@passerelle`,
      deadline: `deadline-${kept.id}@passerelle`,
    };
    const sessionTitle = async (id: string, l: Locale) => pickLocale((await call('GET', `${base}/sessions/${id}`)).title as Texts, l);
    const sessionsIn = async (l: Locale, list: [string, Instants][]) => {
      const events: [string, { instants: Instants; summary: string }][] = [];
      for (const [id, instants] of list) {
        events.push([uid.session(id), { instants, summary: await sessionTitle(id, l) }]);
      }
      return events;
    };
    const edition = (l: Locale): [string, { instants: Instants; summary: string }] => [
      uid.forum,
      { instants: forumDates(), summary: pickLocale(FORUM_TITLE, l) },
    ];
    const deadline = (l: Locale): [string, { instants: Instants; summary: string }] => [
      uid.deadline,
      { instants: deadlineInstants(KEPT_DUE), summary: pickLocale(KEPT_DEADLINE, l) },
    ];
    const programme: [string, Instants][] = [
      [before.id, SPRING.before.instants],
      [across.id, SPRING.across.instants],
      [after.id, SPRING.after.instants],
      [night.id, REPEATED],
      [midnight.id, MOVED],
      [cancelled.id, CANCELLED],
    ];
    const themed: [string, Instants][] = [
      [across.id, SPRING.across.instants],
      [night.id, REPEATED],
    ];
    for (const l of LOCALES) {
      const description = pickLocale(FORUM_DESCRIPTION, l);
      const title = pickLocale(FORUM_TITLE, l);
      served.push({
        name: `programme ${l}`,
        calendarName: title,
        text: (await read(`${calendar}.ics?lang=${l}`)).body,
        events: new Map([edition(l), ...(await sessionsIn(l, programme))]),
        description,
      });
      served.push({
        name: `theme ${l}`,
        calendarName: title,
        text: (await read(`${calendar}.ics?lang=${l}&theme=${theme.id}`)).body,
        events: new Map([edition(l), ...(await sessionsIn(l, themed))]),
        description,
      });
      served.push({
        name: `deadlines ${l}`,
        calendarName: `${title} — ${{ fr: 'échéances', ko: '마감', en: 'deadlines' }[l]}`,
        text: (await read(`${calendar}/deadlines.ics?lang=${l}`)).body,
        events: new Map([deadline(l)]),
      });
    }
    served.push({
      name: 'personal caroline',
      calendarName: `${FORUM_TITLE.fr} — ${fullName('Caroline', 'Millan')}`,
      text: (await read(carolineFeed)).body,
      events: new Map([
        deadline('fr'),
        ...(await sessionsIn('fr', [
          [across.id, SPRING.across.instants],
          [midnight.id, MOVED],
          [cancelled.id, CANCELLED],
        ])),
      ]),
    });
    served.push({
      name: 'personal minji',
      calendarName: `${FORUM_TITLE.ko} — ${fullName('민지', '김')}`,
      text: (await read(minjiFeed)).body,
      events: new Map([deadline('ko'), ...(await sessionsIn('ko', [[night.id, REPEATED]]))]),
    });
    const notice = await h.smtp.waitFor((m) => m.envelopeTo.includes(ORGANISERS_EMAIL) && (m.parsed.text ?? '').includes(slug));
    served.push({
      name: 'notice',
      calendarName: FORUM_TITLE.fr,
      text: calendarAttachment(notice),
      events: new Map([edition('fr')]),
      description: FORUM_DESCRIPTION.fr,
    });

    // Every invite delivered, named by its method, file and session; each carries that session at its instants then.
    const instantsAt: Record<string, Instants[]> = {
      [across.id]: [SPRING.across.instants],
      [night.id]: [REPEATED],
      [midnight.id]: [MIDNIGHT, MOVED],
      [cancelled.id]: [CANCELLED],
    };
    const names = new Map([
      [across.id, 'spring'],
      [night.id, 'night'],
      [midnight.id, 'midnight'],
      [cancelled.id, 'cancelled'],
    ]);
    for (const [person, email, l] of [
      ['caroline', caroline.email, 'fr'],
      ['minji', minji.email, 'ko'],
    ] as [string, string, Locale][]) {
      const seen = new Map<string, number>();
      for (const mail of invitesTo(email)) {
        const text = calendarAttachment(mail);
        const id = (uidOf(mail) ?? '').replace(/^session-|@passerelle$/g, '');
        const version = seen.get(id) ?? 0;
        seen.set(id, version + 1);
        const method = /METHOD:(\w+)/.exec(text)?.[1] ?? '';
        const instants = instantsAt[id]?.[Math.min(version, instantsAt[id].length - 1)] ?? (['', ''] as Instants);
        const file = mail.parsed.attachments.find((a) => a.filename)?.filename ?? '';
        const summary = await sessionTitle(id, l);
        served.push({
          name: `invite ${person} ${names.get(id) ?? id} ${method} ${file}`,
          calendarName: summary,
          text,
          events: new Map([[uid.session(id), { instants, summary }]]),
        });
      }
    }
  }, 180_000);

  afterAll(async () => {
    await h?.close();
    await dovecot?.stop();
    delete process.env.IMAP_URL;
  });

  it('served every feed in each language and theme, both agendas, the notice, and every invite: seats, the update, the cancel and the decline', () => {
    expect(served.map((calendar) => calendar.name).sort()).toEqual(
      [
        ...LOCALES.flatMap((l) => [`programme ${l}`, `theme ${l}`, `deadlines ${l}`]),
        'personal caroline',
        'personal minji',
        'notice',
        'invite caroline spring REQUEST invite.ics',
        'invite caroline night REQUEST invite.ics',
        'invite caroline midnight REQUEST invite.ics',
        'invite caroline cancelled REQUEST invite.ics',
        'invite caroline midnight REQUEST update.ics',
        'invite caroline cancelled CANCEL cancel.ics',
        'invite caroline night CANCEL cancel.ics',
        'invite minji night REQUEST invite.ics',
      ].sort(),
    );
  });

  it('freed the declined seat: Minji, who waited, holds it; Caroline no longer does', () => {
    expect(seats.minjiAsked).toBe('waitlisted');
    expect(seats.caroline).toBeUndefined();
    expect(seats.minji).toBe('confirmed');
  });

  it('shows the decline in both agendas at once: Caroline’s drops the visit, Minji’s holds it confirmed, each with a new ETag', () => {
    const night = `session-${ids.night}@passerelle`;
    const [caroline, minji] = declined;
    const statusIn = (answer: Answer) => readWithIcalJs(answer.body).events.find((e) => e.uid === night)?.status;
    expect([caroline.before.status, caroline.after.status, minji.before.status, minji.after.status]).toEqual([200, 200, 200, 200]);
    expect([statusIn(caroline.before), statusIn(caroline.after)]).toEqual(['CONFIRMED', undefined]);
    expect([statusIn(minji.before), statusIn(minji.after)]).toEqual(['TENTATIVE', 'CONFIRMED']);
    expect(caroline.after.etag).not.toBe(caroline.before.etag);
    expect(minji.after.etag).not.toBe(minji.before.etag);
  });

  it('reads in ical.js every event at the instants set, its SUMMARY, the calendar’s name and the edition’s paragraphs as typed', () => {
    for (const calendar of served) {
      const got = readWithIcalJs(calendar.text);
      expect({ calendar: calendar.name, uids: got.events.map((e) => e.uid).sort() }).toEqual({
        calendar: calendar.name,
        uids: [...calendar.events.keys()].sort(),
      });
      for (const event of got.events) {
        const wanted = calendar.events.get(event.uid);
        expect({ calendar: calendar.name, uid: event.uid, instants: [event.start, event.end], summary: event.summary }).toEqual({
          calendar: calendar.name,
          uid: event.uid,
          instants: wanted?.instants,
          summary: wanted?.summary,
        });
      }
      expect({ calendar: calendar.name, name: got.name, calName: got.calName }).toEqual({
        calendar: calendar.name,
        name: calendar.calendarName,
        calName: calendar.calendarName,
      });
      if (calendar.description !== undefined) {
        expect({ calendar: calendar.name, desc: got.calDesc }).toEqual({ calendar: calendar.name, desc: calendar.description });
        expect(got.events.find((e) => e.uid.startsWith('forum-'))?.description).toBe(calendar.description);
      }
    }
  });

  it('reads the same in node-ical', () => {
    for (const calendar of served) {
      const texts = parseCalendarTexts(calendar.text);
      expect({ calendar: calendar.name, ...texts }).toEqual({
        calendar: calendar.name,
        calName: calendar.calendarName,
        calDesc: calendar.description,
      });
      const got = readWithNodeIcal(calendar.text);
      expect({ calendar: calendar.name, uids: got.map((e) => e.uid).sort() }).toEqual({
        calendar: calendar.name,
        uids: [...calendar.events.keys()].sort(),
      });
      for (const event of got) {
        const wanted = calendar.events.get(event.uid);
        expect({ calendar: calendar.name, uid: event.uid, instants: [event.start, event.end], summary: event.summary }).toEqual({
          calendar: calendar.name,
          uid: event.uid,
          instants: wanted?.instants,
          summary: wanted?.summary,
        });
        if (calendar.description !== undefined && event.uid.startsWith('forum-')) {
          expect(event.description).toBe(calendar.description);
        }
      }
    }
  });

  describeWithPython('read by Python icalendar, vobject and libical', () => {
    it('accepts every feed and invite, every instant the one set, every SUMMARY and the paragraphs as typed', () => {
      const { events, problems } = icsCheck(new Map(served.map((calendar) => [calendar.name, calendar.text])));
      expect(problems).toEqual([]);
      const asPython = (instant: string, uid: string) =>
        uid.startsWith('forum-') ? `DATE ${instant.slice(0, 10)}` : instant.replace('.000Z', 'Z');
      for (const calendar of served) {
        const got = events.get(calendar.name) ?? [];
        expect({ calendar: calendar.name, uids: got.map((e) => e.uid).sort() }).toEqual({
          calendar: calendar.name,
          uids: [...calendar.events.keys()].sort(),
        });
        for (const event of got) {
          const wanted = calendar.events.get(event.uid);
          const instants = event.uid.startsWith('forum-') ? ['2027-03-27', '2027-11-03'] : (wanted?.instants ?? []);
          expect({ calendar: calendar.name, uid: event.uid, instants: [event.start, event.end], summary: event.summary }).toEqual({
            calendar: calendar.name,
            uid: event.uid,
            instants: instants.map((i) => asPython(i, event.uid)),
            summary: wanted?.summary,
          });
          if (calendar.description !== undefined && event.uid.startsWith('forum-')) {
            expect(event.description).toBe(calendar.description);
          }
        }
      }
    });
  });

  it('writes the repeated hour in UTC wherever it appears, and says which 02:30 it is', () => {
    for (const calendar of served.filter((c) => [...c.events.values()].some((e) => e.instants[0] === REPEATED[0]))) {
      const text = unfold(calendar.text);
      expect({
        calendar: calendar.name,
        start: text.includes('DTSTART:20271031T003000Z'),
        end: text.includes('DTEND:20271031T013000Z'),
      }).toEqual({ calendar: calendar.name, start: true, end: true });
      expect(text).not.toMatch(/TZID=Europe\/Paris:20271031T02/);
    }
    const night = readWithIcalJs(served.find((c) => c.name === 'programme fr')?.text ?? '').events.find(
      (e) => e.uid === `session-${ids.night}@passerelle`,
    );
    expect(night?.description).toContain('Heure de Paris: 2027-10-31 02:30 (UTC+2) – 02:30 (UTC+1)');
  });

  it('gives the date of an end after midnight in the feeds, the update’s invite and its email, before and after the move', () => {
    const uid = `session-${ids.midnight}@passerelle`;
    for (const name of ['programme fr', 'personal caroline', 'invite caroline midnight REQUEST update.ics']) {
      const dinner = readWithIcalJs(served.find((c) => c.name === name)?.text ?? '').events.find((e) => e.uid === uid);
      expect({ name, description: dinner?.description }).toEqual({
        name,
        description: expect.stringContaining('Heure de Paris: 2027-11-01 22:30 – 2027-11-02 00:30'),
      });
    }
    const update = h.smtp.received.find(
      (m) => calendarAttachment(m) === served.find((c) => c.name === 'invite caroline midnight REQUEST update.ics')?.text,
    );
    expect(update?.parsed.text).toContain(
      'Horaire, heure de Paris : 2027-10-29 22:00 – 2027-10-30 01:00 → 2027-11-01 22:30 – 2027-11-02 00:30',
    );
  });

  it('gives each session of an agenda the SEQUENCE of the last invite its delegate got', () => {
    for (const person of ['caroline', 'minji']) {
      const invites = served.filter((c) => c.name.startsWith(`invite ${person} `)).flatMap((c) => readWithIcalJs(c.text).events);
      const agenda = readWithIcalJs(served.find((c) => c.name === `personal ${person}`)?.text ?? '').events.filter((e) =>
        e.uid.startsWith('session-'),
      );
      expect(agenda.length).toBeGreaterThan(0);
      for (const event of agenda) {
        const last = Math.max(...invites.filter((i) => i.uid === event.uid).map((i) => i.sequence));
        expect({ person, uid: event.uid, sequence: event.sequence }).toEqual({ person, uid: event.uid, sequence: last });
      }
    }
  });

  it('changes the Korean feeds and their ETag when the host’s Korean name changes: revalidating with the old ETag gets the new name, dated by the change', () => {
    expect(renamed).toHaveLength(3);
    for (const { url, before, after, again, changedAt } of renamed) {
      expect({ url, before: before.status, after: after.status, again: again.status }).toEqual({
        url,
        before: 200,
        after: 200,
        again: 304,
      });
      // Dated by the change, not by the rendering.
      expect({ url, dated: after.lastModified >= changedAt }).toEqual({ url, dated: true });
      expect(unfold(before.body)).toContain(HOST.nameKo);
      expect(unfold(after.body)).toContain(HOST.renamedKo);
      expect(unfold(after.body)).not.toContain(HOST.nameKo);
      expect(after.etag).not.toBe(before.etag);
    }
  });

  it('drops a deleted deadline from the deadlines feeds and both agendas, with a new ETag: revalidating with the old one gets the feed without it, dated by the change', () => {
    expect(deleted).toHaveLength(5);
    for (const { url, before, after, again, changedAt } of deleted) {
      expect({ url, before: before.status, after: after.status, again: again.status }).toEqual({
        url,
        before: 200,
        after: 200,
        again: 304,
      });
      // Dated by the change, not by the rendering.
      expect({ url, dated: after.lastModified >= changedAt }).toEqual({ url, dated: true });
      expect(before.body).toContain(`deadline-${ids.gone}@passerelle`);
      expect(after.body).not.toContain(`deadline-${ids.gone}@passerelle`);
      expect(after.body).toContain(`deadline-${ids.kept}@passerelle`);
      expect(after.etag).not.toBe(before.etag);
    }
  });

  it('keeps the cancelled visit in the programme and Caroline’s agenda as cancelled', () => {
    for (const name of LOCALES.map((l) => `programme ${l}`).concat('personal caroline')) {
      const visit = readWithIcalJs(served.find((c) => c.name === name)?.text ?? '').events.find(
        (e) => e.uid === `session-${ids.cancelled}@passerelle`,
      );
      expect({ name, status: visit?.status }).toEqual({ name, status: 'CANCELLED' });
    }
  });

  it('says in the cancel the reason the organisers gave, and in the decline’s that the delegate declined', () => {
    const [cancel] = h.smtp.received.filter(
      (m) =>
        /text\/calendar/i.test(m.raw) &&
        unfold(calendarAttachment(m)).includes(`session-${ids.cancelled}@passerelle`) &&
        /METHOD:CANCEL/.test(calendarAttachment(m)),
    );
    expect(cancel.parsed.text).toContain(CANCEL_REASON);
    const [declined] = h.smtp.received.filter(
      (m) =>
        /text\/calendar/i.test(m.raw) &&
        unfold(calendarAttachment(m)).includes(`session-${ids.night}@passerelle`) &&
        /METHOD:CANCEL/.test(calendarAttachment(m)),
    );
    expect(declined.parsed.text).toContain("Vous avez décliné l'invitation");
  });
});
