import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ServiceProcess } from '../faults/support/service-process';
import { createForum, createOrganisation } from '../support/factories';
import { auth, type Harness, startHarness, unique } from '../support/harness';
import { freePort } from '../support/ports';

interface Answer {
  status: number;
  etag: string;
  body: string;
}

interface Read {
  url: string;
  headers?: Record<string, string>;
}

/** One API process as a client sees it: its reads, and the changes made through it. */
interface Api {
  name: string;
  get(read: Read, validators?: Record<string, string>): Promise<Answer>;
  write(method: 'POST' | 'PATCH' | 'DELETE', url: string, payload?: Record<string, unknown>): Promise<{ id: string }>;
}

type ReadName = 'feed' | 'feedKo' | 'feedTheme' | 'deadlines' | 'page' | 'pageKo' | 'programme' | 'editions' | 'forums';

/** The other API process sees a change through the first within this. */
const PEER_DELAY_MS = 1_000;

/** Calendar lines are folded at 75 octets: unfolded, a Korean name reads whole. */
const unfolded = (body: string) => body.replace(/\r\n[ \t]/g, '');

/**
 * The public reads through two API processes on one database: this test's application, and the
 * built API (`dist/src/main.js`, as `npm run start:api` starts it) as an operating-system process of
 * its own, with its own port, memory and change signal. A change through either is shown by the
 * other within a second, with a new ETag, and the old ETag revalidates no more. (The freshness of
 * every input of every read is `read-freshness.e2e.spec.ts`, with both applications in this process.)
 */
describe('Freshness of the public reads across two operating-system processes', () => {
  let h: Harness;
  let child: ServiceProcess | undefined;
  let inProcess: Api;
  let separate: Api;
  let reads: Record<ReadName, Read>;
  let ids: Record<string, string>;
  // Should this Jest worker die before afterAll, the API process goes with it.
  const killChild = () => {
    if (child?.running) {
      process.kill(child.pid, 'SIGKILL');
    }
  };

  beforeAll(async () => {
    h = await startHarness();
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    // The harness has set the environment (database, Redis, queues, SMTP, admin token): the same for both.
    child = ServiceProcess.spawn(
      'api',
      { PORT: String(port), LOG_LEVEL: 'warn' },
      join(mkdtempSync(join(tmpdir(), 'passerelle-reads-')), 'api.log'),
    );
    process.once('exit', killChild);
    const app = h.app;
    inProcess = {
      name: 'this process',
      async get(read, validators = {}) {
        const response = await app.inject({ method: 'GET', url: read.url, headers: { ...read.headers, ...validators } });
        return { status: response.statusCode, etag: String(response.headers.etag ?? ''), body: unfolded(response.body) };
      },
      async write(method, url, payload) {
        const response = await app.inject({ method, url, headers: auth, payload });
        if (response.statusCode >= 300) {
          throw new Error(`${method} ${url} answered ${response.statusCode}: ${response.body}`);
        }
        return response.body ? response.json<{ id: string }>() : { id: '' };
      },
    };
    separate = {
      name: `the API process (pid ${child.pid})`,
      async get(read, validators = {}) {
        const response = await fetch(`${base}${read.url}`, {
          headers: { ...read.headers, ...validators },
          signal: AbortSignal.timeout(5_000),
        });
        return { status: response.status, etag: response.headers.get('etag') ?? '', body: unfolded(await response.text()) };
      },
      async write(method, url, payload) {
        const response = await fetch(`${base}${url}`, {
          method,
          headers: payload ? { ...auth, 'content-type': 'application/json' } : auth,
          body: payload ? JSON.stringify(payload) : undefined,
          signal: AbortSignal.timeout(5_000),
        });
        const text = await response.text();
        if (response.status >= 300) {
          throw new Error(`${method} ${url} answered ${response.status}: ${text}`);
        }
        return text ? (JSON.parse(text) as { id: string }) : { id: '' };
      },
    };

    const forum = await createForum(h, { status: 'published', title: { fr: 'Forum A', ko: '포럼 A' } });
    const host = await createOrganisation(h, { name: 'Ville de Test', nameKo: '테스트시', country: 'KR', kind: 'district' });
    const api = `/api/forums/${forum.id}`;
    const theme = await inProcess.write('POST', `${api}/themes`, { title: { fr: 'Culture' } });
    const session = await inProcess.write('POST', `${api}/sessions`, {
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
    const deadline = await inProcess.write('POST', `${api}/deadlines`, {
      kind: 'documents',
      title: { fr: 'Envoyer les documents' },
      dueAt: '2030-03-15T23:59',
      timeZone: 'Europe/Paris',
    });
    ids = { forum: forum.id, host: host.id, session: session.id, deadline: deadline.id };
    const calendar = `/calendar/forums/${forum.slug}`;
    reads = {
      feed: { url: `${calendar}.ics` },
      feedKo: { url: `${calendar}.ics?lang=ko` },
      feedTheme: { url: `${calendar}.ics?theme=${theme.id}` },
      deadlines: { url: `${calendar}/deadlines.ics` },
      page: { url: `/forums/${forum.slug}` },
      pageKo: { url: `/forums/${forum.slug}?lang=ko`, headers: { cookie: 'pa_lang=ko' } },
      programme: { url: `${api}/programme?lang=ko` },
      editions: { url: '/editions' },
      forums: { url: '/api/forums' },
    };
    await child.ready(base);
  }, 60_000);

  afterAll(async () => {
    try {
      await child?.kill('SIGKILL');
    } finally {
      process.removeListener('exit', killChild);
      await h?.close();
    }
  });

  /** The API process's own log, for a failing test's message. */
  const childLog = () => `--- ${child?.exitStatus ?? ''} (${child?.logFile ?? ''})\n${child?.logs().slice(-3_000) ?? ''}`;

  /**
   * Primes the reader with every read the change shows (and checks it answers their ETag with 304,
   * from memory), makes the change through the writer, then polls the reader until each read shows
   * it: within a second of the change, with a new ETag, the old one no longer 304, and the same
   * bytes as the writer renders.
   */
  async function expectSeen(
    writer: Api,
    reader: Api,
    change: () => Promise<unknown>,
    shows: Partial<Record<ReadName, (answer: Answer) => boolean>>,
  ): Promise<void> {
    const checks = Object.entries(shows) as [ReadName, (answer: Answer) => boolean][];
    const before = new Map<ReadName, Answer>();
    for (const [name, holds] of checks) {
      const primed = await reader.get(reads[name]);
      const revalidated = await reader.get(reads[name], { 'if-none-match': primed.etag });
      expect({ read: name, by: reader.name, primed: primed.status, shown: holds(primed), revalidated: revalidated.status }).toEqual({
        read: name,
        by: reader.name,
        primed: 200,
        shown: false,
        revalidated: 304,
      });
      before.set(name, primed);
    }
    await change();
    const changedAt = Date.now();
    const seen = await Promise.all(
      checks.map(async ([name, holds]) => {
        for (;;) {
          const answer = await reader.get(reads[name]);
          const ms = Date.now() - changedAt;
          if (holds(answer) || ms > PEER_DELAY_MS) {
            return { name, holds, answer, ms };
          }
          await new Promise((resolve) => setTimeout(resolve, 10));
        }
      }),
    );
    for (const { name, holds, answer, ms } of seen) {
      const previous = before.get(name) as Answer;
      const revalidated = await reader.get(reads[name], { 'if-none-match': previous.etag });
      const rendered = await writer.get(reads[name]);
      const outcome = {
        read: name,
        by: reader.name,
        status: answer.status,
        shows: holds(answer),
        withinASecond: ms <= PEER_DELAY_MS,
        newETag: answer.etag !== '' && answer.etag !== previous.etag,
        oldETagRevalidated: revalidated.status,
        sameBytesAsWriter: rendered.etag === answer.etag,
      };
      const expected = {
        ...outcome,
        status: 200,
        shows: true,
        withinASecond: true,
        newETag: true,
        oldETagRevalidated: 200,
        sameBytesAsWriter: true,
      };
      // On a failure, the API process's log says why when it is the one at fault.
      expect(JSON.stringify(outcome) === JSON.stringify(expected) ? outcome : { ...outcome, log: childLog() }).toEqual(expected);
    }
  }

  const has = (text: string) => (answer: Answer) => answer.status === 200 && answer.body.includes(text);
  const lacks = (text: string) => (answer: Answer) => answer.status === 200 && !answer.body.includes(text);

  describe('a change through this process, read by the API process', () => {
    it('a session renamed: the feeds, the page and the programme', async () => {
      await expectSeen(
        inProcess,
        separate,
        () =>
          inProcess.write('PATCH', `/api/forums/${ids.forum}/sessions/${ids.session}`, {
            title: { fr: 'Visite du musée', ko: '박물관 방문' },
          }),
        {
          feed: has('Visite du musée'),
          feedKo: has('박물관 방문'),
          feedTheme: has('Visite du musée'),
          page: has('Visite du musée'),
          pageKo: has('박물관 방문'),
          programme: has('박물관 방문'),
        },
      );
    });

    it('a host organisation’s Korean name: the Korean feed, the Korean page and the programme', async () => {
      await expectSeen(inProcess, separate, () => inProcess.write('PATCH', `/api/organisations/${ids.host}`, { nameKo: '새이름시' }), {
        feedKo: has('새이름시'),
        pageKo: has('새이름시'),
        programme: has('새이름시'),
      });
    });

    it('a deadline deleted: the deadlines feed and the page', async () => {
      await expectSeen(inProcess, separate, () => inProcess.write('DELETE', `/api/forums/${ids.forum}/deadlines/${ids.deadline}`), {
        deadlines: lacks('Envoyer les documents'),
        page: lacks('Envoyer les documents'),
        pageKo: lacks('Envoyer les documents'),
      });
    });

    it('an edition published: the edition list, page and API', async () => {
      const title = unique('Forum publié');
      const draft = await createForum(h, { title: { fr: title } });
      await expectSeen(inProcess, separate, () => inProcess.write('PATCH', `/api/forums/${draft.id}`, { status: 'published' }), {
        editions: has(title),
        forums: has(title),
      });
    });
  });

  describe('a change through the API process, read by this process', () => {
    it('the edition renamed: every public read', async () => {
      await expectSeen(
        separate,
        inProcess,
        () => separate.write('PATCH', `/api/forums/${ids.forum}`, { title: { fr: 'Forum B', ko: '포럼 B' } }),
        {
          feed: has('Forum B'),
          feedKo: has('포럼 B'),
          feedTheme: has('Forum B'),
          deadlines: has('Forum B'),
          page: has('Forum B'),
          pageKo: has('포럼 B'),
          programme: has('포럼 B'),
          editions: has('Forum B'),
          forums: has('Forum B'),
        },
      );
    });

    it('a deadline added: the deadlines feed and the page', async () => {
      await expectSeen(
        separate,
        inProcess,
        () =>
          separate.write('POST', `/api/forums/${ids.forum}/deadlines`, {
            kind: 'custom',
            title: { fr: 'Confirmer les vols' },
            dueAt: '2030-05-01T12:00',
            timeZone: 'Asia/Seoul',
          }),
        {
          deadlines: has('Confirmer les vols'),
          page: has('Confirmer les vols'),
          pageKo: has('Confirmer les vols'),
        },
      );
    });
  });
});
