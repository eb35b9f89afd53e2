import { Enrolment } from '../../src/participation/enrolment.entity';
import { Session } from '../../src/programme/session.entity';
import { Message } from '../../src/outbox/message.entity';
import { createContact, createForum, createOrganisation, invite } from '../support/factories';
import { auth, Harness, startHarness, unique } from '../support/harness';

interface Roster {
  capacity: number | null;
  seated: { enrolmentId: string; delegateId: string; name: string }[];
  waiting: { enrolmentId: string; delegateId: string; name: string; waitlistPosition: number }[];
}

describe('Organisers manage a visit’s waitlist: promote, move, take off, never overselling', () => {
  let h: Harness;

  beforeAll(async () => {
    h = await startHarness();
  });

  afterAll(async () => {
    await h.close();
  });

  const call = (method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', url: string, payload?: Record<string, unknown>) =>
    h.app.inject({ method, url, headers: auth, payload });

  /** A published 2-seat visit with Ana and Bruno seated, Chloé then Dae-jung waiting. */
  async function fullVisit() {
    const forum = await createForum(h, { timeZone: 'Asia/Seoul', startDate: '2024-09-24', endDate: '2024-09-26', status: 'published' });
    const base = `/api/forums/${forum.id}`;
    const organisation = await createOrganisation(h, { name: unique('Seocho-gu'), country: 'KR', kind: 'district' });
    await createContact(h, organisation.id);
    await invite(h, forum.id, [organisation.id]);
    const registration = (await call('POST', `${base}/registrations`, { organisationId: organisation.id })).json<{ id: string }>();
    const session = async (startsAt: string, endsAt: string, capacity: number) =>
      (
        await call('POST', `${base}/sessions`, {
          kind: 'field_visit',
          status: 'published',
          title: { fr: unique('Visite') },
          startsAt,
          endsAt,
          capacity,
          venueName: unique('Lieu'),
          hosts: [{ organisationId: organisation.id, role: 'host' }],
        })
      ).json<{ id: string }>().id;
    const visit = await session('2024-09-25T14:00:00+09:00', '2024-09-25T17:00:00+09:00', 2);
    const delegates: Record<string, string> = {};
    for (const firstName of ['Ana', 'Bruno', 'Chloé', 'Dae-jung']) {
      const delegate = await call('POST', `${base}/registrations/${registration.id}/delegates`, {
        role: 'staff',
        contact: {
          firstName,
          lastName: 'Test',
          email: `${unique(firstName.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase())}@ville.test`,
        },
      });
      delegates[firstName] = delegate.json<{ id: string }>().id;
      await call('PUT', `${base}/registrations/${registration.id}/delegates/${delegates[firstName]}/enrolments/${visit}`);
    }
    const roster = async () => (await call('GET', `${base}/sessions/${visit}/waitlist`)).json<Roster>();
    return { forum, base, registration, visit, delegates, roster, session };
  }

  it('lists who is seated and who waits, in order', async () => {
    const { roster } = await fullVisit();
    const list = await roster();
    expect(list.capacity).toBe(2);
    expect(list.seated.map((e) => e.name)).toEqual(['Ana Test', 'Bruno Test']);
    expect(list.waiting.map((e) => [e.name, e.waitlistPosition])).toEqual([
      ['Chloé Test', 1],
      ['Dae-jung Test', 2],
    ]);
  });

  it('moves a waiting delegate in line, the others keeping their order, and the next freed seat follows the new order', async () => {
    const { base, visit, registration, delegates, roster } = await fullVisit();
    const dae = (await roster()).waiting[1];
    const moved = await call('PUT', `${base}/sessions/${visit}/waitlist/${dae.enrolmentId}/position`, { position: 1 });
    expect(moved.statusCode).toBe(200);
    expect(moved.json<Roster>().waiting.map((e) => e.name)).toEqual(['Dae-jung Test', 'Chloé Test']);

    expect(
      (await call('DELETE', `${base}/registrations/${registration.id}/delegates/${delegates.Ana}/enrolments/${visit}`)).statusCode,
    ).toBe(204);
    const after = await roster();
    expect(after.seated.map((e) => e.name).sort()).toEqual(['Bruno Test', 'Dae-jung Test']);
    expect(after.waiting.map((e) => [e.name, e.waitlistPosition])).toEqual([['Chloé Test', 1]]);
  });

  it('promotes to the head of the line when the visit is full, and to a seat with its invite when one is free; never more seats than the capacity', async () => {
    const { base, visit, roster } = await fullVisit();
    const dae = (await roster()).waiting[1];
    const full = await call('POST', `${base}/sessions/${visit}/waitlist/${dae.enrolmentId}/promote`);
    expect(full.json()).toEqual({ status: 'waitlisted', waitlistPosition: 1 });
    expect((await roster()).seated).toHaveLength(2);

    // A seat freed behind the service's back (a capacity raised by hand): promotion takes it.
    await h.em.fork().nativeUpdate(Session, { id: visit }, { capacity: 3 });
    const seated = await call('POST', `${base}/sessions/${visit}/waitlist/${dae.enrolmentId}/promote`);
    expect(seated.json()).toEqual({ status: 'confirmed', waitlistPosition: null });
    const invite = await h.em.fork().findOne(Message, { dedupeKey: `invite-${visit}-${dae.delegateId}-enrol-${dae.enrolmentId}` });
    expect(invite).toMatchObject({ kind: 'session_invite', icsMethod: 'REQUEST' });

    const chloe = (await roster()).waiting[0];
    expect((await call('POST', `${base}/sessions/${visit}/waitlist/${chloe.enrolmentId}/promote`)).json()).toEqual({
      status: 'waitlisted',
      waitlistPosition: 1,
    });
    expect(await h.em.fork().count(Enrolment, { session: visit, status: 'confirmed' })).toBe(3);
  });

  it('takes a seated delegate off: the seat goes to the first in line', async () => {
    const { base, visit, roster } = await fullVisit();
    const ana = (await roster()).seated[0];
    expect((await call('DELETE', `${base}/sessions/${visit}/enrolments/${ana.enrolmentId}`)).statusCode).toBe(204);
    const after = await roster();
    expect(after.seated.map((e) => e.name).sort()).toEqual(['Bruno Test', 'Chloé Test']);
    expect(after.waiting.map((e) => e.name)).toEqual(['Dae-jung Test']);
  });

  it('refuses to seat someone seated elsewhere at that time, to move a seated delegate, a place of 0, and another edition’s session', async () => {
    const { base, visit, registration, delegates, roster, session } = await fullVisit();
    const other = await session('2024-09-25T15:00:00+09:00', '2024-09-25T16:00:00+09:00', 5);
    await call('PUT', `${base}/registrations/${registration.id}/delegates/${delegates['Chloé']}/enrolments/${other}`);
    await h.em.fork().nativeUpdate(Session, { id: visit }, { capacity: 3 });
    const chloe = (await roster()).waiting[0];
    const clash = await call('POST', `${base}/sessions/${visit}/waitlist/${chloe.enrolmentId}/promote`);
    expect(clash.statusCode).toBe(409);
    expect(clash.json().code).toBe('TIME_CLASH');

    const ana = (await roster()).seated[0];
    expect((await call('PUT', `${base}/sessions/${visit}/waitlist/${ana.enrolmentId}/position`, { position: 1 })).json()).toMatchObject({
      status: 409,
      code: 'CONFLICT',
    });
    expect((await call('PUT', `${base}/sessions/${visit}/waitlist/${chloe.enrolmentId}/position`, { position: 0 })).json()).toMatchObject({
      status: 400,
      errors: [{ field: 'position' }],
    });
    const elsewhere = await fullVisit();
    expect((await call('POST', `${elsewhere.base}/sessions/${visit}/waitlist/${chloe.enrolmentId}/promote`)).statusCode).toBe(404);
  });
});
