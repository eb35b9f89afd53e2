import { AccessLink } from '../../src/auth/access-link.entity';
import { Message } from '../../src/outbox/message.entity';
import { createContact, createForum, createOrganisation, invite } from '../support/factories';
import { auth, Harness, startHarness, unique } from '../support/harness';

describe('Organisers send invited organisations their magic links', () => {
  let h: Harness;

  beforeAll(async () => {
    h = await startHarness({ worker: true });
  });

  afterAll(async () => {
    await h.close();
  });

  const call = (method: 'GET' | 'POST', url: string, payload?: Record<string, unknown>, headers: Record<string, string> = auth) =>
    h.app.inject({ method, url, headers, payload });

  async function edition() {
    const forum = await createForum(h, { title: { fr: '2e Forum franco-coréen', ko: '제2회 한불 지방정부 포럼' } });
    const seocho = await createOrganisation(h, { name: unique('Seocho-gu'), nameKo: '서초구', country: 'KR', kind: 'district' });
    const minji = await createContact(h, seocho.id, {
      firstName: '민지',
      lastName: '김',
      locale: 'ko',
      email: `${unique('minji')}@seocho.test`,
    });
    const caroline = await createContact(h, seocho.id, { locale: 'fr', email: `${unique('caroline')}@seocho.test` });
    const silent = await createOrganisation(h, { name: unique('Mapo-gu'), country: 'KR', kind: 'district' });
    const registered = await createOrganisation(h, { name: unique('Issy') });
    const registeredContact = await createContact(h, registered.id, { email: `${unique('issy')}@issy.test` });
    await invite(h, forum.id, [seocho.id, silent.id, registered.id]);
    expect((await call('POST', `/api/forums/${forum.id}/registrations`, { organisationId: registered.id })).statusCode).toBe(201);
    return { forum, seocho, minji, caroline, silent, registered, registeredContact };
  }

  it('emails every contact of those not registered a link of its own, in its language, through the outbox', async () => {
    const { forum, seocho, minji, caroline, silent, registeredContact } = await edition();

    const response = await call('POST', `/api/forums/${forum.id}/invitations/links`, { notRegistered: true });

    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ links: 2, organisations: 1, withoutContact: [silent.id] });
    const messages = await h.em.fork().find(Message, { forumId: forum.id, kind: 'access_link' });
    expect(messages.map((m) => [m.recipient, m.locale]).sort()).toEqual(
      [
        [caroline.email, 'fr'],
        [minji.email, 'ko'],
      ].sort(),
    );
    const mail = await h.smtp.waitFor((m) => m.envelopeTo.includes(minji.email as string));
    expect(mail.parsed.subject).toBe('접속 링크: 제2회 한불 지방정부 포럼');
    expect(mail.parsed.text).toContain('서초구의 참가');
    // The registered organisation's contact is left alone.
    expect(messages.some((m) => m.recipient === registeredContact.email)).toBe(false);
    expect(await h.em.fork().count(AccessLink, { forum: forum.id, organisation: seocho.id })).toBe(2);
  });

  it('records when a link is first opened, and keeps that instant however often it is used', async () => {
    const { forum, seocho, minji } = await edition();
    await call('POST', `/api/forums/${forum.id}/invitations/links`, { organisationIds: [seocho.id] });
    const message = await h.em.fork().findOneOrFail(Message, { forumId: forum.id, recipient: minji.email as string });
    const token = /token=(acc_[A-Za-z0-9_-]+)/.exec(String(message.data.link))?.[1] as string;
    const links = () => call('GET', `/api/access-links?forumId=${forum.id}&organisationId=${seocho.id}`);
    expect(
      (await links()).json<{ contactId: string; firstUsedAt: string | null }[]>().find((l) => l.contactId === minji.id)?.firstUsedAt,
    ).toBeNull();

    expect((await call('GET', '/api/me', undefined, { authorization: `Bearer ${token}` })).statusCode).toBe(200);
    const first = (await links())
      .json<{ contactId: string; firstUsedAt: string | null }[]>()
      .find((l) => l.contactId === minji.id)?.firstUsedAt;
    expect(first).toEqual(expect.any(String));
    await new Promise((resolve) => setTimeout(resolve, 20));
    await call('GET', '/api/me', undefined, { authorization: `Bearer ${token}` });
    expect(
      (await links()).json<{ contactId: string; firstUsedAt: string | null }[]>().find((l) => l.contactId === minji.id)?.firstUsedAt,
    ).toBe(first);
  });

  it('refuses to send for an organisation not invited (409 NOT_INVITED), or without saying for whom (400)', async () => {
    const { forum } = await edition();
    const stranger = await createOrganisation(h);
    const refused = await call('POST', `/api/forums/${forum.id}/invitations/links`, { organisationIds: [stranger.id] });
    expect(refused.statusCode).toBe(409);
    expect(refused.json()).toMatchObject({ code: 'NOT_INVITED', errors: [{ field: 'organisationIds' }] });
    const empty = await call('POST', `/api/forums/${forum.id}/invitations/links`, {});
    expect(empty.statusCode).toBe(400);
    expect(empty.json()).toMatchObject({ code: 'VALIDATION_FAILED', errors: [{ field: 'organisationIds' }] });
    expect((await call('POST', `/api/forums/${forum.id}/invitations/links`, { organisationIds: ['not-a-uuid'] })).statusCode).toBe(400);
    expect(await h.em.fork().count(Message, { forumId: forum.id, kind: 'access_link' })).toBe(0);
  });
});
