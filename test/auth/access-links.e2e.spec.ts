import { AccessLink } from '../../src/auth/access-link.entity';
import { accessTokenFor, createContact, createForum, createOrganisation, invite } from '../support/factories';
import { auth, Harness, startHarness, unique } from '../support/harness';

const DAY_MS = 24 * 3600 * 1000;

function accessTokenIn(text: string | undefined): string {
  const match = /token=(acc_[A-Za-z0-9_-]+)/.exec(text ?? '');
  if (!match) {
    throw new Error(`No magic link in: ${text}`);
  }
  return match[1];
}

describe('Magic links for authorities', () => {
  let h: Harness;

  beforeAll(async () => {
    // The tests stand behind a proxy on this machine, so each can speak from client addresses of its own.
    h = await startHarness({ worker: true, env: { TRUSTED_PROXIES: '127.0.0.1' } });
  });

  afterAll(async () => {
    await h.close();
  });

  async function invitedContact(options: { locale?: string; email?: string } = {}) {
    const forum = await createForum(h, { title: { fr: '2e Forum franco-coréen', ko: '제2회 한불 지방정부 포럼' } });
    const organisation = await createOrganisation(h);
    const contact = await createContact(h, organisation.id, {
      email: options.email ?? `${unique('c.millan')}@ville-issy.test`,
      locale: options.locale ?? 'fr',
    });
    await invite(h, forum.id, [organisation.id]);
    return { forum, organisation, contact };
  }

  // The link is written once the answer has gone (or before): wait for its row either way.
  async function waitForLink(contactId: string, after?: string): Promise<AccessLink> {
    for (let attempt = 0; attempt < 100; attempt += 1) {
      const links = await h.em.fork().find(AccessLink, { contact: contactId }, { orderBy: { createdAt: 'desc' } });
      if (links[0] && links[0].id !== after) {
        return links[0];
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error('No new access link was written');
  }

  const ask = (email: string, forumId: string, ip = '10.1.0.1') =>
    h.app.inject({ method: 'POST', url: '/api/access-links', headers: { 'x-forwarded-for': ip }, payload: { email, forumId } });

  it('emails a link, in the contact’s language, that opens its own organisation for that edition', async () => {
    const { forum, organisation, contact } = await invitedContact({ locale: 'ko' });

    const response = await ask((contact.email as string).toUpperCase(), forum.id);
    expect(response.statusCode).toBe(202);
    const mail = await h.smtp.waitFor((m) => m.envelopeTo.includes(contact.email as string));
    expect(mail.parsed.subject).toBe('접속 링크: 제2회 한불 지방정부 포럼');
    const headers = { authorization: `Bearer ${accessTokenIn(mail.parsed.text)}` };

    const me = (await h.app.inject({ method: 'GET', url: '/api/me', headers })).json();
    expect(me).toMatchObject({ kind: 'authority', organisationId: organisation.id, forumId: forum.id, contactId: contact.id });
    expect((await h.app.inject({ method: 'GET', url: `/api/organisations/${organisation.id}`, headers })).statusCode).toBe(200);
    const blackout = await h.app.inject({
      method: 'POST',
      url: `/api/organisations/${organisation.id}/blackouts`,
      headers,
      payload: { startDate: '2024-09-14', endDate: '2024-09-15', reason: 'Fête de la ville' },
    });
    expect(blackout.statusCode).toBe(201);
  });

  it('answers 202 and sends nothing for an unknown address, an organisation not invited, or an unknown edition', async () => {
    const { forum, contact } = await invitedContact();
    const notInvited = await createOrganisation(h);
    const outsider = await createContact(h, notInvited.id);

    const answers = [
      await ask(`${unique('nobody')}@x.test`, forum.id),
      await ask(outsider.email as string, forum.id),
      await ask(contact.email as string, '00000000-0000-4000-8000-000000000000'),
    ];

    expect(answers.map((a) => a.statusCode)).toEqual([202, 202, 202]);
    expect(answers[0].body).toBe(answers[1].body);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(
      h.smtp.received.some((m) => m.envelopeTo.includes(outsider.email as string) || m.envelopeTo.includes(contact.email as string)),
    ).toBe(false);
  });

  it('lasts 30 days, and at least until two weeks after the edition’s last deadline', async () => {
    const { forum, contact } = await invitedContact();
    const requested = Date.now();
    expect((await ask(contact.email as string, forum.id, '10.1.0.7')).statusCode).toBe(202);
    const first = await waitForLink(contact.id);
    expect(first.expiresAt.getTime() - requested).toBeGreaterThanOrEqual(30 * DAY_MS - 60_000);
    expect(first.expiresAt.getTime() - requested).toBeLessThan(31 * DAY_MS);

    const lastDue = new Date(requested + 90 * DAY_MS);
    for (const [kind, dueAt] of [
      ['interest', new Date(requested + 10 * DAY_MS)],
      ['visit_choice', lastDue],
    ] as const) {
      const created = await h.app.inject({
        method: 'POST',
        url: `/api/forums/${forum.id}/deadlines`,
        headers: auth,
        payload: { kind, title: { fr: kind }, dueAt: dueAt.toISOString(), timeZone: 'Europe/Paris' },
      });
      expect(created.statusCode).toBe(201);
    }
    expect((await ask(contact.email as string, forum.id, '10.1.0.7')).statusCode).toBe(202);
    const second = await waitForLink(contact.id, first.id);
    expect(second.expiresAt.getTime()).toBe(lastDue.getTime() + 14 * DAY_MS);
  });

  it('does not let organisation A read or change B', async () => {
    const a = await invitedContact();
    const b = await invitedContact();
    const { headers } = await accessTokenFor(h, a.contact.id, a.forum.id);

    const attempts = [
      h.app.inject({ method: 'GET', url: `/api/organisations/${b.organisation.id}`, headers }),
      h.app.inject({ method: 'GET', url: `/api/organisations/${b.organisation.id}/contacts`, headers }),
      h.app.inject({
        method: 'POST',
        url: `/api/organisations/${b.organisation.id}/blackouts`,
        headers,
        payload: { startDate: '2024-09-01', endDate: '2024-09-02', reason: 'x' },
      }),
      h.app.inject({
        method: 'PATCH',
        url: `/api/organisations/${b.organisation.id}/contacts/${b.contact.id}`,
        headers,
        payload: { firstName: 'Mallory' },
      }),
    ];
    for (const response of await Promise.all(attempts)) {
      expect(response.statusCode).toBe(403);
      expect(response.json().code).toBe('FORBIDDEN');
    }
  });

  it('does not open organiser routes', async () => {
    const { forum, organisation, contact } = await invitedContact();
    const { headers } = await accessTokenFor(h, contact.id, forum.id);

    for (const [method, url] of [
      ['GET', '/api/organisations'],
      ['PATCH', `/api/organisations/${organisation.id}`],
      ['POST', `/api/forums/${forum.id}/invitations`],
      ['GET', '/api/audit'],
    ] as const) {
      expect((await h.app.inject({ method, url, headers, payload: {} })).statusCode).toBe(403);
    }
  });

  it('stops working at once when revoked, and after it expires', async () => {
    const { forum, organisation, contact } = await invitedContact();
    const revoked = await accessTokenFor(h, contact.id, forum.id);
    const expired = await accessTokenFor(h, contact.id, forum.id, new Date(Date.now() - 1000));
    const url = `/api/organisations/${organisation.id}`;
    expect((await h.app.inject({ method: 'GET', url, headers: revoked.headers })).statusCode).toBe(200);

    const revoke = await h.app.inject({ method: 'DELETE', url: `/api/access-links/${revoked.linkId}`, headers: auth });
    expect(revoke.statusCode).toBe(200);
    expect(revoke.json().revokedAt).not.toBeNull();

    expect((await h.app.inject({ method: 'GET', url, headers: revoked.headers })).statusCode).toBe(401);
    expect((await h.app.inject({ method: 'GET', url, headers: expired.headers })).statusCode).toBe(401);
  });

  it('ends, with a revoked link, the links of the contacts it added, and lists where each contact came from', async () => {
    const { forum, organisation, contact } = await invitedContact();
    const stolen = await accessTokenFor(h, contact.id, forum.id);
    // Whoever holds the link adds an address of their own, as a contact and as a delegate, and asks links for them.
    const added = await h.app.inject({
      method: 'POST',
      url: `/api/organisations/${organisation.id}/contacts`,
      headers: stolen.headers,
      payload: { firstName: 'Mallory', lastName: 'Intruse', email: `${unique('mallory')}@intrus.test` },
    });
    expect(added.statusCode).toBe(201);
    const registration = await h.app.inject({
      method: 'POST',
      url: `/api/forums/${forum.id}/registrations`,
      headers: stolen.headers,
      payload: { organisationId: organisation.id },
    });
    const delegate = await h.app.inject({
      method: 'POST',
      url: `/api/forums/${forum.id}/registrations/${registration.json<{ id: string }>().id}/delegates`,
      headers: stolen.headers,
      payload: { role: 'staff', contact: { firstName: 'Trudy', lastName: 'Intruse', email: `${unique('trudy')}@intrus.test` } },
    });
    expect(delegate.statusCode).toBe(201);
    const heirs = [];
    for (const email of [added.json<{ email: string }>().email, delegate.json<{ contact: { email: string } }>().contact.email]) {
      expect((await ask(email, forum.id, `10.1.7.${heirs.length}`)).statusCode).toBe(202);
      const mail = await h.smtp.waitFor((m) => m.envelopeTo.includes(email) && /token=acc_/.test(m.parsed.text ?? ''));
      heirs.push({ authorization: `Bearer ${accessTokenIn(mail.parsed.text)}` });
    }
    for (const headers of heirs) {
      expect((await h.app.inject({ method: 'GET', url: '/api/me', headers })).statusCode).toBe(200);
    }
    const listed = (await h.app.inject({ method: 'GET', url: `/api/access-links?forumId=${forum.id}`, headers: auth })).json<
      { id: string; contactId: string; contactAddedByLinkId: string | null }[]
    >();
    expect(listed.filter((l) => l.contactAddedByLinkId === stolen.linkId)).toHaveLength(2);

    const revoked = await h.app.inject({ method: 'DELETE', url: `/api/access-links/${stolen.linkId}`, headers: auth });
    expect(revoked.statusCode).toBe(200);

    for (const headers of [stolen.headers, ...heirs]) {
      expect((await h.app.inject({ method: 'GET', url: '/api/me', headers })).statusCode).toBe(401);
    }
    const after = (await h.app.inject({ method: 'GET', url: `/api/access-links?forumId=${forum.id}`, headers: auth })).json<
      { revokedAt: string | null }[]
    >();
    expect(after.every((l) => l.revokedAt !== null)).toBe(true);
  });

  it('lists issued links for organisers without their secrets', async () => {
    const { forum, contact } = await invitedContact();
    const { token } = await accessTokenFor(h, contact.id, forum.id);

    const list = await h.app.inject({ method: 'GET', url: `/api/access-links?forumId=${forum.id}`, headers: auth });
    expect(list.json()).toHaveLength(1);
    expect(list.body).not.toContain(token);
    expect(list.body).not.toContain((await h.em.fork().findOneOrFail(AccessLink, { forum: forum.id })).tokenHash);
  });

  it('limits magic-link requests per email', async () => {
    const { forum, contact } = await invitedContact();
    const codes = [];
    for (let i = 0; i < 6; i += 1) {
      codes.push((await ask(contact.email as string, forum.id, `10.1.9.${i}`)).statusCode);
    }
    expect(codes).toEqual([202, 202, 202, 202, 202, 429]);
  });

  it('refuses a malformed request with 400 naming the field', async () => {
    const response = await h.app.inject({
      method: 'POST',
      url: '/api/access-links',
      headers: { 'x-forwarded-for': '10.1.8.1' },
      payload: { email: 'not-an-email', forumId: 'x' },
    });
    expect(response.statusCode).toBe(400);
    expect(
      response
        .json()
        .errors.map((e: { field: string }) => e.field)
        .sort(),
    ).toEqual(['email', 'forumId']);
  });
});
