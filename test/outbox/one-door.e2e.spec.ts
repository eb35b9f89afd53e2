import { createContact, createForum, createOrganisation, invite } from '../support/factories';
import { auth, Harness, startHarness, unique } from '../support/harness';

/**
 * A change and the emails that report it commit together or not at all. Each test makes one of
 * the two writes fail at commit (a deferred trigger on this run's own database, so whichever is
 * written first, the other is already written when the commit fails) and finds neither.
 */
describe('The outbox commits with the change it reports', () => {
  let h: Harness;

  beforeAll(async () => {
    h = await startHarness();
    await sql(`create function refuse_insert() returns trigger language plpgsql as $$ begin raise exception 'refused by the test'; end $$`);
  });

  afterAll(async () => {
    await h.close();
  });

  afterEach(async () => {
    for (const table of ['message', 'registration', 'date_choice', 'enrolment']) {
      await sql(`drop trigger if exists refuse_${table} on "${table}"`);
    }
  });

  function sql<T = Record<string, unknown>>(query: string, params: unknown[] = []): Promise<T[]> {
    return h.em.getConnection().execute<T[]>(query, params);
  }

  /** Every insert into `table` fails when its transaction commits. */
  async function refuseInserts(table: string): Promise<void> {
    await sql(
      `create constraint trigger refuse_${table} after insert on "${table}" deferrable initially deferred for each row execute function refuse_insert()`,
    );
  }

  const call = (method: 'POST' | 'PUT', url: string, payload?: Record<string, unknown>) =>
    h.app.inject({ method, url, headers: auth, payload });
  const messagesTo = async (email: string) =>
    Number((await sql<{ count: string }>('select count(*) from message where recipient = ?', [email]))[0].count);

  async function invitedOrganisation(forumId: string) {
    const organisation = await createOrganisation(h);
    const email = `${unique('contact')}@ville.test`;
    await createContact(h, organisation.id, { email });
    await invite(h, forumId, [organisation.id]);
    return { organisationId: organisation.id, email };
  }

  const registrations = async (organisationId: string) =>
    Number((await sql<{ count: string }>('select count(*) from registration where organisation_id = ?', [organisationId]))[0].count);

  it('keeps no registration when its acknowledgement cannot be written', async () => {
    const forum = await createForum(h);
    const { organisationId, email } = await invitedOrganisation(forum.id);
    await refuseInserts('message');

    const response = await call('POST', `/api/forums/${forum.id}/registrations`, { organisationId });

    expect(response.statusCode).toBe(500);
    expect(await registrations(organisationId)).toBe(0);
    expect(await messagesTo(email)).toBe(0);
  });

  it('writes no acknowledgement when the registration cannot be written', async () => {
    const forum = await createForum(h);
    const { organisationId, email } = await invitedOrganisation(forum.id);
    await refuseInserts('registration');

    const response = await call('POST', `/api/forums/${forum.id}/registrations`, { organisationId });

    expect(response.statusCode).toBe(500);
    expect(await registrations(organisationId)).toBe(0);
    expect(await messagesTo(email)).toBe(0);
  });

  async function pollWithMember() {
    const forum = await createForum(h, { startDate: null, endDate: null });
    const { organisationId, email } = await invitedOrganisation(forum.id);
    expect((await call('POST', `/api/forums/${forum.id}/registrations`, { organisationId })).statusCode).toBe(201);
    const option = (await call('POST', `/api/forums/${forum.id}/date-options`, { startDate: '2024-09-24', endDate: '2024-09-26' })).json<{
      id: string;
    }>();
    return { forum, option, email, before: await messagesTo(email) };
  }

  const fixedDates = async (forumId: string) =>
    (await sql<{ start_date: string | null }>('select start_date from forum where id = ?', [forumId]))[0].start_date;

  it('fixes no dates when the members’ notices cannot be written', async () => {
    const { forum, option, email, before } = await pollWithMember();
    await refuseInserts('message');

    expect((await call('POST', `/api/forums/${forum.id}/date-options/${option.id}/choose`)).statusCode).toBe(500);

    expect(await fixedDates(forum.id)).toBeNull();
    expect(await messagesTo(email)).toBe(before);
  });

  it('writes no notice of dates that could not be fixed', async () => {
    const { forum, option, email, before } = await pollWithMember();
    await refuseInserts('date_choice');

    expect((await call('POST', `/api/forums/${forum.id}/date-options/${option.id}/choose`)).statusCode).toBe(500);

    expect(await fixedDates(forum.id)).toBeNull();
    expect(await messagesTo(email)).toBe(before);
  });

  async function delegateAndVisit() {
    const forum = await createForum(h, { timeZone: 'Asia/Seoul', startDate: '2024-09-24', endDate: '2024-09-26', status: 'published' });
    const base = `/api/forums/${forum.id}`;
    const { organisationId } = await invitedOrganisation(forum.id);
    const registration = (await call('POST', `${base}/registrations`, { organisationId })).json<{ id: string }>();
    const email = `${unique('delegate')}@ville.test`;
    const delegate = (
      await call('POST', `${base}/registrations/${registration.id}/delegates`, {
        role: 'staff',
        contact: { firstName: 'Samira', lastName: unique('Seddiki'), email },
      })
    ).json<{ id: string }>();
    const visit = (
      await call('POST', `${base}/sessions`, {
        kind: 'field_visit',
        title: { fr: 'Visite des éco-quartiers' },
        startsAt: '2024-09-25T14:00:00+09:00',
        endsAt: '2024-09-25T17:00:00+09:00',
        capacity: 2,
        venueName: unique('Fort d’Issy'),
        status: 'published',
        hosts: [{ organisationId, role: 'host' }],
      })
    ).json<{ id: string }>();
    return {
      url: `${base}/registrations/${registration.id}/delegates/${delegate.id}/enrolments/${visit.id}`,
      delegateId: delegate.id,
      email,
    };
  }

  const enrolments = async (delegateId: string) =>
    Number((await sql<{ count: string }>('select count(*) from enrolment where delegate_id = ?', [delegateId]))[0].count);

  it('gives no seat when its calendar invite cannot be written', async () => {
    const { url, delegateId, email } = await delegateAndVisit();
    await refuseInserts('message');

    expect((await call('PUT', url)).statusCode).toBe(500);

    expect(await enrolments(delegateId)).toBe(0);
    expect(await messagesTo(email)).toBe(0);
  });

  it('writes no invite for a seat that could not be given', async () => {
    const { url, delegateId, email } = await delegateAndVisit();
    await refuseInserts('enrolment');

    expect((await call('PUT', url)).statusCode).toBe(500);

    expect(await enrolments(delegateId)).toBe(0);
    expect(await messagesTo(email)).toBe(0);
  });
});
