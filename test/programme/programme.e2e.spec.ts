import { MikroORM } from '@mikro-orm/postgresql';
import { createForum, createOrganisation } from '../support/factories';
import { auth, Harness, startHarness, unique } from '../support/harness';

interface Instant {
  instant: string;
  forum: { zone: string; local: string };
  paris: { zone: string; local: string };
  seoul: { zone: string; local: string };
}

describe('The programme: sessions and field visits in Paris and Seoul time', () => {
  let h: Harness;

  beforeAll(async () => {
    h = await startHarness();
  });

  afterAll(async () => {
    await h.close();
  });

  const post = (url: string, payload: Record<string, unknown>) => h.app.inject({ method: 'POST', url, headers: auth, payload });
  const patch = (url: string, payload: Record<string, unknown>) => h.app.inject({ method: 'PATCH', url, headers: auth, payload });
  const get = (url: string, headers: Record<string, string> = auth) => h.app.inject({ method: 'GET', url, headers });

  async function forum2024(overrides: Record<string, unknown> = {}) {
    return createForum(h, {
      timeZone: 'Asia/Seoul',
      hostCountry: 'KR',
      startDate: '2024-09-24',
      endDate: '2024-09-26',
      status: 'published',
      ...overrides,
    });
  }

  function session(overrides: Record<string, unknown> = {}): Record<string, unknown> {
    return {
      kind: 'meeting',
      title: { fr: 'Rencontre avec l’ambassade de France', ko: '주한 프랑스 대사관 방문' },
      startsAt: '2024-09-24T14:00:00+09:00',
      endsAt: '2024-09-24T15:30:00+09:00',
      venueName: unique('Ambassade de France'),
      venueCity: 'Séoul',
      status: 'published',
      ...overrides,
    };
  }

  async function create(forumId: string, overrides: Record<string, unknown> = {}) {
    const response = await post(`/api/forums/${forumId}/sessions`, session(overrides));
    expect(response.statusCode).toBe(201);
    return response.json<{ id: string; sequence: number; warnings: string[]; startsAt: Instant; endsAt: Instant }>();
  }

  describe('time in Paris and Seoul', () => {
    it('shows 09:00 in Paris as 16:00 in Seoul on 24 September 2024 (summer time)', async () => {
      const forum = await forum2024();
      const seminar = await create(forum.id, {
        kind: 'plenary',
        startsAt: '2024-09-24T09:00',
        endsAt: '2024-09-24T10:30',
        timeZone: 'Europe/Paris',
      });

      expect(seminar.startsAt).toEqual({
        instant: '2024-09-24T07:00:00.000Z',
        forum: { zone: 'Asia/Seoul', local: '2024-09-24T16:00:00+09:00' },
        paris: { zone: 'Europe/Paris', local: '2024-09-24T09:00:00+02:00' },
        seoul: { zone: 'Asia/Seoul', local: '2024-09-24T16:00:00+09:00' },
      });
    });

    it('shows 09:00 in Paris as 17:00 in Seoul on 21 March 2024 (winter time)', async () => {
      const forum = await createForum(h, {
        timeZone: 'Europe/Paris',
        hostCountry: 'FR',
        startDate: '2024-03-21',
        endDate: '2024-03-21',
        status: 'published',
      });
      const video = await create(forum.id, {
        kind: 'seminar',
        startsAt: '2024-03-21T09:00',
        endsAt: '2024-03-21T11:00',
        timeZone: 'Europe/Paris',
        venueName: null,
        onlineUrl: 'https://visio.example.org/seminaire',
      });

      expect(video.startsAt.paris.local).toBe('2024-03-21T09:00:00+01:00');
      expect(video.startsAt.seoul.local).toBe('2024-03-21T17:00:00+09:00');
      expect(video.startsAt.forum).toEqual(video.startsAt.paris);
    });

    it('refuses a local time the clocks skip, asks which one is meant when they pass it twice, and never guesses a zone', async () => {
      const forum = await createForum(h, { timeZone: 'Europe/Paris', startDate: '2024-03-30', endDate: '2024-10-28' });
      const gap = await post(
        `/api/forums/${forum.id}/sessions`,
        session({ startsAt: '2024-03-31T02:30', endsAt: '2024-03-31T04:00', timeZone: 'Europe/Paris' }),
      );
      const overlap = await post(
        `/api/forums/${forum.id}/sessions`,
        session({ startsAt: '2024-10-27T02:30', endsAt: '2024-10-27T04:00', timeZone: 'Europe/Paris' }),
      );
      const silent = await post(`/api/forums/${forum.id}/sessions`, session({ startsAt: '2024-09-24T09:00', endsAt: '2024-09-24T10:00' }));

      expect(gap.statusCode).toBe(400);
      expect(gap.json()).toMatchObject({ code: 'NONEXISTENT_LOCAL_TIME', errors: [{ field: 'startsAt' }] });
      expect(overlap.statusCode).toBe(400);
      expect(overlap.json()).toMatchObject({
        code: 'AMBIGUOUS_LOCAL_TIME',
        candidates: ['2024-10-27T02:30:00+02:00', '2024-10-27T02:30:00+01:00'],
      });
      expect(silent.statusCode).toBe(400);
      expect(silent.json().errors[0]).toMatchObject({ field: 'startsAt', message: expect.stringContaining('no offset') });
    });
  });

  describe('the 2024 programme from the minutes, read in French and Korean', () => {
    it('groups published sessions by day in the forum’s zone, with hosts, venue, theme and seats', async () => {
      const forum = await forum2024();
      const theme = (
        await post(`/api/forums/${forum.id}/themes`, { title: { fr: 'Culture, tourisme, gastronomie', ko: '문화, 관광, 미식' } })
      ).json<{ id: string }>();
      const garok = await createOrganisation(h, { name: unique('GAROK'), country: 'KR', kind: 'association' });
      const seocho = await createOrganisation(h, { name: unique('Seocho-gu'), nameKo: '서초구', country: 'KR', kind: 'district' });
      const issy = await createOrganisation(h, { name: unique('Issy-les-Moulineaux') });
      const nantes = await createOrganisation(h, { name: unique('Nantes Métropole'), kind: 'metropole' });
      const suwon = await createOrganisation(h, { name: unique('Suwon'), country: 'KR', kind: 'special_city' });

      await create(forum.id, {
        kind: 'reception',
        title: { fr: 'Accueil par le secrétaire général de GAROK', ko: '시도지사협의회 사무총장 환영' },
        startsAt: '2024-09-24T10:00:00+09:00',
        endsAt: '2024-09-24T11:00:00+09:00',
        hosts: [{ organisationId: garok.id, role: 'host' }],
      });
      const seminar = await create(forum.id, {
        kind: 'seminar',
        title: { fr: 'Séminaire : diplomatie locale et attractivité territoriale', ko: '세미나: 지방 외교와 지역 매력' },
        startsAt: '2024-09-25T09:30:00+09:00',
        endsAt: '2024-09-25T12:30:00+09:00',
        interpretation: 'simultaneous',
        interpretationLanguages: ['fr', 'ko'],
        hosts: [
          { organisationId: issy.id, role: 'co_host' },
          { organisationId: nantes.id, role: 'speaker' },
          { organisationId: seocho.id, role: 'co_host' },
          { organisationId: suwon.id, role: 'speaker' },
        ],
      });
      expect(seminar.warnings).toEqual([]);
      await create(forum.id, {
        kind: 'field_visit',
        title: { fr: 'Visite de Seocho', ko: '서초구 방문' },
        themeId: theme.id,
        startsAt: '2024-09-25T14:00:00+09:00',
        endsAt: '2024-09-25T17:00:00+09:00',
        capacity: 30,
        meetingPoint: 'Hall de l’hôtel',
        transportNotes: 'Car, 40 minutes',
        hosts: [{ organisationId: seocho.id, role: 'host' }],
      });
      await create(forum.id, { status: 'draft', startsAt: '2024-09-26T10:00:00+09:00', endsAt: '2024-09-26T11:00:00+09:00' });

      const fr = (await get(`/api/forums/${forum.id}/programme?lang=fr`, {})).json();
      const ko = (await get(`/api/forums/${forum.slug}/programme?lang=ko`, {})).json();

      expect(fr.days.map((d: { date: string }) => d.date)).toEqual(['2024-09-24', '2024-09-25']);
      expect(fr.days[1].sessions.map((s: { title: string }) => s.title)).toEqual([
        'Séminaire : diplomatie locale et attractivité territoriale',
        'Visite de Seocho',
      ]);
      expect(ko.days[1].sessions.map((s: { title: string }) => s.title)).toEqual(['세미나: 지방 외교와 지역 매력', '서초구 방문']);
      const visit = ko.days[1].sessions[1];
      expect(visit).toMatchObject({
        kind: 'field_visit',
        capacity: 30,
        seatsLeft: 30,
        meetingPoint: 'Hall de l’hôtel',
        theme: { id: theme.id, title: '문화, 관광, 미식' },
      });
      expect(visit.hosts).toEqual([{ organisation: expect.objectContaining({ id: seocho.id, nameKo: '서초구' }), role: 'host' }]);
      expect(visit.startsAt.paris.local).toBe('2024-09-25T07:00:00+02:00');
      expect(fr.days[1].sessions[0].interpretation).toEqual({ mode: 'simultaneous', languages: ['fr', 'ko'] });

      const visits = (await get(`/api/forums/${forum.id}/programme?kind=field_visit`, {})).json();
      const byTheme = (await get(`/api/forums/${forum.id}/programme?theme=${theme.id}`, {})).json();
      const firstDay = (await get(`/api/forums/${forum.id}/programme?day=2024-09-24`, {})).json();
      expect(visits.days.flatMap((d: { sessions: unknown[] }) => d.sessions)).toHaveLength(1);
      expect(byTheme.days.flatMap((d: { sessions: unknown[] }) => d.sessions)).toHaveLength(1);
      expect(firstDay.days).toHaveLength(1);
      expect(firstDay.days[0].sessions.map((s: { kind: string }) => s.kind)).toEqual(['reception']);
    });

    it('falls back to French, then English, then Korean for a missing language', async () => {
      const forum = await forum2024();
      await create(forum.id, { title: { ko: '환영 만찬' } });
      const en = (await get(`/api/forums/${forum.id}/programme?lang=en`, {})).json();
      expect(en.days[0].sessions[0].title).toBe('환영 만찬');
    });

    it('keeps a draft edition’s programme from anonymous readers', async () => {
      const forum = await forum2024({ status: 'draft' });
      expect((await get(`/api/forums/${forum.id}/programme`, {})).statusCode).toBe(404);
      expect((await get(`/api/forums/${forum.id}/programme`)).statusCode).toBe(200);
    });

    it('answers the programme in a fixed number of queries, whatever the number of sessions', async () => {
      const orm = h.app.get(MikroORM);
      const count = async (forumId: string) => {
        const connection = orm.em.getConnection();
        const spy = jest.spyOn(connection, 'execute');
        await get(`/api/forums/${forumId}/programme`, {});
        const calls = spy.mock.calls.length;
        spy.mockRestore();
        return calls;
      };
      const small = await forum2024();
      const large = await forum2024();
      const host = await createOrganisation(h);
      for (let i = 0; i < 2; i += 1) {
        await create(small.id, {
          startsAt: `2024-09-24T1${i}:00:00+09:00`,
          endsAt: `2024-09-24T1${i}:30:00+09:00`,
          hosts: [{ organisationId: host.id, role: 'host' }],
        });
      }
      for (let i = 0; i < 12; i += 1) {
        const hour = String(8 + i).padStart(2, '0');
        await create(large.id, {
          startsAt: `2024-09-25T${hour}:00:00+09:00`,
          endsAt: `2024-09-25T${hour}:30:00+09:00`,
          hosts: [{ organisationId: host.id, role: 'host' }],
        });
      }

      const [few, many] = [await count(small.id), await count(large.id)];
      expect(few).toBeGreaterThan(0);
      expect(many).toBe(few);
    });
  });

  describe('sequence and history', () => {
    it('raises the sequence once for a change of time, and not for a change of description', async () => {
      const forum = await forum2024();
      const created = await create(forum.id);
      const url = `/api/forums/${forum.id}/sessions/${created.id}`;

      const moved = await patch(url, { startsAt: '2024-09-24T14:30:00+09:00', endsAt: '2024-09-24T16:00:00+09:00' });
      expect(moved.json().sequence).toBe(created.sequence + 1);
      const described = await patch(url, { description: { fr: 'Ordre du jour à venir' } });
      expect(described.json().sequence).toBe(created.sequence + 1);
      const renamed = await patch(url, { title: { fr: 'Rencontre à l’ambassade', ko: '대사관 간담회' } });
      expect(renamed.json().sequence).toBe(created.sequence + 2);
      const same = await patch(url, { title: { fr: 'Rencontre à l’ambassade', ko: '대사관 간담회' } });
      expect(same.json().sequence).toBe(created.sequence + 2);

      const history = (await get(`${url}/changes`)).json<
        { sequence: number; visible: boolean; changes: Record<string, { before: unknown; after: unknown }>; changedBy: string }[]
      >();
      expect(history.map((c) => [c.sequence, c.visible])).toEqual([
        [0, false],
        [1, true],
        [1, false],
        [2, true],
      ]);
      expect(history[1].changes.startsAt).toEqual({ before: '2024-09-24T05:00:00.000Z', after: '2024-09-24T05:30:00.000Z' });
      expect(history[1].changedBy).toBe('bootstrap admin (ADMIN_TOKEN)');
    });

    it('cancels a published session with a reason, which raises the sequence; it cannot be deleted', async () => {
      const forum = await forum2024();
      const created = await create(forum.id);
      const url = `/api/forums/${forum.id}/sessions/${created.id}`;

      expect((await h.app.inject({ method: 'DELETE', url, headers: auth })).statusCode).toBe(409);
      const noReason = await post(`${url}/cancel`, {});
      expect(noReason.statusCode).toBe(400);
      expect(noReason.json().errors[0].field).toBe('reason');
      const cancelled = await post(`${url}/cancel`, { reason: 'Typhon' });
      expect(cancelled.json()).toMatchObject({ status: 'cancelled', cancelReason: 'Typhon', sequence: created.sequence + 1 });
      expect((await get(`/api/forums/${forum.id}/programme`, {})).json().days).toEqual([]);
    });

    it('deletes a draft', async () => {
      const forum = await forum2024();
      const draft = await create(forum.id, { status: 'draft' });
      expect(
        (await h.app.inject({ method: 'DELETE', url: `/api/forums/${forum.id}/sessions/${draft.id}`, headers: auth })).statusCode,
      ).toBe(204);
    });
  });

  describe('rules', () => {
    it('refuses an end before the start and a session outside the edition’s dates', async () => {
      const forum = await forum2024();
      const backwards = await post(
        `/api/forums/${forum.id}/sessions`,
        session({ startsAt: '2024-09-24T15:00:00+09:00', endsAt: '2024-09-24T14:00:00+09:00' }),
      );
      const outside = await post(
        `/api/forums/${forum.id}/sessions`,
        session({ startsAt: '2024-09-27T10:00:00+09:00', endsAt: '2024-09-27T11:00:00+09:00' }),
      );
      // 23:00 in Paris on the 23rd is already the 24th in Seoul, inside the edition.
      const inSeoulTime = await post(
        `/api/forums/${forum.id}/sessions`,
        session({ startsAt: '2024-09-23T23:00', endsAt: '2024-09-23T23:30', timeZone: 'Europe/Paris' }),
      );

      expect(backwards.json()).toMatchObject({ code: 'VALIDATION_FAILED', errors: [{ field: 'endsAt' }] });
      expect(outside.json().errors[0]).toMatchObject({ field: 'endsAt', message: expect.stringContaining('2024-09-24 to 2024-09-26') });
      expect(inSeoulTime.statusCode).toBe(201);
    });

    it('only warns while the edition’s dates are open', async () => {
      const forum = await createForum(h, { startDate: null, endDate: null });
      const created = await create(forum.id);
      expect(created.warnings).toEqual([expect.stringContaining('not fixed yet')]);
    });

    it('refuses to book the same venue twice at once, even when asked at the same moment', async () => {
      const forum = await forum2024();
      const venueName = unique('Seoul Global Center');
      await create(forum.id, { venueName, startsAt: '2024-09-24T09:00:00+09:00', endsAt: '2024-09-24T11:00:00+09:00' });

      const overlapping = await post(
        `/api/forums/${forum.id}/sessions`,
        session({ venueName: venueName.toUpperCase(), startsAt: '2024-09-24T10:30:00+09:00', endsAt: '2024-09-24T12:00:00+09:00' }),
      );
      expect(overlapping.statusCode).toBe(409);
      expect(overlapping.json()).toMatchObject({ code: 'VENUE_TAKEN', errors: [{ field: 'venueName' }] });
      expect(
        (
          await post(
            `/api/forums/${forum.id}/sessions`,
            session({ venueName, startsAt: '2024-09-24T11:00:00+09:00', endsAt: '2024-09-24T12:00:00+09:00' }),
          )
        ).statusCode,
      ).toBe(201);

      const racing = unique('Hall');
      const results = await Promise.all(
        [1, 2, 3].map(() =>
          post(
            `/api/forums/${forum.id}/sessions`,
            session({ venueName: racing, startsAt: '2024-09-25T09:00:00+09:00', endsAt: '2024-09-25T10:00:00+09:00' }),
          ),
        ),
      );
      expect(results.map((r) => r.statusCode).sort()).toEqual([201, 409, 409]);
    });

    it('needs a capacity and a host for a field visit, naming each', async () => {
      const forum = await forum2024();
      const response = await post(`/api/forums/${forum.id}/sessions`, session({ kind: 'field_visit' }));
      expect(response.statusCode).toBe(400);
      expect(
        response
          .json()
          .errors.map((e: { field: string }) => e.field)
          .sort(),
      ).toEqual(['capacity', 'hosts']);
    });

    it('warns when a seminar is not led by French and Korean authorities together', async () => {
      const forum = await forum2024();
      const [a, b] = [await createOrganisation(h), await createOrganisation(h)];
      const created = await create(forum.id, {
        kind: 'workshop',
        hosts: [
          { organisationId: a.id, role: 'host' },
          { organisationId: b.id, role: 'co_host' },
        ],
      });
      expect(created.warnings).toEqual([expect.stringContaining('French and Korean')]);
    });

    it.each([
      ['an unknown kind', { kind: 'party' }, 'kind'],
      ['no title', { title: undefined }, 'title'],
      ['an unknown host', { hosts: [{ organisationId: '00000000-0000-4000-8000-000000000000', role: 'host' }] }, 'hosts.0.organisationId'],
      ['an unknown host role', { hosts: [{ organisationId: '00000000-0000-4000-8000-000000000000', role: 'chair' }] }, 'hosts.0.role'],
      ['neither venue nor link', { venueName: null }, 'venueName'],
      ['a bad link', { onlineUrl: 'zoom' }, 'onlineUrl'],
      ['a zero capacity', { capacity: 0 }, 'capacity'],
      ['interpretation without languages', { interpretation: 'consecutive' }, 'interpretationLanguages'],
      ['a time that is not one', { startsAt: 'demain 9h' }, 'startsAt'],
      ['an unknown zone', { startsAt: '2024-09-24T09:00', timeZone: 'Seoul' }, 'timeZone'],
      ['a theme of no edition', { themeId: '00000000-0000-4000-8000-000000000000' }, 'themeId'],
    ])('refuses %s with 400 naming %s', async (_, overrides, field) => {
      const forum = await forum2024();
      const response = await post(`/api/forums/${forum.id}/sessions`, session(overrides));
      expect(response.statusCode).toBe(400);
      expect(response.json().errors.map((e: { field: string }) => e.field)).toContain(field);
    });
  });
});
