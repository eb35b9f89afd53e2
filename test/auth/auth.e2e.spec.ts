import { SignInLink } from '../../src/auth/sign-in-link.entity';
import { User } from '../../src/auth/user.entity';
import { redactUrl } from '../../src/logging/logging.module';
import { userWithToken } from '../support/factories';
import { auth, Harness, startHarness, unique } from '../support/harness';

/** Each test its own client address, so the per-address limits of one test do not touch another. */
function from(ip: string, headers: Record<string, string> = {}): Record<string, string> {
  return { 'x-forwarded-for': ip, ...headers };
}

function linkTokenIn(text: string | undefined): string {
  const match = /token=(sil_[A-Za-z0-9_-]+)/.exec(text ?? '');
  if (!match) {
    throw new Error(`No sign-in link in: ${text}`);
  }
  return match[1];
}

describe('Organiser accounts, sign-in links and tokens', () => {
  let h: Harness;

  beforeAll(async () => {
    // The tests stand behind a proxy on this machine, so each can speak from client addresses of its own.
    h = await startHarness({ worker: true, env: { TRUSTED_PROXIES: '127.0.0.1' } });
  });

  afterAll(async () => {
    await h.close();
  });

  async function createUser(role = 'organiser', locale = 'fr'): Promise<{ id: string; email: string }> {
    const response = await h.app.inject({
      method: 'POST',
      url: '/api/users',
      headers: auth,
      payload: { email: `${unique('Inssafe')}@Cites-Unies-France.test`, name: 'Inssafe El Idrissi', role, locale },
    });
    expect(response.statusCode).toBe(201);
    return response.json();
  }

  async function requestLink(email: string, ip: string) {
    return h.app.inject({ method: 'POST', url: '/api/auth/sign-in-links', headers: from(ip), payload: { email } });
  }

  it('signs an organiser in with a single-use emailed link and gives a working token', async () => {
    const user = await createUser('organiser', 'ko');
    expect(user.email).toBe(user.email.toLowerCase());

    const requested = await requestLink(user.email.toUpperCase(), '10.0.1.1');
    expect(requested.statusCode).toBe(202);
    const mail = await h.smtp.waitFor((m) => m.envelopeTo.includes(user.email));
    expect(mail.parsed.subject).toBe('로그인 링크 (Passerelle)');
    const linkToken = linkTokenIn(mail.parsed.text);

    const session = await h.app.inject({
      method: 'POST',
      url: '/api/auth/sessions',
      headers: from('10.0.1.1'),
      payload: { token: linkToken },
    });
    expect(session.statusCode).toBe(201);
    const { token, user: signedIn, expiresAt } = session.json();
    expect(token).toMatch(/^pat_[A-Za-z0-9_-]{43}$/);
    expect(signedIn.id).toBe(user.id);
    expect(new Date(expiresAt).getTime()).toBeGreaterThan(Date.now() + 29 * 24 * 3600 * 1000);

    const me = await h.app.inject({ method: 'GET', url: '/api/me', headers: { authorization: `Bearer ${token}` } });
    expect(me.json()).toMatchObject({ kind: 'organiser', role: 'organiser', userId: user.id });

    const reused = await h.app.inject({
      method: 'POST',
      url: '/api/auth/sessions',
      headers: from('10.0.1.1'),
      payload: { token: linkToken },
    });
    expect(reused.statusCode).toBe(401);
    expect(reused.json().code).toBe('LINK_INVALID');
  });

  it('refuses an expired sign-in link', async () => {
    const user = await createUser();
    await requestLink(user.email, '10.0.2.1');
    const linkToken = linkTokenIn((await h.smtp.waitFor((m) => m.envelopeTo.includes(user.email))).parsed.text);
    await h.em.fork().nativeUpdate(SignInLink, { user: user.id }, { expiresAt: new Date(Date.now() - 1000) });

    const response = await h.app.inject({
      method: 'POST',
      url: '/api/auth/sessions',
      headers: from('10.0.2.1'),
      payload: { token: linkToken },
    });
    expect(response.statusCode).toBe(401);
    expect(response.json().code).toBe('LINK_INVALID');
  });

  it('lets only one of two simultaneous uses of a link open a session', async () => {
    const user = await createUser();
    await requestLink(user.email, '10.0.3.1');
    const linkToken = linkTokenIn((await h.smtp.waitFor((m) => m.envelopeTo.includes(user.email))).parsed.text);

    const results = await Promise.all(
      [1, 2, 3].map(() =>
        h.app.inject({ method: 'POST', url: '/api/auth/sessions', headers: from('10.0.3.1'), payload: { token: linkToken } }),
      ),
    );
    expect(results.map((r) => r.statusCode).sort()).toEqual([201, 401, 401]);
  });

  it('answers 202 for an unknown or disabled address and sends nothing', async () => {
    const disabled = await createUser();
    await h.app.inject({ method: 'PATCH', url: `/api/users/${disabled.id}`, headers: auth, payload: { disabled: true } });
    const unknown = `${unique('nobody')}@example.test`;

    for (const email of [unknown, disabled.email]) {
      const response = await requestLink(email, '10.0.4.1');
      expect(response.statusCode).toBe(202);
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(h.smtp.received.some((m) => m.envelopeTo.includes(unknown) || m.envelopeTo.includes(disabled.email))).toBe(false);
  });

  it('limits sign-in link requests per email and per address with 429 and Retry-After', async () => {
    const email = `${unique('flood')}@example.test`;
    const perEmail = [];
    for (let i = 0; i < 6; i += 1) {
      perEmail.push((await requestLink(email, `10.0.5.${i}`)).statusCode);
    }
    expect(perEmail).toEqual([202, 202, 202, 202, 202, 429]);

    const perAddress = [];
    for (let i = 0; i < 21; i += 1) {
      perAddress.push(await requestLink(`${unique('many')}@example.test`, '10.0.6.1'));
    }
    const last = perAddress[20];
    expect(perAddress.slice(0, 20).every((r) => r.statusCode === 202)).toBe(true);
    expect(last.statusCode).toBe(429);
    expect(last.json().code).toBe('RATE_LIMITED');
    expect(Number(last.headers['retry-after'])).toBeGreaterThan(0);
  });

  describe('personal tokens', () => {
    it('shows a new token once, lists it without its secret, and refuses it at once when revoked', async () => {
      const { headers } = await userWithToken(h, 'viewer');
      const created = await h.app.inject({
        method: 'POST',
        url: '/api/me/tokens',
        headers,
        payload: { name: 'Export script', expiresInDays: 90 },
      });
      expect(created.statusCode).toBe(201);
      const { token, id, hint } = created.json();
      expect(token.endsWith(hint)).toBe(true);

      const list = await h.app.inject({ method: 'GET', url: '/api/me/tokens', headers });
      expect(list.body).not.toContain(token);
      expect(list.json().map((t: { id: string }) => t.id)).toContain(id);

      const own = { authorization: `Bearer ${token as string}` };
      expect((await h.app.inject({ method: 'GET', url: '/api/me', headers: own })).statusCode).toBe(200);
      expect((await h.app.inject({ method: 'DELETE', url: `/api/me/tokens/${id as string}`, headers })).statusCode).toBe(200);
      const refused = await h.app.inject({ method: 'GET', url: '/api/me', headers: own });
      expect(refused.statusCode).toBe(401);
    });

    it('records when a token was last used', async () => {
      const { user, headers } = await userWithToken(h, 'viewer');
      await h.app.inject({ method: 'GET', url: '/api/organisations', headers });
      const tokens = (await h.app.inject({ method: 'GET', url: `/api/users/${user.id}/tokens`, headers: auth })).json();
      expect(tokens[0].lastUsedAt).not.toBeNull();
    });

    it('stops every token of a disabled account', async () => {
      const { user, headers } = await userWithToken(h, 'organiser');
      await h.app.inject({ method: 'PATCH', url: `/api/users/${user.id}`, headers: auth, payload: { disabled: true } });
      expect((await h.app.inject({ method: 'GET', url: '/api/me', headers })).statusCode).toBe(401);
    });

    it('has no personal tokens for the bootstrap token', async () => {
      const response = await h.app.inject({ method: 'POST', url: '/api/me/tokens', headers: auth, payload: { name: 'x' } });
      expect(response.statusCode).toBe(403);
    });
  });

  describe('roles', () => {
    it('lets viewers read but not write, organisers write but not manage accounts, admins do both', async () => {
      const viewer = await userWithToken(h, 'viewer');
      const organiser = await userWithToken(h, 'organiser');
      const admin = await userWithToken(h, 'admin');
      const newOrganisation = { name: unique('Dijon'), country: 'FR', kind: 'commune' };

      expect((await h.app.inject({ method: 'GET', url: '/api/organisations', headers: viewer.headers })).statusCode).toBe(200);
      const viewerWrite = await h.app.inject({
        method: 'POST',
        url: '/api/organisations',
        headers: viewer.headers,
        payload: newOrganisation,
      });
      expect(viewerWrite.statusCode).toBe(403);
      expect(viewerWrite.json().code).toBe('FORBIDDEN');
      expect(
        (await h.app.inject({ method: 'POST', url: '/api/organisations', headers: organiser.headers, payload: newOrganisation }))
          .statusCode,
      ).toBe(201);
      expect((await h.app.inject({ method: 'GET', url: '/api/users', headers: organiser.headers })).statusCode).toBe(403);
      expect((await h.app.inject({ method: 'GET', url: '/api/users', headers: admin.headers })).statusCode).toBe(200);
    });

    it('refuses a second account on the same address in another case', async () => {
      const user = await createUser();
      const again = await h.app.inject({
        method: 'POST',
        url: '/api/users',
        headers: auth,
        payload: { email: user.email.toUpperCase(), name: 'Twin', role: 'viewer' },
      });
      expect(again.statusCode).toBe(409);
      expect(again.json()).toMatchObject({ code: 'EMAIL_TAKEN', errors: [{ field: 'email' }] });
      expect(await h.em.fork().count(User, { email: user.email })).toBe(1);
    });
  });

  it('keeps secrets in URLs out of the logs', () => {
    expect(redactUrl('/access?token=acc_secret&lang=ko')).toBe('/access?token=[redacted]&lang=ko');
    expect(redactUrl('/calendar/delegates/abcdef.ics')).toBe('/calendar/delegates/[token]');
  });

  it.each([
    ['an encoded name', '/access?%74oken=acc_secret&lang=ko', '/access?%74oken=[redacted]&lang=ko'],
    ['another case', '/api/unsubscribe?TOKEN=secret', '/api/unsubscribe?TOKEN=[redacted]'],
    ['a name that only contains token', '/x?access_token=secret&lang=ko', '/x?access_token=[redacted]&lang=ko'],
    ['an encoded underscore', '/x?api%5Fkey=secret', '/x?api%5Fkey=[redacted]'],
    [
      'a secret, a password, a signature',
      '/x?client_secret=a&password=b&sig=c&page=2',
      '/x?client_secret=[redacted]&password=[redacted]&sig=[redacted]&page=2',
    ],
    ['a name given twice', '/sign-in?token=a&next=%2Fdesk&token=b', '/sign-in?token=[redacted]&next=%2Fdesk&token=[redacted]'],
    ['a malformed escape beside it', '/x?%zz=1&token=secret', '/x?%zz=1&token=[redacted]'],
    ['one of our tokens under an innocent name', `/x?next=${'acc_'.padEnd(47, 'A')}`, '/x?next=[redacted]'],
    ['an encoded feed path', '/calendar/%64elegates/cal_secret.ics', '/calendar/delegates/[token]'],
    ['a feed path with a query', '/calendar/delegates/cal_secret.ics?lang=ko', '/calendar/delegates/[token]?lang=ko'],
  ])('redacts %s in a logged URL', (_what, url, logged) => {
    expect(redactUrl(url)).toBe(logged);
  });

  describe('sessions', () => {
    /** A visitor of the pages: the form token of its CSRF cookie, and its cookies as a header. */
    async function visitor(extraCookies: string[] = []): Promise<{ csrf: string; cookie: string }> {
      const page = await h.app.inject({ method: 'GET', url: '/sign-in' });
      const csrf = /name="_csrf" value="([^"]+)"/.exec(page.body)?.[1] as string;
      const cookies = [page.headers['set-cookie'] ?? []].flat().map((c) => c.split(';')[0]);
      return { csrf, cookie: [...cookies, ...extraCookies].join('; ') };
    }

    it('revokes the session’s token when an organiser signs out of the desk', async () => {
      const { token } = await userWithToken(h, 'organiser');
      const signed = h.app.getHttpAdapter().getInstance().signCookie(token);
      const { csrf, cookie } = await visitor([`pa_organiser=${encodeURIComponent(signed)}`]);
      expect((await h.app.inject({ method: 'GET', url: '/desk', headers: { cookie, accept: 'text/html' } })).statusCode).toBe(200);

      const out = await h.app.inject({
        method: 'POST',
        url: '/sign-out',
        headers: { cookie, 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' },
        payload: `_csrf=${encodeURIComponent(csrf)}`,
      });
      expect(out.statusCode).toBe(303);

      // The cookie someone kept (or copied) opens nothing any more, nor does the token behind it.
      const again = await h.app.inject({ method: 'GET', url: '/desk', headers: { cookie, accept: 'text/html' } });
      expect(again.statusCode).toBe(303);
      expect(again.headers.location).toMatch(/^\/sign-in/);
      expect((await h.app.inject({ method: 'GET', url: '/api/me', headers: { authorization: `Bearer ${token}` } })).statusCode).toBe(401);
    });

    it('refuses a look-alike address on the sign-in page, next to its field', async () => {
      const { csrf, cookie } = await visitor();
      const refused = await h.app.inject({
        method: 'POST',
        url: '/sign-in?lang=en',
        headers: { cookie, 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' },
        payload: `email=${encodeURIComponent('contact@pаypal.com')}&_csrf=${encodeURIComponent(csrf)}`,
      });
      expect(refused.statusCode).toBe(400);
      expect(refused.body).toContain('Enter a full email address');
    });

    it('gives a personal token asked without an expiry the default one', async () => {
      const { headers } = await userWithToken(h, 'viewer');
      const created = await h.app.inject({ method: 'POST', url: '/api/me/tokens', headers, payload: { name: 'Script' } });
      expect(created.statusCode).toBe(201);
      const expiresAt = new Date(created.json<{ expiresAt: string }>().expiresAt).getTime();
      expect(expiresAt).toBeGreaterThan(Date.now() + 89 * 24 * 3600 * 1000);
      expect(expiresAt).toBeLessThan(Date.now() + 91 * 24 * 3600 * 1000);
      const listed = (await h.app.inject({ method: 'GET', url: '/api/me/tokens', headers })).json<{ expiresAt: string | null }[]>();
      expect(listed.every((t) => t.expiresAt !== null)).toBe(true);
    });
  });
});
