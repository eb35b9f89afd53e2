import { Deadline, DEADLINE_KINDS, type DeadlineKind } from '../../src/deadlines/deadline.entity';
import { PendingService } from '../../src/deadlines/pending.service';
import { reminderRecipients } from '../../src/deadlines/reminder-recipients';
import { Contact } from '../../src/organisations/contact.entity';
import { createContact, createForum, createOrganisation, invite } from '../support/factories';
import { auth, Harness, startHarness, unique } from '../support/harness';

/** One line per contact reminded: who, of which organisation, for what. */
type Line = string;

describe('Who a reminder goes to', () => {
  let h: Harness;
  let forumId: string;
  const contacts: Record<string, string> = {};

  const call = (method: 'POST' | 'PUT' | 'PATCH', url: string, payload?: Record<string, unknown>) =>
    h.app.inject({ method, url, headers: auth, payload });

  beforeAll(async () => {
    h = await startHarness();
    const forum = await createForum(h, { status: 'published', timeZone: 'Asia/Seoul', startDate: '2024-09-24', endDate: '2024-09-26' });
    forumId = forum.id;
    const base = `/api/forums/${forumId}`;
    const org = async (key: string) => {
      const organisation = await createOrganisation(h, { name: unique(key) });
      contacts[key] = (await createContact(h, organisation.id, { email: `${unique(key)}@ville.test`, lastName: 'Zola' })).id;
      contacts[`${key}-2`] = (
        await createContact(h, organisation.id, { email: `${unique(key)}@ville.test`, lastName: 'Alain', locale: 'ko' })
      ).id;
      return organisation.id;
    };
    // Not registered; one contact unsubscribed from reminders, one erased.
    const silent = await org('silent');
    const unsubscribed = (await createContact(h, silent, { email: `${unique('unsub')}@ville.test` })).id;
    await h.em.fork().nativeUpdate(Contact, { id: unsubscribed }, { unsubscribedFrom: ['deadline_reminder'] });
    const erased = (await createContact(h, silent, { email: `${unique('erased')}@ville.test` })).id;
    expect((await call('POST', `/api/organisations/${silent}/contacts/${erased}/erase`)).statusCode).toBe(200);
    // Interested, no delegate.
    const interested = await org('interested');
    // Confirmed, a delegate without a field visit, a host offer.
    const hosting = await org('hosting');
    // Confirmed, a delegate on a field visit, no host offer.
    const visiting = await org('visiting');
    // Excused.
    const excused = await org('excused');
    // Archived after being invited.
    const archived = await org('archived');
    // Never invited.
    await org('outsider');
    await invite(h, forumId, [silent, interested, hosting, visiting, excused, archived]);
    expect((await call('POST', `/api/organisations/${archived}/archive`)).statusCode).toBeLessThan(300);

    const register = async (organisationId: string, status?: string) => {
      const registration = (await call('POST', `${base}/registrations`, { organisationId })).json<{ id: string }>();
      if (status) {
        expect((await call('PATCH', `${base}/registrations/${registration.id}`, { status })).statusCode).toBe(200);
      }
      return registration.id;
    };
    await register(interested);
    const hostingRegistration = await register(hosting, 'confirmed');
    const visitingRegistration = await register(visiting, 'confirmed');
    await register(excused, 'excused');
    const delegate = async (registrationId: string) =>
      (
        await call('POST', `${base}/registrations/${registrationId}/delegates`, {
          role: 'staff',
          contact: { firstName: 'Eric', lastName: unique('Delegue'), email: `${unique('d')}@ville.test` },
        })
      ).json<{ id: string }>().id;
    await delegate(hostingRegistration);
    expect(
      (await call('PUT', `${base}/registrations/${hostingRegistration}/host-offer`, { visitors: 12, description: 'Les éco-quartiers' }))
        .statusCode,
    ).toBeLessThan(300);
    const visitor = await delegate(visitingRegistration);
    const visit = (
      await call('POST', `${base}/sessions`, {
        kind: 'field_visit',
        title: { fr: 'Visite du centre de tri' },
        startsAt: '2024-09-25T10:00:00+09:00',
        endsAt: '2024-09-25T12:00:00+09:00',
        capacity: 10,
        venueName: unique('Centre'),
        status: 'published',
        hosts: [{ organisationId: hosting, role: 'host' }],
      })
    ).json<{ id: string }>();
    expect(
      (await call('PUT', `${base}/registrations/${visitingRegistration}/delegates/${visitor}/enrolments/${visit.id}`)).statusCode,
    ).toBeLessThan(300);
  });

  afterAll(async () => {
    await h.close();
  });

  async function deadlineOf(kind: DeadlineKind): Promise<Deadline> {
    const created = await call('POST', `/api/forums/${forumId}/deadlines`, {
      kind,
      title: { fr: `Échéance ${kind}` },
      dueAt: new Date(Date.now() + 30 * 24 * 3600_000).toISOString(),
      timeZone: 'Europe/Paris',
    });
    expect(created.statusCode).toBe(201);
    return h.em.fork().findOneOrFail(Deadline, { id: created.json<{ id: string }>().id }, { populate: ['forum'] });
  }

  const named = (id: string) => Object.entries(contacts).find(([, contactId]) => contactId === id)?.[0] ?? id;

  it.each(DEADLINE_KINDS.map((kind) => [kind]))(
    'for a %s deadline, are the contacts of the pending list, less those who unsubscribed',
    async (kind) => {
      const deadline = await deadlineOf(kind);
      const em = h.em.fork();
      const unsubscribed = new Set((await em.find(Contact, { unsubscribedFrom: { $contains: ['deadline_reminder'] } })).map((c) => c.id));

      const pending: Line[] = (await h.app.get(PendingService).forDeadline(deadline, em))
        .flatMap((row) =>
          row.contacts
            .filter((c) => !unsubscribed.has(c.contactId))
            .map((c) => `${named(c.contactId)} ${c.email} ${c.locale} ${row.organisation}: ${row.missing}`),
        )
        .sort();
      const reminded: Line[] = (await reminderRecipients(em, deadline, 'deadline_reminder'))
        .map((r) => `${named(r.contactId)} ${r.email} ${r.locale} ${r.organisation}: ${r.missing}`)
        .sort();

      expect(reminded).toEqual(pending);
      // Each kind reaches someone, so the comparison is never between two empty lists.
      expect(reminded.length).toBeGreaterThan(0);
    },
  );

  it('names the organisations each kind asks something of', async () => {
    const who = async (kind: DeadlineKind) =>
      [
        ...new Set(
          (await reminderRecipients(h.em.fork(), await deadlineOf(kind), 'deadline_reminder')).map((r) =>
            r.organisation.replace(/-[0-9a-f]{8}$/, ''),
          ),
        ),
      ].sort();

    expect(await who('interest')).toEqual(['silent']);
    expect(await who('delegation')).toEqual(['interested']);
    expect(await who('visit_choice')).toEqual(['hosting']);
    expect(await who('host_offer')).toEqual(['interested', 'visiting']);
    expect(await who('documents')).toEqual(['hosting', 'interested', 'silent', 'visiting']);
  });
});
