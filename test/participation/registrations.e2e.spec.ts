import { Registration } from '../../src/participation/registration.entity';
import { accessTokenFor, createContact, createForum, createOrganisation, invite } from '../support/factories';
import { auth, Harness, startHarness, unique } from '../support/harness';

type Headers = Record<string, string>;

describe('Registrations, delegations, visits with waitlists, host offers and deadlines', () => {
  let h: Harness;

  beforeAll(async () => {
    h = await startHarness();
  });

  afterAll(async () => {
    await h.close();
  });

  const call = (
    method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
    url: string,
    payload?: Record<string, unknown>,
    headers: Headers = auth,
  ) => h.app.inject({ method, url, headers, payload });

  async function edition() {
    const forum = await createForum(h, { timeZone: 'Asia/Seoul', startDate: '2024-09-24', endDate: '2024-09-26', status: 'published' });
    const base = `/api/forums/${forum.id}`;
    const authorities = [];
    for (const name of ['Issy-les-Moulineaux', 'Nantes Métropole', 'Dijon', 'Suippes']) {
      const organisation = await createOrganisation(h, { name: unique(name) });
      const contact = await createContact(h, organisation.id);
      authorities.push({ organisation, contact });
    }
    await invite(
      h,
      forum.id,
      authorities.map((a) => a.organisation.id),
    );
    return { forum, base, authorities };
  }

  async function register(base: string, organisationId: string, headers: Headers = auth, body: Record<string, unknown> = {}) {
    return call('POST', `${base}/registrations`, { organisationId, ...body }, headers);
  }

  async function visit(
    base: string,
    capacity: number,
    hostId: string,
    startsAt = '2024-09-25T14:00:00+09:00',
    endsAt = '2024-09-25T17:00:00+09:00',
  ) {
    const response = await call('POST', `${base}/sessions`, {
      kind: 'field_visit',
      title: { fr: unique('Visite des éco-quartiers') },
      startsAt,
      endsAt,
      capacity,
      venueName: unique('Fort d’Issy'),
      status: 'published',
      hosts: [{ organisationId: hostId, role: 'host' }],
    });
    expect(response.statusCode).toBe(201);
    return response.json<{ id: string }>();
  }

  async function delegate(base: string, registrationId: string, headers: Headers = auth) {
    const response = await call(
      'POST',
      `${base}/registrations/${registrationId}/delegates`,
      { role: 'staff', contact: { firstName: 'Samira', lastName: unique('Seddiki'), email: `${unique('d')}@ville.test` } },
      headers,
    );
    expect(response.statusCode).toBe(201);
    return response.json<{ id: string }>();
  }

  it('runs the scenario: three register before the deadline, the fourth is refused after it; a 2-seat visit waitlists the third', async () => {
    const { base, authorities } = await edition();
    const deadline = await call('POST', `${base}/deadlines`, {
      kind: 'interest',
      title: { fr: 'Confirmer votre intérêt' },
      dueAt: new Date(Date.now() + 3_600_000).toISOString(),
      timeZone: 'Europe/Paris',
      enforcement: 'hard',
      reminderOffsets: ['P14D', 'P3D', 'PT2H'],
    });
    expect(deadline.statusCode).toBe(201);
    const deadlineId = deadline.json<{ id: string }>().id;

    const forumId = base.split('/')[3];
    const links = await Promise.all(authorities.map((a) => accessTokenFor(h, a.contact.id, forumId)));
    const registrations: { id: string; status: string; late: boolean }[] = [];
    for (let i = 0; i < 3; i += 1) {
      const response = await register(base, authorities[i].organisation.id, links[i].headers);
      expect(response.statusCode).toBe(201);
      registrations.push(response.json<{ id: string; status: string; late: boolean }>());
    }
    expect(registrations.every((r) => r.status === 'interested' && !r.late)).toBe(true);

    const pendingBefore = (await call('GET', `${base}/deadlines/${deadlineId}/pending`)).json<
      { organisationId: string; contacts: { email: string }[] }[]
    >();
    expect(pendingBefore.map((p) => p.organisationId)).toEqual([authorities[3].organisation.id]);
    expect(pendingBefore[0].contacts[0].email).toBe(authorities[3].contact.email);

    await call('PATCH', `${base}/deadlines/${deadlineId}`, { dueAt: new Date(Date.now() - 60_000).toISOString() });
    const refused = await register(base, authorities[3].organisation.id, links[3].headers);
    expect(refused.statusCode).toBe(409);
    expect(refused.json()).toMatchObject({
      code: 'DEADLINE_PASSED',
      deadline: {
        id: deadlineId,
        title: { fr: 'Confirmer votre intérêt' },
        dueAt: { paris: { zone: 'Europe/Paris' }, seoul: { zone: 'Asia/Seoul' } },
      },
    });
    expect(await h.em.fork().count(Registration, { organisation: authorities[3].organisation.id })).toBe(0);

    const byOrganiser = await register(base, authorities[3].organisation.id);
    expect(byOrganiser.statusCode).toBe(201);
    expect(byOrganiser.json().late).toBe(true);

    const twoSeats = await visit(base, 2, authorities[0].organisation.id);
    const delegates = [
      await delegate(base, registrations[0].id, links[0].headers),
      await delegate(base, registrations[1].id, links[1].headers),
      await delegate(base, registrations[2].id, links[2].headers),
    ];
    const enrol = (i: number) =>
      call(
        'PUT',
        `${base}/registrations/${registrations[i].id}/delegates/${delegates[i].id}/enrolments/${twoSeats.id}`,
        undefined,
        links[i].headers,
      );
    const results = [await enrol(0), await enrol(1), await enrol(2)];
    expect(results.map((r) => r.json<{ status: string }>().status)).toEqual(['confirmed', 'confirmed', 'waitlisted']);
    expect(results[2].json().waitlistPosition).toBe(1);
    expect((await enrol(2)).json().status).toBe('waitlisted');

    const programme = (await call('GET', `${base}/programme?kind=field_visit`, undefined, {})).json<{
      days: { sessions: { seatsLeft: number }[] }[];
    }>();
    expect(programme.days[0].sessions[0].seatsLeft).toBe(0);

    expect(
      (
        await call(
          'DELETE',
          `${base}/registrations/${registrations[0].id}/delegates/${delegates[0].id}/enrolments/${twoSeats.id}`,
          undefined,
          links[0].headers,
        )
      ).statusCode,
    ).toBe(204);
    const third = (
      await call('GET', `${base}/registrations/${registrations[2].id}/delegates/${delegates[2].id}/enrolments`, undefined, links[2].headers)
    ).json<{ status: string; waitlistPosition: number | null }[]>();
    expect(third).toEqual([expect.objectContaining({ status: 'confirmed', waitlistPosition: null })]);

    const csv = (await call('GET', `${base}/participants.csv`)).body;
    const lines = csv
      .replace(/^\ufeff/, '')
      .trim()
      .split('\r\n');
    expect(lines[0]).toBe(
      'Organisme,Prénom,Nom,Fonction,Rôle,Email,Visites,Interprétation,Régime alimentaire,Accessibilité,Remarques,Thèmes,Offre d’accueil',
    );
    expect(lines).toHaveLength(4);
    // Visits is the seventh column: one delegate has none (they left), two have a seat.
    expect(lines.slice(1).filter((l) => l.split(',')[6] === '').length).toBe(1);
  });

  it('never oversells a seat, whatever the concurrency, and keeps the waitlist in order', async () => {
    const { base, authorities } = await edition();
    const registration = (await register(base, authorities[0].organisation.id)).json<{ id: string }>();
    const session = await visit(base, 30, authorities[0].organisation.id);
    const delegates = [];
    for (let i = 0; i < 60; i += 1) {
      delegates.push(await delegate(base, registration.id));
    }

    const results = await Promise.all(
      delegates.map((d) => call('PUT', `${base}/registrations/${registration.id}/delegates/${d.id}/enrolments/${session.id}`)),
    );

    expect(results.every((r) => r.statusCode === 200)).toBe(true);
    const statuses = results.map((r) => r.json<{ status: string; waitlistPosition: number | null }>());
    expect(statuses.filter((s) => s.status === 'confirmed')).toHaveLength(30);
    expect(
      statuses
        .filter((s) => s.status === 'waitlisted')
        .map((s) => s.waitlistPosition)
        .sort((a, b) => (a ?? 0) - (b ?? 0)),
    ).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
    const view = (await call('GET', `${base}/sessions/${session.id}`)).json<{ seatsLeft: number }>();
    expect(view.seatsLeft).toBe(0);
  });

  it('confirms the waitlist when the capacity is raised or a registration is cancelled', async () => {
    const { base, authorities } = await edition();
    const [a, b] = [
      (await register(base, authorities[0].organisation.id)).json<{ id: string }>(),
      (await register(base, authorities[1].organisation.id)).json<{ id: string }>(),
    ];
    const session = await visit(base, 1, authorities[0].organisation.id);
    const [da, db1, db2] = [await delegate(base, a.id), await delegate(base, b.id), await delegate(base, b.id)];
    for (const [reg, d] of [
      [a, da],
      [b, db1],
      [b, db2],
    ] as const) {
      await call('PUT', `${base}/registrations/${reg.id}/delegates/${d.id}/enrolments/${session.id}`);
    }
    await call('PATCH', `${base}/sessions/${session.id}`, { capacity: 2 });
    const status = async (reg: { id: string }, d: { id: string }) =>
      (await call('GET', `${base}/registrations/${reg.id}/delegates/${d.id}/enrolments`)).json<{ status: string }[]>()[0]?.status;
    expect([await status(a, da), await status(b, db1), await status(b, db2)]).toEqual(['confirmed', 'confirmed', 'waitlisted']);

    await call('PATCH', `${base}/registrations/${a.id}`, { status: 'cancelled' });
    expect([await status(a, da), await status(b, db1), await status(b, db2)]).toEqual([undefined, 'confirmed', 'confirmed']);
  });

  it('refuses two overlapping sessions for one delegate, naming both', async () => {
    const { base, authorities } = await edition();
    const registration = (await register(base, authorities[0].organisation.id)).json<{ id: string }>();
    const morning = await visit(base, 10, authorities[0].organisation.id, '2024-09-25T09:00:00+09:00', '2024-09-25T12:00:00+09:00');
    const overlap = await visit(base, 10, authorities[0].organisation.id, '2024-09-25T11:00:00+09:00', '2024-09-25T13:00:00+09:00');
    const d = await delegate(base, registration.id);

    await call('PUT', `${base}/registrations/${registration.id}/delegates/${d.id}/enrolments/${morning.id}`);
    const clash = await call('PUT', `${base}/registrations/${registration.id}/delegates/${d.id}/enrolments/${overlap.id}`);
    expect(clash.statusCode).toBe(409);
    expect(clash.json()).toMatchObject({ code: 'TIME_CLASH', sessions: [{ id: overlap.id }, { id: morning.id }] });
  });

  it('lets a magic link act for its own organisation and nothing for another', async () => {
    const { base, authorities, forum } = await edition();
    const own = await accessTokenFor(h, authorities[0].contact.id, forum.id);
    const other = (await register(base, authorities[1].organisation.id)).json<{ id: string }>();

    expect((await register(base, authorities[1].organisation.id, own.headers)).statusCode).toBe(403);
    expect((await call('GET', `${base}/registrations/${other.id}`, undefined, own.headers)).statusCode).toBe(403);
    expect(
      (
        await call(
          'POST',
          `${base}/registrations/${other.id}/delegates`,
          { role: 'staff', contactId: authorities[1].contact.id },
          own.headers,
        )
      ).statusCode,
    ).toBe(403);
    expect((await call('GET', `${base}/registrations`, undefined, own.headers)).statusCode).toBe(403);
    expect((await call('GET', `${base}/participants.csv`, undefined, own.headers)).statusCode).toBe(403);
    const mine = await register(base, authorities[0].organisation.id, own.headers);
    expect(mine.statusCode).toBe(201);
    const offer = await call(
      'PUT',
      `${base}/registrations/${mine.json<{ id: string }>().id}/host-offer`,
      { visitors: 12, description: 'Les éco-quartiers du Cœur de ville', availableFrom: '2024-09-20', availableTo: '2024-09-30' },
      own.headers,
    );
    expect(offer.statusCode).toBe(200);
  });

  it('turns a host offer into a draft field visit in one step, and lists offers by theme', async () => {
    const { base, authorities } = await edition();
    const theme = (await call('POST', `${base}/themes`, { title: { fr: 'Climat, énergie, eau et propreté' } })).json<{ id: string }>();
    const registration = (await register(base, authorities[2].organisation.id)).json<{ id: string }>();
    const offer = (
      await call('PUT', `${base}/registrations/${registration.id}/host-offer`, {
        visitors: 15,
        description: 'Compostage',
        themeIds: [theme.id],
      })
    ).json<{ id: string }>();

    expect((await call('GET', `${base}/host-offers?theme=${theme.id}`)).json()).toHaveLength(1);
    const session = await call('POST', `${base}/host-offers/${offer.id}/field-visit`, {
      startsAt: '2024-09-26T10:00:00+09:00',
      endsAt: '2024-09-26T12:00:00+09:00',
    });
    expect(session.statusCode).toBe(201);
    expect(session.json()).toMatchObject({
      kind: 'field_visit',
      status: 'draft',
      capacity: 15,
      themeId: theme.id,
      hosts: [{ organisation: { id: authorities[2].organisation.id }, role: 'host' }],
    });
  });

  it('neutralises cells that a spreadsheet would run as formulas, and lists the excused apart', async () => {
    const { base, authorities } = await edition();
    const present = (await register(base, authorities[0].organisation.id)).json<{ id: string }>();
    const excused = (await register(base, authorities[1].organisation.id)).json<{ id: string }>();
    await call('POST', `${base}/registrations/${present.id}/delegates`, {
      role: 'elected_official',
      printedFunction: '=HYPERLINK("http://x")',
      contact: { firstName: '+Caroline', lastName: '@Millan', email: `${unique('m')}@issy.test` },
    });
    await call('POST', `${base}/registrations/${excused.id}/delegates`, {
      role: 'staff',
      contact: { firstName: 'Louise', lastName: 'Coulon', email: `${unique('l')}@nantes.test` },
    });
    await call('PATCH', `${base}/registrations/${excused.id}`, { status: 'excused' });

    const csv = (await call('GET', `${base}/participants.csv`)).body;
    expect(csv).toContain(`'+Caroline,'@Millan,"'=HYPERLINK(""http://x"")",Élu·e`);
    const lines = csv.trim().split('\r\n');
    expect(lines.slice(-2)).toEqual(['Excusés', expect.stringContaining('Louise,Coulon')]);

    const xlsx = await call('GET', `${base}/participants.csv?format=xlsx`);
    expect(xlsx.headers['content-type']).toContain('spreadsheetml');
    expect(xlsx.rawPayload.subarray(0, 2).toString()).toBe('PK');
  });

  it('carries into the participant list each delegate’s interpretation need, dietary and access notes, the remarks, ranked themes and host offer', async () => {
    const { base, authorities } = await edition();
    const themes = [];
    for (const title of ['Culture et tourisme', 'Climat et énergie']) {
      themes.push((await call('POST', `${base}/themes`, { title: { fr: title } })).json<{ id: string }>().id);
    }
    const registration = (
      await register(base, authorities[0].organisation.id, auth, { themeIds: [themes[1], themes[0]], notes: 'Arrivée la veille' })
    ).json<{ id: string }>();
    expect(
      (
        await call('POST', `${base}/registrations/${registration.id}/delegates`, {
          role: 'elected_official',
          needsInterpretation: true,
          dietaryNotes: '=sans porc',
          accessNotes: 'Fauteuil roulant',
          contact: { firstName: 'André', lastName: 'Santini', email: `${unique('a')}@issy.test` },
        })
      ).statusCode,
    ).toBe(201);
    expect(
      (
        await call('PUT', `${base}/registrations/${registration.id}/host-offer`, {
          visitors: 12,
          description: 'Les éco-quartiers',
          availableFrom: '2024-09-20',
          availableTo: '2024-09-30',
          themeIds: [themes[1]],
        })
      ).statusCode,
    ).toBe(200);

    const csv = (await call('GET', `${base}/participants.csv`)).body;
    const [header, row] = csv
      .replace(/^\ufeff/, '')
      .trim()
      .split('\r\n');
    expect(header.split(',').slice(7)).toEqual([
      'Interprétation',
      'Régime alimentaire',
      'Accessibilité',
      'Remarques',
      'Thèmes',
      'Offre d’accueil',
    ]);
    expect(row.split(',').slice(7)).toEqual([
      'oui',
      "'=sans porc",
      'Fauteuil roulant',
      'Arrivée la veille',
      '1. Climat et énergie; 2. Culture et tourisme',
      '12 visiteurs · du 2024-09-20 au 2024-09-30 · thèmes : Climat et énergie · Les éco-quartiers',
    ]);
  });

  describe('bad input', () => {
    it('refuses a delegate of another forum, a negative capacity, an offset that is not a duration, a deadline without a zone', async () => {
      const one = await edition();
      const two = await edition();
      const registration = (await register(one.base, one.authorities[0].organisation.id)).json<{ id: string }>();
      const d = await delegate(one.base, registration.id);
      const elsewhere = await visit(two.base, 5, two.authorities[0].organisation.id);

      const wrongForum = await call('PUT', `${one.base}/registrations/${registration.id}/delegates/${d.id}/enrolments/${elsewhere.id}`);
      const negative = await call('PATCH', `${two.base}/sessions/${elsewhere.id}`, { capacity: -3 });
      const badOffset = await call('POST', `${one.base}/deadlines`, {
        kind: 'interest',
        title: { fr: 'x' },
        dueAt: '2024-03-15T23:59',
        timeZone: 'Europe/Paris',
        reminderOffsets: ['P14D', 'two weeks'],
      });
      const noZone = await call('POST', `${one.base}/deadlines`, { kind: 'interest', title: { fr: 'x' }, dueAt: '2024-03-15T23:59' });

      expect(wrongForum.statusCode).toBe(404);
      expect(negative.statusCode).toBe(400);
      expect(negative.json().errors[0].field).toBe('capacity');
      expect(badOffset.statusCode).toBe(400);
      expect(badOffset.json().errors[0].field).toBe('reminderOffsets');
      expect(noZone.statusCode).toBe(400);
      expect(noZone.json().errors.map((e: { field: string }) => e.field)).toContain('timeZone');
    });

    it('refuses a registration of an organisation not invited, a second registration, and a wrong answer', async () => {
      const { base, authorities } = await edition();
      const outsider = await createOrganisation(h);
      const question = (
        await call('POST', `${base}/questions`, {
          label: { fr: 'Accueillir une délégation ?' },
          kind: 'choice',
          choices: ['oui', 'non'],
          required: true,
        })
      ).json<{ id: string }>();

      expect((await register(base, outsider.id)).json().code).toBe('NOT_INVITED');
      const wrong = await register(base, authorities[0].organisation.id, auth, { answers: { [question.id]: 'peut-être' } });
      expect(wrong.statusCode).toBe(400);
      expect(wrong.json().errors[0].field).toBe(`answers.${question.id}`);
      const unanswered = await register(base, authorities[0].organisation.id, auth, { status: 'confirmed' });
      expect(unanswered.statusCode).toBe(400);
      expect((await register(base, authorities[0].organisation.id, auth, { answers: { [question.id]: 'oui' } })).statusCode).toBe(201);
      expect((await register(base, authorities[0].organisation.id)).json().code).toBe('ALREADY_REGISTERED');
    });

    it('keeps to the edition’s delegate limit', async () => {
      const { base, authorities, forum } = await edition();
      await call('PATCH', `/api/forums/${forum.id}`, { maxDelegatesPerOrganisation: 1 });
      const registration = (await register(base, authorities[0].organisation.id)).json<{ id: string }>();
      await delegate(base, registration.id);
      const second = await call('POST', `${base}/registrations/${registration.id}/delegates`, {
        role: 'staff',
        contactId: authorities[0].contact.id,
      });
      expect(second.json().code).toBe('DELEGATE_LIMIT');
    });

    it('accepts a late action past a soft deadline and flags it', async () => {
      const { base, authorities, forum } = await edition();
      await call('POST', `${base}/deadlines`, {
        kind: 'interest',
        title: { fr: 'Intérêt' },
        dueAt: '2024-03-15T23:59',
        timeZone: 'Europe/Paris',
        enforcement: 'soft',
      });
      const own = await accessTokenFor(h, authorities[0].contact.id, forum.id);
      const response = await register(base, authorities[0].organisation.id, own.headers);
      expect(response.statusCode).toBe(201);
      expect(response.json().late).toBe(true);
    });
  });
});
