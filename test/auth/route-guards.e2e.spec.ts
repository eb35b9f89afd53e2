import { randomUUID } from 'node:crypto';
import { accessTokenFor, createContact, createForum, createOrganisation, userWithToken } from '../support/factories';
import { Harness, startHarness } from '../support/harness';

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

interface Route {
  method: Method;
  path: string;
}

// The routes anyone may call. A route added to this list is a decision; one missing from it is a leak.
const PUBLIC = new Set([
  'GET /health',
  'GET /api/forums',
  'GET /api/forums/{forumId}',
  'GET /api/forums/{forumId}/programme',
  'GET /calendar/forums/{slug}.ics',
  'GET /calendar/forums/{slug}/deadlines.ics',
  'GET /calendar/delegates/{token}.ics',
  'GET /calendar/interpreters/{token}.ics',
  'POST /api/auth/sign-in-links',
  'POST /api/auth/sessions',
  'POST /api/access-links',
  'GET /api/unsubscribe',
  'POST /api/unsubscribe',
]);
// Any authenticated caller, magic-link holders included.
const ANY_PRINCIPAL = new Set(['GET /api/me']);
// Routes whose least role is not the default (viewer reads, organiser writes).
const VIEWER_WRITES = new Set(['POST /api/me/tokens', 'DELETE /api/me/tokens/{tokenId}']);
const ADMIN_ONLY = (route: Route) => /^\/api\/(users|audit)\b/.test(route.path) || /\/(export|erase)$/.test(route.path);

describe('Every route is guarded', () => {
  let h: Harness;
  let routes: Route[];
  let authority: { authorization: string };
  let viewer: { authorization: string };
  let organiser: { authorization: string };
  let expired: { authorization: string };
  let revoked: { authorization: string };

  beforeAll(async () => {
    h = await startHarness();
    const document = (await h.app.inject({ method: 'GET', url: '/api/docs-json' })).json<{
      paths: Record<string, Record<string, unknown>>;
    }>();
    routes = Object.entries(document.paths).flatMap(([path, operations]) =>
      Object.keys(operations).map((method) => ({ method: method.toUpperCase() as Method, path })),
    );
    const forum = await createForum(h);
    const organisation = await createOrganisation(h);
    const contact = await createContact(h, organisation.id);
    authority = (await accessTokenFor(h, contact.id, forum.id)).headers;
    viewer = (await userWithToken(h, 'viewer')).headers;
    organiser = (await userWithToken(h, 'organiser')).headers;
    expired = (await accessTokenFor(h, contact.id, forum.id, new Date(Date.now() - 60_000))).headers;
    const owner = await userWithToken(h, 'admin');
    const extra = (
      await h.app.inject({ method: 'POST', url: '/api/me/tokens', headers: owner.headers, payload: { name: 'to revoke' } })
    ).json<{ id: string; token: string }>();
    expect((await h.app.inject({ method: 'DELETE', url: `/api/me/tokens/${extra.id}`, headers: owner.headers })).statusCode).toBeLessThan(
      300,
    );
    revoked = { authorization: `Bearer ${extra.token}` };
  });

  afterAll(async () => {
    await h.close();
  });

  const key = (route: Route) => `${route.method} ${route.path}`;
  // Ids that exist nowhere: the guard must answer before any lookup.
  const urlOf = (route: Route) => route.path.replace(/\{[^}]+\}/g, () => randomUUID());
  const call = (route: Route, headers: Record<string, string> = {}) =>
    h.app.inject({
      method: route.method,
      url: urlOf(route),
      headers,
      payload: route.method === 'GET' || route.method === 'DELETE' ? undefined : {},
    });

  it('finds the routes in the OpenAPI document, public ones included', () => {
    expect(routes.length).toBeGreaterThan(30);
    for (const route of PUBLIC) {
      expect(routes.map(key)).toContain(route);
    }
  });

  it('answers 401 problem details to anonymous callers on every non-public route', async () => {
    const failures: string[] = [];
    for (const route of routes.filter((r) => !PUBLIC.has(key(r)))) {
      const response = await call(route);
      if (response.statusCode !== 401 || response.json<{ code: string }>().code !== 'UNAUTHORIZED') {
        failures.push(`${key(route)} → ${response.statusCode}`);
      }
    }
    expect(failures).toEqual([]);
  });

  it('answers 401 to a token that does not exist, even on public routes', async () => {
    const failures: string[] = [];
    for (const route of routes) {
      const response = await call(route, { authorization: 'Bearer pat_doesnotexist' });
      if (response.statusCode !== 401) {
        failures.push(`${key(route)} → ${response.statusCode}`);
      }
    }
    expect(failures).toEqual([]);
  });

  it('answers 401 to an expired magic link and to a revoked personal token, on every route', async () => {
    const failures: string[] = [];
    for (const route of routes) {
      for (const [who, headers] of [
        ['expired link', expired],
        ['revoked token', revoked],
      ] as const) {
        const response = await call(route, headers);
        if (response.statusCode !== 401 || response.json<{ code: string }>().code !== 'UNAUTHORIZED') {
          failures.push(`${who} ${key(route)} → ${response.statusCode}`);
        }
      }
    }
    expect(failures).toEqual([]);
  });

  it('answers 403 to a magic link on every organiser route and on other organisations', async () => {
    const failures: string[] = [];
    for (const route of routes.filter((r) => !PUBLIC.has(key(r)) && !ANY_PRINCIPAL.has(key(r)))) {
      const response = await call(route, authority);
      if (response.statusCode !== 403) {
        failures.push(`${key(route)} → ${response.statusCode}`);
      }
    }
    expect(failures).toEqual([]);
  });

  it('answers 403 to viewers on writes and to organisers on admin routes', async () => {
    const failures: string[] = [];
    for (const route of routes.filter((r) => !PUBLIC.has(key(r)) && !ANY_PRINCIPAL.has(key(r)))) {
      if (route.method !== 'GET' && !VIEWER_WRITES.has(key(route))) {
        const response = await call(route, viewer);
        if (response.statusCode !== 403) {
          failures.push(`viewer ${key(route)} → ${response.statusCode}`);
        }
      }
      if (ADMIN_ONLY(route)) {
        const response = await call(route, organiser);
        if (response.statusCode !== 403) {
          failures.push(`organiser ${key(route)} → ${response.statusCode}`);
        }
      }
    }
    expect(failures).toEqual([]);
  });
});
