import type { AddressInfo } from 'node:net';
import { MikroORM } from '@mikro-orm/postgresql';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { PublicReads } from '../../src/reads/public-reads.service';
import { accessTokenFor, createContact, createForum, createOrganisation, invite } from '../support/factories';
import { auth, type Harness, startHarness, startPeerApp, unique } from '../support/harness';
import { overSocket, type SocketAnswer, type SocketRequest } from '../support/socket-client';

interface Answer {
  status: number;
  etag: string;
  lastModified: number;
  body: string;
}

interface Read {
  url: string;
  headers?: Record<string, string>;
}

type ReadName = 'feed' | 'feedKo' | 'feedTheme' | 'deadlines' | 'personal' | 'page' | 'pageKo' | 'programme' | 'editions' | 'forums';

const ALL_READS: ReadName[] = ['feed', 'feedKo', 'feedTheme', 'deadlines', 'personal', 'page', 'pageKo', 'programme', 'editions', 'forums'];
/** The other API process sees a change through the first within this. */
const PEER_DELAY_MS = 1_000;

/** Every SQL statement the app's ORM sends until `stop()` (MikroORM logs each through its connection). */
function recordQueries(app: NestFastifyApplication): { queries: string[]; stop(): void } {
  const connection = app.get(MikroORM).em.getConnection() as unknown as { logQuery(query: string): void };
  const queries: string[] = [];
  const spy = jest.spyOn(connection, 'logQuery').mockImplementation((query: string) => {
    queries.push(query);
  });
  return { queries, stop: () => spy.mockRestore() };
}

/**
 * The applications read over a real connection, by their base URL: a request reaches the server's
 * front door (reads answered from memory before routing), where `inject` hands it to Fastify's
 * router. The peer listens, the writer is injected: every read is checked on both paths.
 */
const listening = new Map<NestFastifyApplication, string>();

/** One request to `app`: over its connection when it listens, else through `inject`. */
async function send(app: NestFastifyApplication, request: SocketRequest): Promise<SocketAnswer> {
  const base = listening.get(app);
  if (base !== undefined) {
    return overSocket(base, request);
  }
  const response = await app.inject({ method: (request.method ?? 'GET') as 'GET' | 'HEAD', url: request.url, headers: request.headers });
  return {
    statusCode: response.statusCode,
    headers: response.headers as SocketAnswer['headers'],
    rawPayload: response.rawPayload,
    body: response.body,
  };
}

async function get(app: NestFastifyApplication, read: Read): Promise<Answer> {
  const response = await send(app, { url: read.url, headers: read.headers });
  // Calendar lines are folded at 75 octets: unfolded, a Korean name reads whole.
  const body = response.body.replace(/\r\n[ \t]/g, '');
  return {
    status: response.statusCode,
    etag: String(response.headers.etag ?? ''),
    lastModified: Date.parse(String(response.headers['last-modified'] ?? '')),
    body,
  };
}

/** Polls until `shows` holds; the answer and how long it took. */
async function until(app: NestFastifyApplication, read: Read, shows: (answer: Answer) => boolean): Promise<{ answer: Answer; ms: number }> {
  const started = Date.now();
  for (;;) {
    const answer = await get(app, read);
    if (shows(answer) || Date.now() - started > 3 * PEER_DELAY_MS) {
      return { answer, ms: Date.now() - started };
    }
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/**
 * Every public and personal read, against every input it shows, through two API processes on
 * one database: a change made through one is shown at once by that one and within a second by
 * the other, with a new ETag and a later Last-Modified; a read that does not show the change
 * keeps its ETag and Last-Modified.
 */
describe('Freshness of the public and personal reads across two API processes', () => {
  let h: Harness;
  let peer: NestFastifyApplication;
  let reads: Record<ReadName, Read>;
  let ids: Record<string, string>;

  const api = async (
    method: 'POST' | 'PATCH' | 'PUT' | 'DELETE',
    url: string,
    payload?: Record<string, unknown>,
    headers: Record<string, string> = auth,
  ) => {
    const response = await h.app.inject({ method, url, headers, payload });
    if (response.statusCode >= 300) {
      throw new Error(`${method} ${url} answered ${response.statusCode}: ${response.body}`);
    }
    return response.body ? response.json<Record<string, unknown> & { id: string }>() : { id: '' };
  };

  beforeAll(async () => {
    h = await startHarness();
    peer = await startPeerApp();
    await peer.listen(0, '127.0.0.1');
    listening.set(peer, `http://127.0.0.1:${(peer.getHttpServer().address() as AddressInfo).port}`);
    const forum = await createForum(h, { status: 'published', title: { fr: 'Forum A', ko: '포럼 A' } });
    const host = await createOrganisation(h, { name: 'Ville de Test', nameKo: '테스트시', country: 'KR', kind: 'district' });
    const otherHost = await createOrganisation(h, { name: 'Seocho', nameKo: '서초구', country: 'KR', kind: 'district' });
    const base = `/api/forums/${forum.id}`;
    const theme = await api('POST', `${base}/themes`, { title: { fr: 'Culture' } });
    const session = await api('POST', `${base}/sessions`, {
      kind: 'field_visit',
      title: { fr: 'Visite', ko: '방문' },
      startsAt: '2024-09-24T10:00:00+09:00',
      endsAt: '2024-09-24T12:00:00+09:00',
      capacity: 5,
      venueName: unique('Musée'),
      themeId: theme.id,
      hosts: [{ organisationId: host.id, role: 'host' }],
      status: 'published',
    });
    await api('POST', `${base}/deadlines`, {
      kind: 'interest',
      title: { fr: 'Inscription' },
      dueAt: '2030-03-15T23:59',
      timeZone: 'Europe/Paris',
    });
    const contact = await createContact(h, host.id, { firstName: 'Mina', lastName: 'Kim' });
    await invite(h, forum.id, [host.id]);
    const link = await accessTokenFor(h, contact.id, forum.id);
    const registration = await api('POST', `${base}/registrations`, { organisationId: host.id }, link.headers);
    const me = await api(
      'POST',
      `${base}/registrations/${registration.id}/delegates`,
      { role: 'elected_official', contactId: contact.id },
      link.headers,
    );
    const other = await api(
      'POST',
      `${base}/registrations/${registration.id}/delegates`,
      { role: 'staff', contact: { firstName: 'Eric', lastName: 'Legale', email: `${unique('e')}@ville.test` } },
      link.headers,
    );
    await api('PUT', `${base}/registrations/${registration.id}/delegates/${me.id}/enrolments/${session.id}`, undefined, link.headers);
    const feed = await api('POST', `${base}/registrations/${registration.id}/delegates/${me.id}/feed-token`, undefined, link.headers);
    ids = {
      forum: forum.id,
      slug: forum.slug,
      host: host.id,
      otherHost: otherHost.id,
      theme: theme.id,
      session: session.id,
      contact: contact.id,
      registration: registration.id,
      me: me.id,
      other: other.id,
      link: link.token,
    };
    const calendar = `/calendar/forums/${forum.slug}`;
    reads = {
      feed: { url: `${calendar}.ics` },
      feedKo: { url: `${calendar}.ics?lang=ko` },
      feedTheme: { url: `${calendar}.ics?theme=${theme.id}` },
      deadlines: { url: `${calendar}/deadlines.ics` },
      personal: { url: new URL(String(feed.https)).pathname },
      page: { url: `/forums/${forum.slug}` },
      pageKo: { url: `/forums/${forum.slug}?lang=ko`, headers: { cookie: 'pa_lang=ko' } },
      programme: { url: `${base}/programme?lang=ko` },
      editions: { url: '/editions' },
      forums: { url: '/api/forums' },
    };
  });

  afterAll(async () => {
    await peer?.close();
    await h?.close();
  });

  async function answersOfBoth(): Promise<Map<string, Answer>> {
    const answers = new Map<string, Answer>();
    for (const name of ALL_READS) {
      answers.set(`writer ${name}`, await get(h.app, reads[name]));
      answers.set(`peer ${name}`, await get(peer, reads[name]));
    }
    return answers;
  }

  /**
   * Primes both processes, makes the change through the first, and checks every read that shows
   * it (`shows`, with what it must now contain) and every read listed as not showing it.
   */
  async function expectFresh(
    change: () => Promise<unknown>,
    shows: Partial<Record<ReadName, (answer: Answer) => boolean>>,
    unchanged: ReadName[],
  ): Promise<void> {
    const before = await answersOfBoth();
    const changedAt = Math.floor(Date.now() / 1000) * 1000;
    await change();
    for (const [name, holds] of Object.entries(shows) as [ReadName, (answer: Answer) => boolean][]) {
      const previous = before.get(`writer ${name}`) as Answer;
      // The writer shows its own change at once.
      const writer = await get(h.app, reads[name]);
      expect({ read: name, by: 'writer', shows: holds(writer) }).toEqual({ read: name, by: 'writer', shows: true });
      // The other process within a second, by the announcement alone.
      const { answer: seen, ms } = await until(peer, reads[name], holds);
      expect({ read: name, by: 'peer', shows: holds(seen), withinASecond: ms <= PEER_DELAY_MS }).toEqual({
        read: name,
        by: 'peer',
        shows: true,
        withinASecond: true,
      });
      if (writer.status === 200) {
        expect(writer.etag).not.toBe(previous.etag);
        expect(seen.etag).toBe(writer.etag);
        // Last-Modified: when the data changed, never before the bytes it replaces, never in the future.
        expect(writer.lastModified).toBeGreaterThanOrEqual(Math.max(changedAt, previous.lastModified));
        expect(writer.lastModified).toBeLessThanOrEqual(Date.now());
        // Neither old validator answers 304 any more, not even the date when the change came within its second.
        for (const [by, app] of [
          ['writer', h.app],
          ['peer', peer],
        ] as const) {
          for (const validator of [
            { 'if-none-match': previous.etag },
            { 'if-modified-since': new Date(previous.lastModified).toUTCString() },
          ] as Record<string, string>[]) {
            const revalidated = await send(app, { url: reads[name].url, headers: { ...reads[name].headers, ...validator } });
            expect({ read: name, by, validator, status: revalidated.statusCode }).toEqual({ read: name, by, validator, status: 200 });
          }
        }
      }
    }
    for (const name of unchanged) {
      for (const [by, app] of [
        ['writer', h.app],
        ['peer', peer],
      ] as const) {
        const previous = before.get(`${by} ${name}`) as Answer;
        const now = await get(app, reads[name]);
        expect({ read: name, by, etag: now.etag, lastModified: now.lastModified }).toEqual({
          read: name,
          by,
          etag: previous.etag,
          lastModified: previous.lastModified,
        });
      }
    }
  }

  const has = (text: string) => (answer: Answer) => answer.status === 200 && answer.body.includes(text);
  const lacks = (text: string) => (answer: Answer) => answer.status === 200 && !answer.body.includes(text);
  const gone = (answer: Answer) => answer.status === 404;

  it('the edition’s title: every read', async () => {
    await expectFresh(
      () => api('PATCH', `/api/forums/${ids.forum}`, { title: { fr: 'Forum B', ko: '포럼 B' } }),
      {
        feed: has('Forum B'),
        feedKo: has('포럼 B'),
        feedTheme: has('Forum B'),
        deadlines: has('Forum B'),
        personal: has('Forum B'),
        page: has('Forum B'),
        pageKo: has('포럼 B'),
        programme: has('포럼 B'),
        editions: has('Forum B'),
        forums: has('Forum B'),
      },
      [],
    );
  });

  it('a session’s title: the feeds, the personal agenda, the page and the programme', async () => {
    await expectFresh(
      () => api('PATCH', `/api/forums/${ids.forum}/sessions/${ids.session}`, { title: { fr: 'Visite du musée', ko: '박물관 방문' } }),
      {
        feed: has('Visite du musée'),
        feedKo: has('박물관 방문'),
        feedTheme: has('Visite du musée'),
        personal: has('Visite du musée'),
        page: has('Visite du musée'),
        pageKo: has('박물관 방문'),
        programme: has('박물관 방문'),
      },
      ['deadlines', 'editions', 'forums'],
    );
  });

  it('a host organisation’s Korean name: what shows it, and nothing that shows the French one only', async () => {
    await expectFresh(
      () => api('PATCH', `/api/organisations/${ids.host}`, { nameKo: '새이름시' }),
      {
        feedKo: has('새이름시'),
        pageKo: has('새이름시'),
        programme: has('새이름시'),
      },
      ['feed', 'feedTheme', 'personal', 'page', 'deadlines', 'editions', 'forums'],
    );
  });

  it('a host organisation’s name', async () => {
    await expectFresh(
      () => api('PATCH', `/api/organisations/${ids.host}`, { name: 'Ville Renommée' }),
      {
        feed: has('Ville Renommée'),
        feedTheme: has('Ville Renommée'),
        personal: has('Ville Renommée'),
        page: has('Ville Renommée'),
        programme: has('Ville Renommée'),
      },
      ['feedKo', 'pageKo', 'deadlines', 'editions', 'forums'],
    );
  });

  it('a session’s hosts', async () => {
    await expectFresh(
      () => api('PATCH', `/api/forums/${ids.forum}/sessions/${ids.session}`, { hosts: [{ organisationId: ids.otherHost, role: 'host' }] }),
      {
        feed: has('Seocho'),
        feedKo: has('서초구'),
        feedTheme: has('Seocho'),
        personal: has('Seocho'),
        page: has('Seocho'),
        pageKo: has('서초구'),
        programme: has('서초구'),
      },
      ['deadlines', 'editions', 'forums'],
    );
  });

  it('themes: a title changed, a theme added, a theme removed', async () => {
    await expectFresh(
      () => api('PATCH', `/api/forums/${ids.forum}/themes/${ids.theme}`, { title: { fr: 'Culture et tourisme' } }),
      {
        page: has('Culture et tourisme'),
        pageKo: has('Culture et tourisme'),
        programme: has('Culture et tourisme'),
      },
      ['feed', 'feedKo', 'feedTheme', 'deadlines', 'personal', 'editions', 'forums'],
    );
    let added = '';
    await expectFresh(
      async () => {
        added = (await api('POST', `/api/forums/${ids.forum}/themes`, { title: { fr: 'Climat et eau' } })).id;
      },
      { page: has('Climat et eau'), pageKo: has('Climat et eau') },
      ['feed', 'deadlines', 'personal', 'programme', 'editions', 'forums'],
    );
    await expectFresh(
      () => api('DELETE', `/api/forums/${ids.forum}/themes/${added}`),
      { page: lacks('Climat et eau'), pageKo: lacks('Climat et eau') },
      ['feed', 'deadlines', 'personal', 'programme'],
    );
  });

  it('deadlines: added, changed and deleted', async () => {
    let deadline = '';
    await expectFresh(
      async () => {
        deadline = (
          await api('POST', `/api/forums/${ids.forum}/deadlines`, {
            kind: 'documents',
            title: { fr: 'Envoyer les documents' },
            dueAt: '2030-05-01T12:00',
            timeZone: 'Asia/Seoul',
          })
        ).id;
      },
      {
        deadlines: has('Envoyer les documents'),
        personal: has('Envoyer les documents'),
        page: has('Envoyer les documents'),
        pageKo: has('Envoyer les documents'),
      },
      ['feed', 'feedKo', 'feedTheme', 'programme', 'editions', 'forums'],
    );
    await expectFresh(
      () => api('PATCH', `/api/forums/${ids.forum}/deadlines/${deadline}`, { title: { fr: 'Envoyer le dossier' } }),
      {
        deadlines: has('Envoyer le dossier'),
        personal: has('Envoyer le dossier'),
        page: has('Envoyer le dossier'),
        pageKo: has('Envoyer le dossier'),
      },
      ['feed', 'programme', 'editions', 'forums'],
    );
    await expectFresh(
      () => api('DELETE', `/api/forums/${ids.forum}/deadlines/${deadline}`),
      {
        deadlines: lacks('Envoyer le dossier'),
        personal: lacks('Envoyer le dossier'),
        page: lacks('Envoyer le dossier'),
        pageKo: lacks('Envoyer le dossier'),
      },
      ['feed', 'programme', 'editions', 'forums'],
    );
  });

  it('seats: one taken shows on the page and in the programme; one given back leaves the agenda too', async () => {
    const enrolment = (delegate: string) =>
      `/api/forums/${ids.forum}/registrations/${ids.registration}/delegates/${delegate}/enrolments/${ids.session}`;
    await expectFresh(
      () => api('PUT', enrolment(ids.other)),
      { page: has('3 places restantes'), pageKo: has('잔여 3석'), programme: has('"seatsLeft":3') },
      ['feed', 'deadlines', 'personal', 'editions', 'forums'],
    );
    await expectFresh(
      () => api('DELETE', enrolment(ids.me)),
      {
        personal: lacks(`session-${ids.session}@`),
        page: has('4 places restantes'),
        pageKo: has('잔여 4석'),
        programme: has('"seatsLeft":4'),
      },
      ['feed', 'deadlines', 'editions', 'forums'],
    );
  });

  it('a delegate’s name and their feed link', async () => {
    await expectFresh(
      () => api('PATCH', `/api/organisations/${ids.host}/contacts/${ids.contact}`, { lastName: 'Park' }),
      { personal: has('Mina Park') },
      ['feed', 'deadlines', 'page', 'programme', 'editions', 'forums'],
    );
    await expectFresh(
      () => api('DELETE', `/api/forums/${ids.forum}/registrations/${ids.registration}/delegates/${ids.me}/feed-token`),
      { personal: gone },
      ['feed', 'deadlines', 'page', 'programme'],
    );
  });

  it('a session cancelled, then the edition archived', async () => {
    await expectFresh(
      () => api('POST', `/api/forums/${ids.forum}/sessions/${ids.session}/cancel`, { reason: 'Typhon' }),
      {
        feed: has('STATUS:CANCELLED'),
        feedKo: has('STATUS:CANCELLED'),
        feedTheme: has('STATUS:CANCELLED'),
        page: lacks(`session-${ids.session}`),
        programme: lacks(ids.session),
      },
      ['deadlines', 'editions', 'forums'],
    );
    await expectFresh(
      () => api('PATCH', `/api/forums/${ids.forum}`, { status: 'archived' }),
      { feed: gone, feedKo: gone, deadlines: gone, forums: has('"archived"') },
      [],
    );
  });

  it('the page, served from memory, changes by itself when a deadline it shows passes', async () => {
    const forum = await createForum(h, { status: 'published' });
    const dueAt = new Date(Date.now() + 1_500);
    await api('POST', `/api/forums/${forum.id}/deadlines`, {
      kind: 'custom',
      title: { fr: 'Bientôt' },
      dueAt: dueAt.toISOString(),
      timeZone: 'Europe/Paris',
    });
    const page = { url: `/forums/${forum.slug}` };
    const before = [await get(h.app, page), await get(peer, page)];
    await new Promise((resolve) => setTimeout(resolve, dueAt.getTime() - Date.now() + 50));
    const after = [await get(h.app, page), await get(peer, page)];
    expect(after.map((a) => a.etag)).not.toEqual(before.map((b) => b.etag));
    expect(after[0].etag).not.toBe(before[0].etag);
    expect(after[1].etag).not.toBe(before[1].etag);
  });

  it('lets no shared cache keep an answer that sets a cookie, nor a signed-in reader’s page (organiser or member)', async () => {
    const forum = await createForum(h, { status: 'published' });
    const anonymous = await send(peer, { url: `/forums/${forum.slug}` });
    expect(anonymous.headers['cache-control']).toBe('public, max-age=60, stale-while-revalidate=600');
    expect(anonymous.headers['set-cookie']).toBeUndefined();
    // A language chosen by link is remembered in a cookie: that answer is the reader's own.
    const remembering = await send(peer, { url: `/forums/${forum.slug}?lang=ko` });
    expect(String(remembering.headers['set-cookie'])).toContain('pa_lang=ko');
    expect(remembering.headers['cache-control']).toBe('private, no-store');
    const remembered = await send(peer, { url: `/forums/${forum.slug}?lang=ko`, headers: { cookie: 'pa_lang=ko' } });
    expect([remembered.headers['cache-control'], remembered.headers.etag]).toEqual([
      'public, max-age=60, stale-while-revalidate=600',
      remembering.headers.etag,
    ]);
    const organiser = await send(peer, { url: `/forums/${forum.slug}`, headers: { cookie: 'pa_organiser=whatever' } });
    expect(organiser.headers['cache-control']).toBe('private, no-store');
    const member = await send(peer, { url: `/forums/${forum.slug}`, headers: { cookie: 'pa_member=whatever' } });
    expect(member.headers['cache-control']).toBe('private, no-store');
  });

  /** What the peer's front door answered (200 or 304) from here on, null for what it sent on to Fastify. */
  function watchTheDoor(): { answered: (number | null)[]; stop(): void } {
    const reads = peer.get(PublicReads);
    const answered: (number | null)[] = [];
    const answerAtTheDoor = reads.answerAtTheDoor.bind(reads);
    const spy = jest.spyOn(reads, 'answerAtTheDoor').mockImplementation((request) => {
      const answer = answerAtTheDoor(request);
      answered.push(answer?.status ?? null);
      return answer;
    });
    return { answered, stop: () => spy.mockRestore() };
  }

  it('answers at the front door with the headers the handler sent, the request’s own id, and no body to HEAD', async () => {
    const forum = await createForum(h, { status: 'published' });
    const door = watchTheDoor();
    try {
      for (const url of [`/calendar/forums/${forum.slug}.ics?lang=ko`, `/forums/${forum.slug}`, `/api/forums/${forum.id}/programme`]) {
        // Another process's change may be on its way: the first answer that comes twice alike is the held one.
        let rendered = await send(peer, { url });
        let held = await send(peer, { url, headers: { 'x-request-id': 'from-memory-1' } });
        for (let tries = 0; held.headers.etag !== rendered.headers.etag && tries < 5; tries++) {
          rendered = held;
          held = await send(peer, { url, headers: { 'x-request-id': 'from-memory-1' } });
        }
        expect(door.answered.at(-1)).toBe(200);
        const comparable = (headers: Record<string, unknown>) =>
          Object.fromEntries(
            Object.entries(headers).filter(([name]) => !['date', 'x-request-id', 'connection', 'keep-alive'].includes(name)),
          );
        expect(held.statusCode).toBe(200);
        expect(comparable(held.headers)).toEqual(comparable(rendered.headers));
        expect(held.headers['x-request-id']).toBe('from-memory-1');
        expect(held.rawPayload.equals(rendered.rawPayload)).toBe(true);
        // A request without a sane id of its own gets one made up.
        const unnamed = await send(peer, { url, headers: { 'x-request-id': 'no spaces allowed' } });
        expect(unnamed.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
        const head = await send(peer, { method: 'HEAD', url });
        expect([head.statusCode, head.headers.etag, head.headers['content-length'], head.rawPayload.length]).toEqual([
          200,
          rendered.headers.etag,
          String(rendered.rawPayload.length),
          0,
        ]);
        const revalidated = await send(peer, { url, headers: { 'if-none-match': String(rendered.headers.etag) } });
        expect([revalidated.statusCode, revalidated.headers['content-type'], revalidated.rawPayload.length]).toEqual([304, undefined, 0]);
        expect(revalidated.headers['cache-control']).toBe(rendered.headers['cache-control']);
        expect(door.answered.slice(-3)).toEqual([200, 200, 304]);
      }
    } finally {
      door.stop();
    }
  });

  it('sends on to Fastify what the front door must not answer: a signed-in reader, a language to remember, a write', async () => {
    const forum = await createForum(h, { status: 'published' });
    const page = `/forums/${forum.slug}`;
    await send(peer, { url: page });
    await send(peer, { url: `${page}?lang=ko`, headers: { cookie: 'pa_lang=ko' } });
    const door = watchTheDoor();
    try {
      const member = await send(peer, { url: page, headers: { cookie: 'pa_member=whatever' } });
      const remembering = await send(peer, { url: `${page}?lang=ko` });
      const posted = await send(peer, { method: 'POST', url: page });
      expect(door.answered).toEqual([null, null, null]);
      expect([member.headers['cache-control'], String(remembering.headers['set-cookie'])]).toEqual([
        'private, no-store',
        expect.stringContaining('pa_lang=ko'),
      ]);
      expect(posted.statusCode).toBeGreaterThanOrEqual(400);
    } finally {
      door.stop();
    }
  });

  it('revalidates from memory: a 304 needs no database query', async () => {
    const forum = await createForum(h, { status: 'published' });
    const targets: Read[] = [
      { url: `/calendar/forums/${forum.slug}.ics` },
      { url: `/forums/${forum.slug}` },
      { url: `/api/forums/${forum.id}/programme` },
      { url: '/editions' },
    ];
    for (const app of [h.app, peer]) {
      const primed = await Promise.all(targets.map((read) => get(app, read)));
      const recorded = recordQueries(app);
      try {
        for (const [i, read] of targets.entries()) {
          const revalidated = await send(app, { url: read.url, headers: { 'if-none-match': primed[i].etag } });
          const again = await send(app, { url: read.url });
          expect([revalidated.statusCode, again.statusCode, again.headers.etag]).toEqual([304, 200, primed[i].etag]);
        }
        expect(recorded.queries).toEqual([]);
      } finally {
        recorded.stop();
      }
    }
  });
});

/** The tables every read queries: each must raise the read version when it changes. */
describe('The tables the reads show', () => {
  let h: Harness;

  beforeAll(async () => {
    h = await startHarness();
  });

  afterAll(async () => {
    await h.close();
  });

  it('all raise the read version in the commit of any change, so no read is kept past a change to what it shows', async () => {
    const forum = await createForum(h, { status: 'published' });
    const host = await createOrganisation(h, { nameKo: '구' });
    const contact = await createContact(h, host.id);
    await invite(h, forum.id, [host.id]);
    const link = await accessTokenFor(h, contact.id, forum.id);
    const base = `/api/forums/${forum.id}`;
    const call = async (method: 'POST' | 'PUT', url: string, payload?: Record<string, unknown>, headers: Record<string, string> = auth) =>
      (await h.app.inject({ method, url, headers, payload })).json<{ id: string; https: string }>();
    const theme = await call('POST', `${base}/themes`, { title: { fr: 'Thème' } });
    const session = await call('POST', `${base}/sessions`, {
      kind: 'field_visit',
      title: { fr: 'Visite' },
      startsAt: '2024-09-24T10:00:00+09:00',
      endsAt: '2024-09-24T12:00:00+09:00',
      capacity: 3,
      venueName: unique('Lieu'),
      themeId: theme.id,
      hosts: [{ organisationId: host.id, role: 'host' }],
      status: 'published',
    });
    await call('POST', `${base}/deadlines`, {
      kind: 'interest',
      title: { fr: 'Échéance' },
      dueAt: '2030-01-01T00:00',
      timeZone: 'Asia/Seoul',
    });
    const registration = await call('POST', `${base}/registrations`, { organisationId: host.id }, link.headers);
    const delegate = await call(
      'POST',
      `${base}/registrations/${registration.id}/delegates`,
      { role: 'staff', contactId: contact.id },
      link.headers,
    );
    await call(
      'PUT',
      `${base}/registrations/${registration.id}/delegates/${delegate.id}/enrolments/${session.id}`,
      undefined,
      link.headers,
    );
    const feed = await call(
      'POST',
      `${base}/registrations/${registration.id}/delegates/${delegate.id}/feed-token`,
      undefined,
      link.headers,
    );
    const urls = [
      `/calendar/forums/${forum.slug}.ics?theme=${theme.id}`,
      `/calendar/forums/${forum.slug}/deadlines.ics`,
      new URL(feed.https).pathname,
      `/forums/${forum.slug}`,
      `${base}/programme`,
      '/editions',
      '/api/forums',
    ];

    const orm = h.app.get(MikroORM);
    const existing = new Set(
      (
        await orm.em
          .getConnection()
          .execute<{ name: string }[]>(`select table_name as name from information_schema.tables where table_schema = 'public'`)
      ).map((r) => r.name),
    );
    const triggered = new Set(
      (
        await orm.em
          .getConnection()
          .execute<{ name: string }[]>(
            `select c.relname as name from pg_trigger t join pg_class c on c.oid = t.tgrelid where t.tgname like '%_read_version'`,
          )
      ).map((r) => r.name),
    );
    const recorded = recordQueries(h.app);
    const read = new Set<string>();
    try {
      for (const url of urls) {
        recorded.queries.length = 0;
        // A write in between: nothing is answered from memory, every read queries what it shows.
        await h.app.inject({ method: 'POST', url: '/api/forums', headers: auth, payload: {} });
        expect((await h.app.inject({ method: 'GET', url })).statusCode).toBe(200);
        for (const query of recorded.queries) {
          for (const [, table] of query.matchAll(/\b(?:from|join)\s+"?([a-z_]+)"?/gi)) {
            // read_version itself: read around each render to date it.
            if (existing.has(table) && table !== 'read_version') {
              read.add(table);
            }
          }
        }
      }
    } finally {
      recorded.stop();
    }
    expect(read.size).toBeGreaterThan(5);
    expect([...read].filter((table) => !triggered.has(table)).sort()).toEqual([]);
  });
});
