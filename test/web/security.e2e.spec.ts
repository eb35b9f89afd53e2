import { Workbook } from 'exceljs';
import { createContact, createForum, createOrganisation, invite, userWithToken } from '../support/factories';
import { auth, type Harness, startHarness, unique } from '../support/harness';

/** Bits of randomness that a set of base64url secrets shows: their decoded bits must look fair. */
function decodedBits(secrets: string[]): { bytes: number[]; ones: number; bits: number } {
  const bytes = secrets.flatMap((s) => [...Buffer.from(s, 'base64url')]);
  const ones = bytes.reduce((n, b) => n + b.toString(2).replace(/0/g, '').length, 0);
  return { bytes, ones, bits: bytes.length * 8 };
}

function secretPart(token: string, prefix: string): string {
  expect(token.startsWith(`${prefix}_`)).toBe(true);
  return token.slice(prefix.length + 1);
}

describe('Security', () => {
  let h: Harness;
  const call = (
    method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
    url: string,
    payload?: unknown,
    headers: Record<string, string> = auth,
  ) => h.app.inject({ method, url, headers, payload: payload as Record<string, unknown> });

  beforeAll(async () => {
    h = await startHarness({ worker: true });
  });

  afterAll(async () => {
    await h?.close();
  });

  describe('secrets in links and feeds', () => {
    it('makes personal tokens of 256 random bits, all different, that a wrong guess never opens', async () => {
      const user = await userWithToken(h, 'viewer');
      const tokens: string[] = [];
      for (let i = 0; i < 40; i += 1) {
        const response = await call('POST', '/api/me/tokens', { name: `t${i}` }, user.headers);
        expect(response.statusCode).toBe(201);
        tokens.push(response.json<{ token: string }>().token);
      }
      const secrets = tokens.map((t) => secretPart(t, 'pat'));
      expect(new Set(secrets).size).toBe(secrets.length);
      expect(secrets.every((s) => /^[A-Za-z0-9_-]{43}$/.test(s) && Buffer.from(s, 'base64url').length === 32)).toBe(true);
      const { ones, bits } = decodedBits(secrets);
      // 10,240 fair bits: half ones, give or take six standard deviations (0.5%).
      expect(Math.abs(ones / bits - 0.5)).toBeLessThan(0.03);
      // One character off is another token.
      const last = tokens[0];
      const flipped = `${last.slice(0, -1)}${last.endsWith('A') ? 'B' : 'A'}`;
      expect((await call('GET', '/api/me', undefined, { authorization: `Bearer ${flipped}` })).statusCode).toBe(401);
      expect((await call('GET', '/api/me', undefined, { authorization: `Bearer ${last}` })).statusCode).toBe(200);
    });

    it('emails magic links of 256 random bits that open only their own kind of door, until revoked', async () => {
      const forum = await createForum(h);
      const organisation = await createOrganisation(h);
      const contact = await createContact(h, organisation.id, { email: `${unique('maire')}@ville.test` });
      await invite(h, forum.id, [organisation.id]);
      expect((await call('POST', '/api/access-links', { email: contact.email, forumId: forum.id }, {})).statusCode).toBe(202);
      const mail = await h.smtp.waitFor((m) => m.envelopeTo.includes(String(contact.email)));
      const token = /acc_[A-Za-z0-9_-]+/.exec(mail.parsed.text ?? '')?.[0] ?? '';
      expect(secretPart(token, 'acc')).toMatch(/^[A-Za-z0-9_-]{43}$/);
      const bearer = { authorization: `Bearer ${token}` };

      expect((await call('GET', '/api/me', undefined, bearer)).statusCode).toBe(200);
      // Single-purpose: not a feed, not a sign-in link, not an unsubscribe token, not an organiser's key.
      expect((await call('GET', `/calendar/delegates/${token}.ics`, undefined, {})).statusCode).toBe(404);
      expect((await call('POST', '/api/auth/sessions', { token }, {})).statusCode).toBeGreaterThanOrEqual(400);
      expect((await call('POST', `/api/unsubscribe?token=${token}`, undefined, {})).statusCode).toBe(400);
      expect((await call('GET', '/api/organisations', undefined, bearer)).statusCode).toBe(403);

      const links = (await call('GET', `/api/access-links?forumId=${forum.id}`)).json<{ items?: { id: string }[] } | { id: string }[]>();
      const items = Array.isArray(links) ? links : (links.items ?? []);
      expect(items.length).toBeGreaterThan(0);
      for (const link of items) {
        expect((await call('DELETE', `/api/access-links/${link.id}`)).statusCode).toBeLessThan(300);
      }
      expect((await call('GET', '/api/me', undefined, bearer)).statusCode).toBe(401);
    });

    it('gives each delegate a feed token of 256 bits, useless as a key, renewed and revoked at once', async () => {
      const forum = await createForum(h, { status: 'published' });
      const organisation = await createOrganisation(h);
      const contact = await createContact(h, organisation.id);
      await invite(h, forum.id, [organisation.id]);
      const registration = (await call('POST', `/api/forums/${forum.id}/registrations`, { organisationId: organisation.id })).json<{
        id: string;
      }>();
      const delegate = (
        await call('POST', `/api/forums/${forum.id}/registrations/${registration.id}/delegates`, {
          contactId: contact.id,
          role: 'elected_official',
        })
      ).json<{ id: string }>();
      const feedTokenUrl = `/api/forums/${forum.id}/registrations/${registration.id}/delegates/${delegate.id}/feed-token`;
      const issue = async () => /cal_[A-Za-z0-9_-]+/.exec((await call('POST', feedTokenUrl)).body)?.[0] ?? '';
      const tokens = [await issue(), await issue(), await issue()];
      expect(new Set(tokens).size).toBe(3);
      for (const token of tokens) {
        expect(secretPart(token, 'cal')).toMatch(/^[A-Za-z0-9_-]{43}$/);
      }
      const feed = (token: string) => call('GET', `/calendar/delegates/${token}.ics`, undefined, {});
      // Renewing revokes the previous one at once.
      expect((await feed(tokens[0])).statusCode).toBe(404);
      expect((await feed(tokens[2])).statusCode).toBe(200);
      expect((await call('GET', '/api/me', undefined, { authorization: `Bearer ${tokens[2]}` })).statusCode).toBe(401);
      expect((await call('DELETE', feedTokenUrl)).statusCode).toBeLessThan(300);
      expect((await feed(tokens[2])).statusCode).toBe(404);
    });
  });

  describe('exports', () => {
    it('neutralises spreadsheet formulas in CSV and XLSX cells', async () => {
      const forum = await createForum(h);
      const organisation = await createOrganisation(h, { name: '=HYPERLINK("http://evil.test","x")' });
      const dangerous = { firstName: '+SUM(A1:A9)', lastName: '-2+3', function: '@cmd|"/c calc"!A1' };
      const contact = await createContact(h, organisation.id, dangerous);
      await invite(h, forum.id, [organisation.id]);
      const registration = (await call('POST', `/api/forums/${forum.id}/registrations`, { organisationId: organisation.id })).json<{
        id: string;
      }>();
      expect(
        (
          await call('POST', `/api/forums/${forum.id}/registrations/${registration.id}/delegates`, {
            contactId: contact.id,
            role: 'elected_official',
          })
        ).statusCode,
      ).toBe(201);

      const csv = (await call('GET', `/api/forums/${forum.id}/participants.csv`)).body;
      const cells = csv
        .split(/\r?\n/)
        .flatMap((line) => line.split(/[;,](?=(?:[^"]*"[^"]*")*[^"]*$)/))
        .map((c) => c.replace(/^"|"$/g, '').replace(/""/g, '"'));
      for (const value of [organisation.name as string, ...Object.values(dangerous)]) {
        expect(cells).toContain(`'${value}`);
        expect(cells).not.toContain(value);
      }

      const xlsx = await call('GET', `/api/forums/${forum.id}/participants.csv?format=xlsx`);
      expect(xlsx.statusCode).toBe(200);
      const workbook = new Workbook();
      await workbook.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
      const values: unknown[] = [];
      workbook.eachSheet((sheet) => sheet.eachRow((row) => row.eachCell((cell) => values.push(cell.value))));
      expect(values.filter((v) => typeof v === 'object' && v !== null && 'formula' in v)).toEqual([]);
      for (const value of [organisation.name as string, ...Object.values(dangerous)]) {
        expect(values).toContain(`'${value}`);
      }
    });
  });

  describe('emails', () => {
    const newForum = (title: Record<string, string>) =>
      call('POST', '/api/forums', { slug: unique('forum'), editionNumber: 3, title, hostCountry: 'KR', timeZone: 'Asia/Seoul' });

    it('escapes HTML from a title in the body of the email', async () => {
      const tag = unique('html');
      expect((await newForum({ fr: `<img src=x onerror=alert(1)> ${tag}` })).statusCode).toBe(201);
      const mail = await h.smtp.waitFor((m) => (m.parsed.subject ?? '').includes(tag));
      expect(mail.parsed.html).not.toContain('<img src=x');
      expect(mail.parsed.html).toContain('&lt;img src&#x3D;x onerror&#x3D;alert(1)&gt;');
    });

    it('keeps CR/LF in a title out of the headers of the email that carries it', async () => {
      const tag = unique('crlf');
      const response = await newForum({ fr: `Forum ${tag}\r\nBcc: victim@evil.test\r\n\r\nbody`, ko: '포럼\nX-Injected: yes' });
      if (response.statusCode === 400) {
        // Refusing the title outright is as safe as sending it harmlessly; it must say which field.
        expect(JSON.stringify(response.json())).toContain('title');
        return;
      }
      expect(response.statusCode).toBe(201);
      const mail = await h.smtp.waitFor((m) => (m.parsed.subject ?? '').includes(tag));
      expect(mail.envelopeTo).toEqual(['organisers@passerelle.test']);
      expect(mail.raw.split(/\r?\n\r?\n/)[0]).not.toMatch(/^(Bcc|X-Injected):/im);
      expect(mail.parsed.bcc).toBeUndefined();
    });

    it('keeps CR/LF in a contact name out of the headers of the email it receives', async () => {
      const forum = await createForum(h);
      const organisation = await createOrganisation(h);
      const response = await call('POST', `/api/organisations/${organisation.id}/contacts`, {
        firstName: 'Jean\r\nBcc: victim@evil.test',
        lastName: 'Dupont\nX-Injected: yes',
        email: `${unique('c')}@ville.test`,
      });
      if (response.statusCode === 400) {
        expect(response.json<{ errors: { field: string }[] }>().errors.map((e) => e.field)).toEqual(
          expect.arrayContaining([expect.stringMatching(/Name$/)]),
        );
        return;
      }
      const contact = response.json<{ id: string; email: string }>();
      await invite(h, forum.id, [organisation.id]);
      expect((await call('POST', '/api/access-links', { email: contact.email, forumId: forum.id }, {})).statusCode).toBe(202);
      const mail = await h.smtp.waitFor((m) => m.envelopeTo.includes(contact.email));
      expect(mail.envelopeTo).toEqual([contact.email]);
      expect(mail.raw.split(/\r?\n\r?\n/)[0]).not.toMatch(/^(Bcc|X-Injected):/im);
    });
  });

  describe('email addresses', () => {
    const lookAlikes = ['"a b"@x.fr', 'contact@pаypal.com', 'con\u200btact@ville.fr', 'contact@xn--pypal-4ve.com', 'contact@ｖｉｌｌｅ.fr'];

    it.each(lookAlikes)('refuses %p with 400 naming the field, wherever an address is taken', async (address) => {
      const forum = await createForum(h);
      const organisation = await createOrganisation(h);
      await invite(h, forum.id, [organisation.id]);
      const registration = (await call('POST', `/api/forums/${forum.id}/registrations`, { organisationId: organisation.id })).json<{
        id: string;
      }>();
      const contact = await createContact(h, organisation.id);
      const attempts: [string, Promise<{ statusCode: number; json: <T>() => T }>][] = [
        [
          'email',
          call('POST', `/api/organisations/${organisation.id}/contacts`, { firstName: 'Caroline', lastName: 'Millan', email: address }),
        ],
        ['email', call('PATCH', `/api/organisations/${organisation.id}/contacts/${contact.id}`, { email: address })],
        [
          'contact.email',
          call('POST', `/api/forums/${forum.id}/registrations/${registration.id}/delegates`, {
            role: 'staff',
            contact: { firstName: 'Samira', lastName: 'Seddiki', email: address },
          }),
        ],
        ['email', call('POST', '/api/users', { email: address, name: 'Inssafe', role: 'viewer' })],
        ['email', call('POST', '/api/auth/sign-in-links', { email: address }, {})],
        ['email', call('POST', '/api/access-links', { email: address, forumId: forum.id }, {})],
        ['recipient', call('GET', `/api/forums/${forum.id}/messages?recipient=${encodeURIComponent(address)}`)],
      ];
      for (const [field, attempt] of attempts) {
        const response = await attempt;
        expect({ field, status: response.statusCode }).toEqual({ field, status: 400 });
        expect(response.json<{ code: string; errors: { field: string }[] }>()).toMatchObject({
          code: 'VALIDATION_FAILED',
          errors: [{ field }],
        });
      }
    });
  });

  describe('pages', () => {
    it('sets the security headers on the public page of an edition', async () => {
      const forum = await createForum(h, { status: 'published' });
      const page = await call('GET', `/forums/${forum.slug}`, undefined, { accept: 'text/html' });
      expect(page.statusCode).toBe(200);
      expect(page.headers['content-type']).toMatch(/^text\/html/);
      const csp = String(page.headers['content-security-policy'] ?? '');
      expect(csp).toMatch(/default-src 'self'|default-src 'none'/);
      expect(csp).toMatch(/frame-ancestors 'none'|frame-ancestors 'self'/);
      expect(csp).not.toMatch(/script-src[^;]*'unsafe-inline'/);
      expect(page.headers['x-content-type-options']).toBe('nosniff');
      expect(page.headers['referrer-policy']).toBeDefined();
      expect(String(page.headers['x-frame-options'] ?? 'DENY')).toMatch(/DENY|SAMEORIGIN/);
    });
  });
});
