import { DigestService } from '../../src/maintenance/digest.service';
import { createContact, createForum, createOrganisation, invite } from '../support/factories';
import { auth, Harness, startHarness, unique } from '../support/harness';

describe('Messages to members: registrations, waiting lists, dates', () => {
  let h: Harness;

  beforeAll(async () => {
    h = await startHarness({ worker: true });
  });

  afterAll(async () => {
    await h.close();
  });

  const call = (method: 'POST' | 'PUT' | 'PATCH', url: string, payload?: Record<string, unknown>) =>
    h.app.inject({ method, url, headers: auth, payload });
  const subjectsTo = (email: string) => h.smtp.received.filter((m) => m.envelopeTo.includes(email)).map((m) => m.parsed.subject);

  it('acknowledges a registration, then its confirmation, in each contact’s language', async () => {
    const forum = await createForum(h, { title: { fr: '2e Forum franco-coréen', ko: '제2회 한불 지방정부 포럼' } });
    const organisation = await createOrganisation(h);
    const french = await createContact(h, organisation.id, { email: `${unique('fr')}@ville.test` });
    const korean = await createContact(h, organisation.id, { email: `${unique('ko')}@ville.test`, locale: 'ko' });
    await invite(h, forum.id, [organisation.id]);

    const registration = (await call('POST', `/api/forums/${forum.id}/registrations`, { organisationId: organisation.id })).json<{
      id: string;
    }>();
    await h.smtp.waitFor((m) => m.envelopeTo.includes(korean.email as string));
    await call('PATCH', `/api/forums/${forum.id}/registrations/${registration.id}`, { status: 'confirmed' });
    await h.smtp.waitFor(() => subjectsTo(french.email as string).length === 2);

    // The worker sends several at once: compare without order.
    expect(subjectsTo(french.email as string).sort()).toEqual([
      'Intérêt enregistré : 2e Forum franco-coréen',
      'Participation confirmée : 2e Forum franco-coréen',
    ]);
    expect(subjectsTo(korean.email as string)[0]).toBe('참가 의향 접수: 제2회 한불 지방정부 포럼');
  });

  it('tells a delegate they are on the waiting list, with their place', async () => {
    const forum = await createForum(h, { timeZone: 'Asia/Seoul', startDate: '2024-09-24', endDate: '2024-09-26', status: 'published' });
    const base = `/api/forums/${forum.id}`;
    const organisation = await createOrganisation(h);
    await invite(h, forum.id, [organisation.id]);
    const registration = (await call('POST', `${base}/registrations`, { organisationId: organisation.id })).json<{ id: string }>();
    const session = (
      await call('POST', `${base}/sessions`, {
        kind: 'field_visit',
        title: { fr: 'Visite du centre de supervision urbain' },
        startsAt: '2024-09-25T10:00:00+09:00',
        endsAt: '2024-09-25T12:00:00+09:00',
        capacity: 1,
        venueName: unique('CSU'),
        status: 'published',
        hosts: [{ organisationId: organisation.id, role: 'host' }],
      })
    ).json<{ id: string }>();
    const emails: string[] = [];
    for (let i = 0; i < 2; i += 1) {
      const email = `${unique('d')}@ville.test`;
      emails.push(email);
      const delegate = (
        await call('POST', `${base}/registrations/${registration.id}/delegates`, {
          role: 'staff',
          contact: { firstName: 'Eric', lastName: unique('Legale'), email },
        })
      ).json<{ id: string }>();
      await call('PUT', `${base}/registrations/${registration.id}/delegates/${delegate.id}/enrolments/${session.id}`);
    }

    const notice = await h.smtp.waitFor((m) => m.envelopeTo.includes(emails[1]));
    expect(notice.parsed.subject).toBe("Liste d'attente (1) : Visite du centre de supervision urbain");
    expect(notice.parsed.text).toContain('2024-09-25 03:00 heure de Paris · 2024-09-25 10:00 heure de Séoul');
  });

  it('tells every registered contact when the dates are fixed, and again when they change', async () => {
    const forum = await createForum(h, { startDate: null, endDate: null });
    const base = `/api/forums/${forum.id}`;
    const [registered, notRegistered] = [await createOrganisation(h), await createOrganisation(h)];
    const member = await createContact(h, registered.id, { email: `${unique('member')}@ville.test` });
    const outsider = await createContact(h, notRegistered.id, { email: `${unique('outsider')}@ville.test` });
    await invite(h, forum.id, [registered.id, notRegistered.id]);
    await call('POST', `${base}/registrations`, { organisationId: registered.id });
    const first = (await call('POST', `${base}/date-options`, { startDate: '2024-09-24', endDate: '2024-09-26' })).json<{ id: string }>();
    const second = (await call('POST', `${base}/date-options`, { startDate: '2024-09-29', endDate: '2024-10-01' })).json<{ id: string }>();

    await call('POST', `${base}/date-options/${first.id}/choose`);
    await call('POST', `${base}/date-options/${second.id}/choose`);
    await h.smtp.waitFor(() => subjectsTo(member.email as string).length === 3);

    const mails = h.smtp.received.filter((m) => m.envelopeTo.includes(member.email as string));
    const fixed = mails.filter((m) => m.parsed.subject?.startsWith('Dates fixées'));
    const changed = mails.filter((m) => m.parsed.subject?.startsWith('Dates modifiées'));
    expect(fixed).toHaveLength(1);
    expect(fixed[0].parsed.subject).toMatch(/24.26 septembre 2024$/);
    expect(changed).toHaveLength(1);
    expect(changed[0].parsed.text?.replace(/\s/g, ' ')).toContain('ces dates remplacent les précédentes (24–26 septembre 2024)');
    expect(subjectsTo(outsider.email as string)).toEqual([]);
  });
});

describe('The weekly shared agenda', () => {
  let h: Harness;

  beforeAll(async () => {
    h = await startHarness({ worker: true });
  });

  afterAll(async () => {
    await h.close();
  });

  it('sends each contact who asked for it the coming deadlines not met and the coming sessions, once a week', async () => {
    const call = (method: 'POST' | 'PATCH', url: string, payload?: Record<string, unknown>) =>
      h.app.inject({ method, url, headers: auth, payload });
    const soon = (days: number) => new Date(Date.now() + days * 24 * 3600_000);
    const day = (days: number) => soon(days).toISOString().slice(0, 10);
    const forum = await createForum(h, { status: 'published', startDate: day(1), endDate: day(20), timeZone: 'Europe/Paris' });
    const organisation = await createOrganisation(h);
    const reader = await createContact(h, organisation.id, { email: `${unique('reader')}@ville.test`, wantsDigest: true });
    const quiet = await createContact(h, organisation.id, { email: `${unique('quiet')}@ville.test` });
    await invite(h, forum.id, [organisation.id]);
    await call('POST', `/api/forums/${forum.id}/registrations`, { organisationId: organisation.id });
    await call('POST', `/api/forums/${forum.id}/deadlines`, {
      kind: 'delegation',
      title: { fr: 'Envoyer la délégation' },
      dueAt: soon(10).toISOString(),
      timeZone: 'Europe/Paris',
    });
    await call('POST', `/api/forums/${forum.id}/deadlines`, {
      kind: 'interest',
      title: { fr: 'Déjà fait' },
      dueAt: soon(10).toISOString(),
      timeZone: 'Europe/Paris',
    });
    await call('POST', `/api/forums/${forum.id}/sessions`, {
      kind: 'plenary',
      title: { fr: 'Séance plénière' },
      startsAt: soon(5).toISOString(),
      endsAt: soon(5.1).toISOString(),
      onlineUrl: 'https://visio.example.org/p',
      status: 'published',
    });

    const digest = (h.worker as NonNullable<Harness['worker']>).get(DigestService);
    expect(await digest.send()).toBe(1);
    expect(await digest.send()).toBe(1);

    const mail = await h.smtp.waitFor(
      (m) => m.envelopeTo.includes(reader.email as string) && m.parsed.subject?.startsWith('Agenda partagé') === true,
    );
    expect(mail.parsed.text).toContain('Envoyer la délégation');
    expect(mail.parsed.text).not.toContain('Déjà fait');
    expect(mail.parsed.text).toContain('Séance plénière');
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(h.smtp.received.filter((m) => m.parsed.subject?.startsWith('Agenda partagé'))).toHaveLength(1);
    expect(
      h.smtp.received.some((m) => m.envelopeTo.includes(quiet.email as string) && m.parsed.subject?.startsWith('Agenda partagé')),
    ).toBe(false);
  });
});
