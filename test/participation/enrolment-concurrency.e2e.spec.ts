import { Message } from '../../src/outbox/message.entity';
import { EnrolmentsService } from '../../src/participation/enrolments.service';
import { accessTokenFor, createContact, createForum, createOrganisation, invite } from '../support/factories';
import { auth, Harness, startHarness, unique } from '../support/harness';

type Headers = Record<string, string>;
interface Answer {
  status: string;
  waitlistPosition: number | null;
  late: boolean;
}

/**
 * Enrolments that arrive together for one session are taken by one transaction; the guarantee
 * (never oversold, the line in order) rests on the session's row lock, so it holds across API
 * processes, and one bad request in a burst answers for itself only.
 */
describe('Enrolments under concurrency', () => {
  let h: Harness;
  let other: Harness;

  beforeAll(async () => {
    h = await startHarness();
    // A second API on the same database: its own pool and its own batches.
    other = await startHarness({ env: { DATABASE_URL: process.env.DATABASE_URL as string } });
  });

  afterAll(async () => {
    await other?.close();
    await h?.close();
  });

  const call = (
    app: Harness,
    method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
    url: string,
    payload?: Record<string, unknown>,
    headers: Headers = auth,
  ) => app.app.inject({ method, url, headers, payload });

  async function edition(organisations = 2) {
    const forum = await createForum(h, { timeZone: 'Asia/Seoul', startDate: '2024-09-24', endDate: '2024-09-26', status: 'published' });
    const base = `/api/forums/${forum.id}`;
    const authorities = [];
    for (let i = 0; i < organisations; i += 1) {
      const organisation = await createOrganisation(h, { name: unique('Collectivité') });
      authorities.push({ organisation, contact: await createContact(h, organisation.id) });
    }
    await invite(
      h,
      forum.id,
      authorities.map((a) => a.organisation.id),
    );
    const registrations = [];
    for (const a of authorities) {
      const response = await call(h, 'POST', `${base}/registrations`, { organisationId: a.organisation.id });
      expect(response.statusCode).toBe(201);
      registrations.push(response.json<{ id: string }>());
    }
    return { forum, base, authorities, registrations };
  }

  async function visit(base: string, capacity: number, startsAt = '2024-09-25T14:00:00+09:00', endsAt = '2024-09-25T17:00:00+09:00') {
    const host = await createOrganisation(h, { name: unique('Hôte') });
    const response = await call(h, 'POST', `${base}/sessions`, {
      kind: 'field_visit',
      title: { fr: unique('Visite') },
      startsAt,
      endsAt,
      capacity,
      venueName: unique('Lieu'),
      status: 'published',
      hosts: [{ organisationId: host.id, role: 'host' }],
    });
    expect(response.statusCode).toBe(201);
    return response.json<{ id: string }>();
  }

  async function delegates(base: string, registrationId: string, count: number) {
    const made: { id: string }[] = [];
    for (let i = 0; i < count; i += 1) {
      const response = await call(h, 'POST', `${base}/registrations/${registrationId}/delegates`, {
        role: 'staff',
        contact: { firstName: `Délégué ${i}`, lastName: unique('Mesure'), email: `${unique('d')}@ville.test` },
      });
      expect(response.statusCode).toBe(201);
      made.push(response.json<{ id: string }>());
    }
    return made;
  }

  /** The line as the database keeps it: delegate ids of the waitlisted, first in line first. */
  async function committedLine(sessionId: string): Promise<string[]> {
    const rows = await h.em
      .fork()
      .getConnection()
      .execute<{ delegate_id: string }[]>(
        `select delegate_id from enrolment where session_id = ? and status = 'waitlisted' order by queued_at, id`,
        [sessionId],
      );
    return rows.map((r) => r.delegate_id);
  }

  async function confirmedCount(sessionId: string): Promise<number> {
    const [{ n }] = await h.em
      .fork()
      .getConnection()
      .execute<{ n: string }[]>(`select count(*) as n from enrolment where session_id = ? and status = 'confirmed'`, [sessionId]);
    return Number(n);
  }

  it('never oversells 30 seats to 80 requests split between two API processes, and numbers the line 1..50 in committed order', async () => {
    const { base, registrations } = await edition(1);
    const session = await visit(base, 30);
    const people = await delegates(base, registrations[0].id, 80);

    const answers = await Promise.all(
      people.map(async (d, i) => {
        const response = await call(
          i % 2 ? other : h,
          'PUT',
          `${base}/registrations/${registrations[0].id}/delegates/${d.id}/enrolments/${session.id}`,
        );
        expect(response.statusCode).toBe(200);
        return { delegateId: d.id, ...response.json<Answer>() };
      }),
    );

    expect(answers.filter((a) => a.status === 'confirmed')).toHaveLength(30);
    expect(await confirmedCount(session.id)).toBe(30);
    const line = await committedLine(session.id);
    expect(line).toHaveLength(50);
    const position = new Map(answers.map((a) => [a.delegateId, a.waitlistPosition]));
    expect(line.map((id) => position.get(id))).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
    // Reading a delegate's enrolments later gives the same place in line.
    const last = line[49];
    const listed = await call(h, 'GET', `${base}/registrations/${registrations[0].id}/delegates/${last}/enrolments`);
    expect(listed.json<Answer[]>()[0]).toMatchObject({ status: 'waitlisted', waitlistPosition: 50 });
  });

  it('takes a burst in shared transactions, and writes each seat’s invite and each waiting place’s notice with the seat', async () => {
    const { base, registrations, forum } = await edition(1);
    const session = await visit(base, 10);
    const people = await delegates(base, registrations[0].id, 60);
    const enrolments = h.app.get(EnrolmentsService);

    // Straight to the service, all in one tick: they share one batch.
    const seats = await Promise.all(
      people.map((d) =>
        enrolments.request({
          forumRef: forum.id,
          registrationId: registrations[0].id,
          delegateId: d.id,
          sessionId: session.id,
          principal: undefined,
        }),
      ),
    );

    expect(seats.filter((s) => s?.status === 'confirmed')).toHaveLength(10);
    expect(seats.filter((s) => s?.status === 'waitlisted').map((s) => s?.waitlistPosition)).toEqual(
      Array.from({ length: 50 }, (_, i) => i + 1),
    );
    // Requests served in arrival order: the first ten asked got the seats.
    expect(seats.slice(0, 10).every((s) => s?.status === 'confirmed')).toBe(true);
    // Rows written by one transaction share its id (xmin): all 60 together.
    const [{ transactions }] = await h.em
      .fork()
      .getConnection()
      .execute<{ transactions: string }[]>(`select count(distinct xmin::text) as transactions from enrolment where session_id = ?`, [
        session.id,
      ]);
    expect(Number(transactions)).toBe(1);

    const messages = await h.em.fork().find(Message, { forumId: forum.id, kind: { $in: ['session_invite', 'enrolment_waitlisted'] } });
    const invites = messages.filter((m) => m.kind === 'session_invite');
    const notices = messages.filter((m) => m.kind === 'enrolment_waitlisted');
    expect(invites).toHaveLength(10);
    expect(
      invites.every(
        (m) =>
          m.icsMethod === 'REQUEST' && m.ics?.includes(`UID:session-${session.id}@passerelle`) && typeof m.data.feedWebcal === 'string',
      ),
    ).toBe(true);
    expect(notices.map((m) => m.data.position).sort((a, b) => Number(a) - Number(b))).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
  });

  it('answers each bad request in a burst for itself, and the good ones as if it were not there', async () => {
    const { base, registrations, authorities, forum } = await edition(2);
    const session = await visit(base, 5);
    const morning = await visit(base, 5, '2024-09-25T13:00:00+09:00', '2024-09-25T15:00:00+09:00');
    const good = await delegates(base, registrations[0].id, 20);
    const [clashing, poisoned] = await delegates(base, registrations[0].id, 2);
    const [foreign] = await delegates(base, registrations[1].id, 1);
    const [cancelled] = await delegates(base, registrations[1].id, 1);
    expect(
      (
        await call(h, 'PUT', `${base}/registrations/${registrations[0].id}/delegates/${clashing.id}/enrolments/${morning.id}`)
      ).json<Answer>().status,
    ).toBe('confirmed');
    const link = await accessTokenFor(h, authorities[0].contact.id, forum.id);
    // A fault the batch cannot foresee: the database refuses this one delegate's row.
    await h.em
      .fork()
      .getConnection()
      .execute(
        `create function refuse_one() returns trigger language plpgsql as $$ begin if new.delegate_id = '${poisoned.id}' then raise exception 'refused for the test'; end if; return new; end $$`,
      );
    await h.em
      .fork()
      .getConnection()
      .execute(`create trigger refuse_one before insert on enrolment for each row execute function refuse_one()`);

    try {
      const url = (registrationId: string, delegateId: string) =>
        `${base}/registrations/${registrationId}/delegates/${delegateId}/enrolments/${session.id}`;
      const bad = [
        { name: 'clash', request: () => call(h, 'PUT', url(registrations[0].id, clashing.id)) },
        { name: 'wrong registration', request: () => call(h, 'PUT', url(registrations[0].id, foreign.id)) },
        { name: 'unknown delegate', request: () => call(h, 'PUT', url(registrations[0].id, '00000000-0000-4000-8000-000000000000')) },
        { name: 'another organisation', request: () => call(h, 'PUT', url(registrations[1].id, foreign.id), undefined, link.headers) },
        { name: 'cancelled registration', request: () => call(h, 'PUT', url(registrations[1].id, cancelled.id)) },
        { name: 'database fault', request: () => call(h, 'PUT', url(registrations[0].id, poisoned.id)) },
      ];
      await call(h, 'PATCH', `${base}/registrations/${registrations[1].id}`, { status: 'cancelled' });
      // Good and bad interleaved, the same delegate twice among the good; the clash first, while seats remain.
      const [clash, ...others] = bad;
      const burst = [
        clash,
        ...good.slice(0, 10).map((d) => ({ name: d.id, request: () => call(h, 'PUT', url(registrations[0].id, d.id)) })),
        ...others,
        ...good.slice(10).map((d) => ({ name: d.id, request: () => call(h, 'PUT', url(registrations[0].id, d.id)) })),
      ];
      burst.splice(4, 0, { name: 'twice', request: () => call(h, 'PUT', url(registrations[0].id, good[0].id)) });
      const responses = new Map(
        (await Promise.all(burst.map(async (b) => [b.name, await b.request()] as const))).map(([name, response]) => [name, response]),
      );

      const status = (name: string) => responses.get(name)?.statusCode;
      expect(status('clash')).toBe(409);
      expect(responses.get('clash')?.json()).toMatchObject({ code: 'TIME_CLASH', sessions: [{ id: session.id }, { id: morning.id }] });
      expect(status('wrong registration')).toBe(404);
      expect(status('unknown delegate')).toBe(404);
      expect(status('another organisation')).toBe(403);
      expect(status('cancelled registration')).toBe(409);
      expect(status('database fault')).toBe(500);
      expect(status('twice')).toBe(200);

      const answers = good.map((d) => responses.get(d.id));
      expect(answers.every((r) => r?.statusCode === 200)).toBe(true);
      expect(answers.filter((r) => r?.json<Answer>().status === 'confirmed')).toHaveLength(5);
      const positions = answers.map((r) => r?.json<Answer>().waitlistPosition).filter((p) => p !== null);
      expect(positions.sort((a, b) => Number(a) - Number(b))).toEqual(Array.from({ length: 15 }, (_, i) => i + 1));
      expect(await confirmedCount(session.id)).toBe(5);
      expect(await committedLine(session.id)).toHaveLength(15);
    } finally {
      await h.em.fork().getConnection().execute('drop trigger refuse_one on enrolment; drop function refuse_one()');
    }
  });

  it('refuses a magic link past a hard deadline in a burst, while an organiser still enrols, flagged late', async () => {
    const { base, registrations, authorities, forum } = await edition(1);
    const session = await visit(base, 10);
    const people = await delegates(base, registrations[0].id, 12);
    const deadline = await call(h, 'POST', `${base}/deadlines`, {
      kind: 'visit_choice',
      title: { fr: 'Choisir les visites' },
      dueAt: new Date(Date.now() - 60_000).toISOString(),
      timeZone: 'Europe/Paris',
      enforcement: 'hard',
    });
    expect(deadline.statusCode).toBe(201);
    const link = await accessTokenFor(h, authorities[0].contact.id, forum.id);

    const responses = await Promise.all(
      people.map((d, i) =>
        call(
          h,
          'PUT',
          `${base}/registrations/${registrations[0].id}/delegates/${d.id}/enrolments/${session.id}`,
          undefined,
          i < 8 ? link.headers : auth,
        ),
      ),
    );

    expect(responses.slice(0, 8).map((r) => r.statusCode)).toEqual(Array(8).fill(409));
    expect(responses[0].json()).toMatchObject({ code: 'DEADLINE_PASSED', deadline: { id: deadline.json<{ id: string }>().id } });
    expect(responses.slice(8).map((r) => r.json<Answer>())).toEqual(
      Array(4).fill(expect.objectContaining({ status: 'confirmed', late: true })),
    );
    expect(await confirmedCount(session.id)).toBe(4);
  });

  it('gives a freed seat to the first in line, with its invite', async () => {
    const { base, registrations, forum } = await edition(1);
    const session = await visit(base, 3);
    const people = await delegates(base, registrations[0].id, 6);
    const answers = await Promise.all(
      people.map((d) => call(h, 'PUT', `${base}/registrations/${registrations[0].id}/delegates/${d.id}/enrolments/${session.id}`)),
    );
    const line = await committedLine(session.id);
    const seated = people.filter((_, i) => answers[i].json<Answer>().status === 'confirmed');

    expect(
      (await call(h, 'DELETE', `${base}/registrations/${registrations[0].id}/delegates/${seated[0].id}/enrolments/${session.id}`))
        .statusCode,
    ).toBe(204);

    const first = await call(h, 'GET', `${base}/registrations/${registrations[0].id}/delegates/${line[0]}/enrolments`);
    expect(first.json<Answer[]>()[0]).toMatchObject({ status: 'confirmed', waitlistPosition: null });
    const second = await call(h, 'GET', `${base}/registrations/${registrations[0].id}/delegates/${line[1]}/enrolments`);
    expect(second.json<Answer[]>()[0]).toMatchObject({ status: 'waitlisted', waitlistPosition: 1 });
    const invites = await h.em.fork().find(Message, { forumId: forum.id, kind: 'session_invite' });
    expect(invites).toHaveLength(4);
    expect(await confirmedCount(session.id)).toBe(3);
  });
});
