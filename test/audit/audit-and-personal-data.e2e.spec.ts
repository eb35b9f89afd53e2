import { AccessLink } from '../../src/auth/access-link.entity';
import { AuditEntry } from '../../src/audit/audit-entry.entity';
import { accessTokenFor, createContact, createForum, createOrganisation, invite, userWithToken } from '../support/factories';
import { auth, Harness, startHarness } from '../support/harness';

describe('Audit log and personal data', () => {
  let h: Harness;

  beforeAll(async () => {
    h = await startHarness();
  });

  afterAll(async () => {
    await h.close();
  });

  const audit = (query: string, headers = auth) => h.app.inject({ method: 'GET', url: `/api/audit?${query}`, headers });

  it('records who created, changed and deleted an organisation, and when', async () => {
    const { user, headers } = await userWithToken(h, 'organiser');
    const created = await h.app.inject({
      method: 'POST',
      url: '/api/organisations',
      headers,
      payload: { name: 'Suippes', country: 'FR', kind: 'commune', population: 4000 },
    });
    const id = created.json<{ id: string }>().id;
    await h.app.inject({ method: 'PATCH', url: `/api/organisations/${id}`, headers, payload: { population: 4100 } });
    await h.app.inject({ method: 'DELETE', url: `/api/organisations/${id}`, headers: auth });

    const entries = (await audit(`entityType=Organisation&entityId=${id}`)).json<{
      items: {
        action: string;
        actorLabel: string;
        actorId: string | null;
        changes: Record<string, unknown> | null;
        requestId: string | null;
      }[];
    }>().items;

    expect(entries.map((e) => e.action)).toEqual(['delete', 'update', 'create']);
    expect(entries[2]).toMatchObject({
      actorLabel: user.email,
      actorId: user.id,
      changes: expect.objectContaining({ name: 'Suippes', population: 4000 }),
    });
    expect(entries[1].changes).toEqual({ population: 4100 });
    expect(entries[0]).toMatchObject({ actorLabel: 'bootstrap admin (ADMIN_TOKEN)', actorId: null, changes: null });
    expect(entries[2].requestId).toBeTruthy();
  });

  it('records changes made through a magic link under the contact', async () => {
    const forum = await createForum(h);
    const organisation = await createOrganisation(h);
    const contact = await createContact(h, organisation.id);
    await invite(h, forum.id, [organisation.id]);
    const { headers } = await accessTokenFor(h, contact.id, forum.id);

    const blackout = await h.app.inject({
      method: 'POST',
      url: `/api/organisations/${organisation.id}/blackouts`,
      headers,
      payload: { startDate: '2024-09-20', endDate: '2024-09-21', reason: 'Foire' },
    });
    const entry = (await audit(`entityType=Blackout&entityId=${blackout.json<{ id: string }>().id}`)).json<{
      items: { actorKind: string; actorId: string }[];
    }>().items[0];

    expect(entry).toMatchObject({ actorKind: 'authority', actorId: contact.id });
  });

  it('never writes a token hash into the log', async () => {
    await userWithToken(h, 'viewer');
    const entries = await h.em.fork().find(AuditEntry, { entityType: 'ApiToken' });
    expect(entries.length).toBeGreaterThan(0);
    expect(JSON.stringify(entries)).not.toMatch(/tokenHash|[0-9a-f]{64}/);
  });

  it('is for admins only, and refuses an unknown entity type', async () => {
    const { headers } = await userWithToken(h, 'organiser');
    expect((await audit('', headers)).statusCode).toBe(403);
    const bad = await audit('entityType=Nothing');
    expect(bad.statusCode).toBe(400);
    expect(bad.json<{ errors: { field: string }[] }>().errors[0].field).toBe('entityType');
  });

  it('exports everything held on a contact, and erases the person while keeping the row and history', async () => {
    const forum = await createForum(h);
    const organisation = await createOrganisation(h);
    const contact = await createContact(h, organisation.id, {
      firstName: 'Louise',
      lastName: 'Coulon',
      email: 'louise.coulon@nantes.test',
      phone: '+33 2 40 00 00 00',
    });
    await invite(h, forum.id, [organisation.id]);
    const link = await accessTokenFor(h, contact.id, forum.id);
    const base = `/api/organisations/${organisation.id}/contacts/${contact.id}`;

    const exported = await h.app.inject({ method: 'GET', url: `${base}/export`, headers: auth });
    expect(exported.statusCode).toBe(200);
    expect(exported.json()).toMatchObject({
      contact: { firstName: 'Louise', lastName: 'Coulon', email: 'louise.coulon@nantes.test', phone: '+33 2 40 00 00 00' },
      organisation: { id: organisation.id },
      accessLinks: [expect.objectContaining({ forumId: forum.id, revokedAt: null })],
    });
    expect(exported.json<{ auditTrail: unknown[] }>().auditTrail.length).toBeGreaterThan(0);
    expect(exported.body).not.toContain(link.token);

    const erased = await h.app.inject({ method: 'POST', url: `${base}/erase`, headers: auth });
    expect(erased.statusCode).toBe(200);
    expect(erased.json()).toMatchObject({
      firstName: '[erased]',
      lastName: '[erased]',
      phone: null,
      function: null,
      email: `erased-${contact.id}@invalid`,
    });
    expect(erased.json<{ erasedAt: string | null }>().erasedAt).not.toBeNull();

    const contacts = (await h.app.inject({ method: 'GET', url: `/api/organisations/${organisation.id}/contacts`, headers: auth })).json<{
      total: number;
    }>();
    expect(contacts.total).toBe(1);
    expect((await h.app.inject({ method: 'GET', url: `/api/organisations/${organisation.id}`, headers: link.headers })).statusCode).toBe(
      401,
    );
    expect((await h.em.fork().findOneOrFail(AccessLink, { id: link.linkId })).revokedAt).not.toBeNull();
    const trail = await h.em.fork().find(AuditEntry, { entityId: contact.id });
    expect(JSON.stringify(trail)).not.toMatch(/Louise|Coulon|nantes\.test|\+33/);
  });

  it('closes an erased person’s personal feed: 404, as for a token never issued', async () => {
    const forum = await createForum(h, { status: 'published' });
    const organisation = await createOrganisation(h);
    const contact = await createContact(h, organisation.id, { firstName: 'Louise', lastName: 'Coulon' });
    await invite(h, forum.id, [organisation.id]);
    const call = (method: 'GET' | 'POST', url: string, payload?: Record<string, unknown>) =>
      h.app.inject({ method, url, headers: auth, payload });
    const registration = (await call('POST', `/api/forums/${forum.id}/registrations`, { organisationId: organisation.id })).json<{
      id: string;
    }>();
    const delegate = (
      await call('POST', `/api/forums/${forum.id}/registrations/${registration.id}/delegates`, {
        contactId: contact.id,
        role: 'elected_official',
      })
    ).json<{ id: string }>();
    const issued = await call('POST', `/api/forums/${forum.id}/registrations/${registration.id}/delegates/${delegate.id}/feed-token`);
    const feed = new URL(issued.json<{ https: string }>().https).pathname;
    expect((await h.app.inject({ method: 'GET', url: feed })).statusCode).toBe(200);

    expect((await call('POST', `/api/organisations/${organisation.id}/contacts/${contact.id}/erase`)).statusCode).toBe(200);

    const after = await h.app.inject({ method: 'GET', url: feed });
    expect(after.statusCode).toBe(404);
    expect(after.body).not.toContain('Coulon');
  });

  it('lets only admins export or erase', async () => {
    const organisation = await createOrganisation(h);
    const contact = await createContact(h, organisation.id);
    const { headers } = await userWithToken(h, 'organiser');
    const base = `/api/organisations/${organisation.id}/contacts/${contact.id}`;

    expect((await h.app.inject({ method: 'GET', url: `${base}/export`, headers })).statusCode).toBe(403);
    expect((await h.app.inject({ method: 'POST', url: `${base}/erase`, headers })).statusCode).toBe(403);
  });
});
