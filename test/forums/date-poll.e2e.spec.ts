import { accessTokenFor, createContact, createForum, createOrganisation, invite } from '../support/factories';
import { auth, Harness, startHarness, unique } from '../support/harness';

/** The cookies a response sets, as a Cookie header. */
function cookiesOf(setCookie: string | string[] | undefined): string {
  return [setCookie ?? []]
    .flat()
    .map((c) => c.split(';')[0])
    .join('; ');
}

interface PollOption {
  rank: number;
  option: { id: string; startDate: string; endDate: string; preferred: boolean };
  tally: { yes: number; ifNeedBe: number; no: number; notYetAnswered: number };
  votes: { organisation: { id: string }; answer: string; comment: string | null }[];
  conflicts: {
    holidays: { country: string; name: string; startDate: string; endDate: string; relation: string }[];
    blackouts: { organisation: { id: string }; reason: string | null }[];
  };
  chosen: boolean;
}

describe('Date poll of the 2nd Franco-Korean Forum (minutes of 27 February 2024)', () => {
  let h: Harness;

  beforeAll(async () => {
    h = await startHarness();
  });

  afterAll(async () => {
    await h.close();
  });

  const send = (
    method: 'POST' | 'PUT' | 'PATCH' | 'DELETE',
    url: string,
    payload?: Record<string, unknown>,
    headers: Record<string, string> = auth,
  ) => h.app.inject({ method, url, headers, payload });
  const get = (url: string, headers: Record<string, string> = auth) => h.app.inject({ method: 'GET', url, headers });

  async function scenario() {
    const forum = await createForum(h, { startDate: null, endDate: null, timeZone: 'Asia/Seoul', hostCountry: 'KR' });
    const option = async (body: Record<string, unknown>) => {
      const response = await send('POST', `/api/forums/${forum.id}/date-options`, body);
      expect(response.statusCode).toBe(201);
      return response.json<{ id: string; warnings: string[] }>();
    };
    const preferred = await option({ startDate: '2024-09-24', endDate: '2024-09-26', preferred: true, note: 'Après Chuseok' });
    const later = await option({ startDate: '2024-09-29', endDate: '2024-10-01' });
    const chuseok = await option({ startDate: '2024-09-16', endDate: '2024-09-18' });
    const issy = await createOrganisation(h, { name: unique('Issy-les-Moulineaux') });
    const nantes = await createOrganisation(h, { name: unique('Nantes Métropole'), kind: 'metropole' });
    const seocho = await createOrganisation(h, { name: unique('Seocho-gu'), nameKo: '서초구', country: 'KR', kind: 'district' });
    const outsider = await createOrganisation(h);
    await invite(h, forum.id, [issy.id, nantes.id, seocho.id]);
    await send('POST', `/api/organisations/${nantes.id}/blackouts`, {
      startDate: '2024-09-25',
      endDate: '2024-09-25',
      reason: 'Conseil métropolitain',
    });
    await send('POST', `/api/organisations/${outsider.id}/blackouts`, {
      startDate: '2024-09-24',
      endDate: '2024-09-30',
      reason: 'Not invited, not shown',
    });
    return { forum, preferred, later, chuseok, issy, nantes, seocho, outsider };
  }

  const vote = (
    forumId: string,
    optionId: string,
    organisationId: string,
    answer: string,
    headers: Record<string, string> = auth,
    comment?: string,
  ) => send('PUT', `/api/forums/${forumId}/date-options/${optionId}/votes/${organisationId}`, { answer, comment }, headers);

  it('shows Chuseok on the option that covers 16–18 September, and the blackout of an invited organisation with its reason', async () => {
    const s = await scenario();
    const poll = (await get(`/api/forums/${s.forum.id}/date-poll?lang=en`)).json<{ options: PollOption[] }>();
    const byId = (id: string) => poll.options.find((o) => o.option.id === id) as PollOption;

    expect(byId(s.chuseok.id).conflicts.holidays).toEqual([
      { country: 'KR', name: 'Korean Thanksgiving', startDate: '2024-09-16', endDate: '2024-09-18', relation: 'overlaps' },
    ]);
    expect(byId(s.preferred.id).conflicts.blackouts).toEqual([
      expect.objectContaining({
        organisation: expect.objectContaining({ id: s.nantes.id }),
        reason: 'Conseil métropolitain',
        startDate: '2024-09-25',
        endDate: '2024-09-25',
      }),
    ]);
    expect(byId(s.later.id).conflicts.blackouts).toEqual([]);
    expect(byId(s.preferred.id).conflicts.holidays).toEqual([]);
  });

  it('shows a holiday the day after an option as touching it', async () => {
    const s = await scenario();
    const response = await send('POST', `/api/forums/${s.forum.id}/date-options`, { startDate: '2024-10-01', endDate: '2024-10-02' });
    const poll = (await get(`/api/forums/${s.forum.id}/date-poll?lang=ko`)).json<{ options: PollOption[] }>();
    const option = poll.options.find((o) => o.option.id === response.json<{ id: string }>().id) as PollOption;

    expect(option.conflicts.holidays).toContainEqual({
      country: 'KR',
      name: '개천절',
      startDate: '2024-10-03',
      endDate: '2024-10-03',
      relation: 'touches',
    });
  });

  it('tallies the votes, counts who has not answered, and ranks yes, then if-need-be, then conflicts, then preference', async () => {
    const s = await scenario();
    expect((await vote(s.forum.id, s.preferred.id, s.issy.id, 'yes')).statusCode).toBe(200);
    await vote(s.forum.id, s.preferred.id, s.nantes.id, 'if_need_be', auth, 'Conseil le 25');
    await vote(s.forum.id, s.later.id, s.issy.id, 'yes');
    await vote(s.forum.id, s.later.id, s.nantes.id, 'if_need_be');
    await vote(s.forum.id, s.chuseok.id, s.issy.id, 'no');
    // Seocho answers for itself through its magic link.
    const contact = await createContact(h, s.seocho.id, { firstName: '민지', lastName: '김', locale: 'ko' });
    const { headers } = await accessTokenFor(h, contact.id, s.forum.id);
    const own = await vote(s.forum.id, s.preferred.id, s.seocho.id, 'yes', headers);
    expect(own.statusCode).toBe(200);
    expect(own.json()).toMatchObject({ answer: 'yes', castBy: expect.stringContaining('magic link') });

    const poll = (await get(`/api/forums/${s.forum.id}/date-poll`, headers)).json<{
      open: boolean;
      invitedCount: number;
      options: PollOption[];
    }>();

    expect(poll.open).toBe(true);
    expect(poll.invitedCount).toBe(3);
    expect(poll.options.map((o) => [o.rank, o.option.id])).toEqual([
      [1, s.preferred.id],
      [2, s.later.id],
      [3, s.chuseok.id],
    ]);
    expect(poll.options[0].tally).toEqual({ yes: 2, ifNeedBe: 1, no: 0, notYetAnswered: 0 });
    expect(poll.options[1].tally).toEqual({ yes: 1, ifNeedBe: 1, no: 0, notYetAnswered: 1 });
    expect(poll.options[2].tally).toEqual({ yes: 0, ifNeedBe: 0, no: 1, notYetAnswered: 2 });
    expect(poll.options[0].votes.find((v) => v.organisation.id === s.nantes.id)?.comment).toBe('Conseil le 25');
  });

  it('ranks equal votes by fewer conflicts, then by the preferred option', async () => {
    const s = await scenario();
    const poll = (await get(`/api/forums/${s.forum.id}/date-poll`)).json<{ options: PollOption[] }>();
    // No votes: the later option has no conflict, the preferred one a blackout, Chuseok a holiday.
    expect(poll.options.map((o) => o.option.id)).toEqual([s.later.id, s.preferred.id, s.chuseok.id]);

    await send(
      'DELETE',
      `/api/organisations/${s.nantes.id}/blackouts/${(await get(`/api/organisations/${s.nantes.id}/blackouts`)).json<{ id: string }[]>()[0].id}`,
    );
    const again = (await get(`/api/forums/${s.forum.id}/date-poll`)).json<{ options: PollOption[] }>();
    expect(again.options[0].option.id).toBe(s.preferred.id);
  });

  it('replaces a vote rather than adding one', async () => {
    const s = await scenario();
    await vote(s.forum.id, s.later.id, s.issy.id, 'yes');
    await vote(s.forum.id, s.later.id, s.issy.id, 'no');
    const option = (await get(`/api/forums/${s.forum.id}/date-poll`))
      .json<{ options: PollOption[] }>()
      .options.find((o) => o.option.id === s.later.id) as PollOption;
    expect(option.votes).toHaveLength(1);
    expect(option.tally).toMatchObject({ yes: 0, no: 1 });
  });

  it('refuses a vote from an organisation not invited, for an option of another forum, or outside the three answers', async () => {
    const s = await scenario();
    const other = await scenario();

    const notInvited = await vote(s.forum.id, s.preferred.id, s.outsider.id, 'yes');
    const otherForum = await vote(s.forum.id, other.preferred.id, s.issy.id, 'yes');
    const badAnswer = await vote(s.forum.id, s.preferred.id, s.issy.id, 'maybe');

    expect(notInvited.statusCode).toBe(409);
    expect(notInvited.json().code).toBe('NOT_INVITED');
    expect(otherForum.statusCode).toBe(404);
    expect(badAnswer.statusCode).toBe(400);
    expect(badAnswer.json().errors[0].field).toBe('answer');
    const poll = (await get(`/api/forums/${s.forum.id}/date-poll`)).json<{ options: PollOption[] }>();
    expect(poll.options.flatMap((o) => o.votes)).toEqual([]);
  });

  it('does not let a magic link vote for another organisation or read another edition’s poll', async () => {
    const s = await scenario();
    const other = await scenario();
    const contact = await createContact(h, s.seocho.id);
    const { headers } = await accessTokenFor(h, contact.id, s.forum.id);

    expect((await vote(s.forum.id, s.preferred.id, s.issy.id, 'no', headers)).statusCode).toBe(403);
    expect((await get(`/api/forums/${other.forum.id}/date-poll`, headers)).statusCode).toBe(403);
  });

  it('shows a member the other authorities’ answers and conflicts, never their reasons for dates to avoid or their addresses', async () => {
    const s = await scenario();
    const issyContact = await createContact(h, s.issy.id, { email: `${unique('maire')}@issy.test` });
    const issy = await accessTokenFor(h, issyContact.id, s.forum.id);
    expect((await vote(s.forum.id, s.preferred.id, s.issy.id, 'no', issy.headers, 'Notre maire est à Séoul ce jour-là')).statusCode).toBe(
      200,
    );
    const seochoContact = await createContact(h, s.seocho.id, { email: `${unique('gu')}@seocho.test` });
    const seocho = await accessTokenFor(h, seochoContact.id, s.forum.id);
    await send('POST', `/api/organisations/${s.seocho.id}/blackouts`, {
      startDate: '2024-09-26',
      endDate: '2024-09-26',
      reason: 'Festival de Seocho',
    });
    expect((await vote(s.forum.id, s.preferred.id, s.seocho.id, 'yes', seocho.headers, 'Avec plaisir')).statusCode).toBe(200);

    const read = await get(`/api/forums/${s.forum.id}/date-poll`, seocho.headers);
    expect(read.statusCode).toBe(200);
    for (const secret of ['Conseil métropolitain', String(issyContact.email)]) {
      expect(read.body).not.toContain(secret);
    }
    const preferred = read
      .json<{ options: (PollOption & { votes: { castBy: string | null }[] })[] }>()
      .options.find((o) => o.option.id === s.preferred.id) as PollOption & {
      votes: { organisation: { id: string }; castBy: string | null }[];
    };
    // Others: the answer (with the comment written for the poll) and the conflict, not who answered nor why the dates are to avoid.
    expect(preferred.votes.find((v) => v.organisation.id === s.issy.id)).toMatchObject({
      answer: 'no',
      comment: 'Notre maire est à Séoul ce jour-là',
      castBy: null,
    });
    expect(preferred.conflicts.blackouts.find((b) => b.organisation.id === s.nantes.id)).toMatchObject({
      reason: null,
      startDate: '2024-09-25',
    });
    // Its own: everything.
    expect(preferred.votes.find((v) => v.organisation.id === s.seocho.id)).toMatchObject({
      answer: 'yes',
      comment: 'Avec plaisir',
      castBy: expect.stringContaining(String(seochoContact.email)),
    });
    expect(preferred.conflicts.blackouts.find((b) => b.organisation.id === s.seocho.id)).toMatchObject({ reason: 'Festival de Seocho' });

    // Organisers see it all.
    const organisers = await get(`/api/forums/${s.forum.id}/date-poll`);
    expect(organisers.body).toContain('Conseil métropolitain');
    expect(organisers.body).toContain(String(issyContact.email));

    // The member's page says the same, and no more.
    const landing = await h.app.inject({ method: 'GET', url: `/access?token=${seocho.token}` });
    expect(landing.statusCode).toBe(303);
    const cookie = cookiesOf(landing.headers['set-cookie']);
    const forum = (await get(`/api/forums/${s.forum.id}`)).json<{ slug: string }>();
    const page = await h.app.inject({ method: 'GET', url: `/forums/${forum.slug}/poll?lang=fr`, headers: { cookie, accept: 'text/html' } });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Festival de Seocho');
    for (const secret of ['Conseil métropolitain', String(issyContact.email)]) {
      expect(page.body).not.toContain(secret);
    }
    expect(page.body).toContain(s.nantes.name as string);
  });

  it('opens nothing to the magic link of an organisation no longer invited, on the API or the pages', async () => {
    const s = await scenario();
    const contact = await createContact(h, s.seocho.id);
    const link = await accessTokenFor(h, contact.id, s.forum.id);
    const landing = await h.app.inject({ method: 'GET', url: `/access?token=${link.token}` });
    const cookie = cookiesOf(landing.headers['set-cookie']);
    const forum = (await get(`/api/forums/${s.forum.id}`)).json<{ slug: string }>();
    expect((await get(`/api/forums/${s.forum.id}/date-poll`, link.headers)).statusCode).toBe(200);

    expect((await send('DELETE', `/api/forums/${s.forum.id}/invitations/${s.seocho.id}`)).statusCode).toBe(204);

    for (const url of [
      `/api/forums/${s.forum.id}/date-poll`,
      `/api/forums/${s.forum.id}/date-options`,
      `/api/organisations/${s.seocho.id}`,
      '/api/me',
    ]) {
      const response = await get(url, link.headers);
      expect({ url, status: response.statusCode }).toEqual({ url, status: 403 });
      expect(response.body).not.toContain('Conseil métropolitain');
    }
    for (const url of [`/forums/${forum.slug}/poll`, `/forums/${forum.slug}/registration`]) {
      const page = await h.app.inject({ method: 'GET', url, headers: { cookie, accept: 'text/html' } });
      expect({ url, status: page.statusCode }).toEqual({ url, status: 403 });
      expect(page.body).not.toContain('Conseil métropolitain');
    }
    expect((await h.app.inject({ method: 'GET', url: `/access?token=${link.token}`, headers: { accept: 'text/html' } })).statusCode).toBe(
      403,
    );
  });

  it('fixes the dates and closes the poll on choosing; choosing again is recorded as a change', async () => {
    const s = await scenario();
    const first = await send('POST', `/api/forums/${s.forum.id}/date-options/${s.preferred.id}/choose`);
    expect(first.statusCode).toBe(200);
    expect(first.json()).toMatchObject({ startDate: '2024-09-24', endDate: '2024-09-26', previousStartDate: null, changed: false });

    const forum = (await get(`/api/forums/${s.forum.id}`)).json();
    expect(forum).toMatchObject({ startDate: '2024-09-24', endDate: '2024-09-26', datesFixed: true, pollOpen: false });
    const late = await vote(s.forum.id, s.later.id, s.issy.id, 'yes');
    expect(late.statusCode).toBe(409);
    expect(late.json().code).toBe('POLL_CLOSED');

    const second = await send('POST', `/api/forums/${s.forum.id}/date-options/${s.later.id}/choose`);
    expect(second.json()).toMatchObject({
      startDate: '2024-09-29',
      endDate: '2024-10-01',
      previousStartDate: '2024-09-24',
      previousEndDate: '2024-09-26',
      changed: true,
    });
    const poll = (await get(`/api/forums/${s.forum.id}/date-poll`)).json<{ open: boolean; options: PollOption[] }>();
    expect(poll.open).toBe(false);
    expect(poll.options.filter((o) => o.chosen).map((o) => o.option.id)).toEqual([s.later.id]);
    const history = (await get(`/api/audit?entityType=DateChoice&perPage=100`)).json<{ items: { changes: { forum?: string } | null }[] }>();
    expect(history.items.filter((e) => e.changes?.forum === s.forum.id)).toHaveLength(2);
  });

  it('refuses to choose an option of another forum', async () => {
    const s = await scenario();
    const other = await scenario();
    expect((await send('POST', `/api/forums/${s.forum.id}/date-options/${other.preferred.id}/choose`)).statusCode).toBe(404);
    expect((await get(`/api/forums/${s.forum.id}`)).json().datesFixed).toBe(false);
  });

  it('closes and reopens the poll', async () => {
    const s = await scenario();
    expect((await send('POST', `/api/forums/${s.forum.id}/date-poll/close`)).json().pollOpen).toBe(false);
    expect((await vote(s.forum.id, s.later.id, s.issy.id, 'yes')).statusCode).toBe(409);
    expect((await send('POST', `/api/forums/${s.forum.id}/date-poll/reopen`)).json().pollOpen).toBe(true);
    expect((await vote(s.forum.id, s.later.id, s.issy.id, 'yes')).statusCode).toBe(200);
  });

  describe('date options', () => {
    it('refuses an end before the start and the same dates twice', async () => {
      const s = await scenario();
      const backwards = await send('POST', `/api/forums/${s.forum.id}/date-options`, { startDate: '2024-10-01', endDate: '2024-09-29' });
      const twice = await send('POST', `/api/forums/${s.forum.id}/date-options`, { startDate: '2024-09-24', endDate: '2024-09-26' });

      expect(backwards.statusCode).toBe(400);
      expect(backwards.json().errors[0].field).toBe('endDate');
      expect(twice.statusCode).toBe(409);
      expect(twice.json().code).toBe('DUPLICATE_OPTION');
    });

    it('accepts a past option but says so', async () => {
      const forum = await createForum(h, { startDate: null, endDate: null });
      const response = await send('POST', `/api/forums/${forum.id}/date-options`, { startDate: '2023-06-02', endDate: '2023-06-08' });
      expect(response.statusCode).toBe(201);
      expect(response.json().warnings).toEqual([expect.stringContaining('in the past')]);
    });

    it('keeps the same calendar dates whatever the server’s zone', async () => {
      const s = await scenario();
      const options = (await get(`/api/forums/${s.forum.id}/date-options`)).json<{ startDate: string; endDate: string }[]>();
      expect(options.map((o) => `${o.startDate}/${o.endDate}`)).toEqual([
        '2024-09-16/2024-09-18',
        '2024-09-24/2024-09-26',
        '2024-09-29/2024-10-01',
      ]);
    });
  });

  describe('themes', () => {
    const THEMES = [
      { fr: 'Intelligence artificielle et villes coréennes', ko: '인공지능과 한국 도시' },
      { fr: 'Développement économique et attractivité territoriale', ko: '경제 발전과 지역 매력' },
      { fr: 'Culture, tourisme, gastronomie', ko: '문화, 관광, 미식' },
      { fr: 'Climat, énergie, eau et propreté', ko: '기후, 에너지, 물, 청결' },
    ];

    async function withThemes() {
      const s = await scenario();
      const ids: string[] = [];
      for (const title of THEMES) {
        ids.push((await send('POST', `/api/forums/${s.forum.id}/themes`, { title })).json<{ id: string }>().id);
      }
      return { ...s, themeIds: ids };
    }

    it('lists the four themes in order with how invited organisations ranked them', async () => {
      const s = await withThemes();
      await send('PUT', `/api/forums/${s.forum.id}/theme-interests/${s.issy.id}`, { themeIds: [s.themeIds[0], s.themeIds[3]] });
      await send('PUT', `/api/forums/${s.forum.id}/theme-interests/${s.seocho.id}`, {
        themeIds: [s.themeIds[3], s.themeIds[0], s.themeIds[2]],
      });

      const themes = (await get(`/api/forums/${s.forum.id}/themes`)).json<
        {
          id: string;
          position: number;
          title: { ko: string };
          interest: { interested: number; firstChoice: number; averageRank: number | null };
        }[]
      >();

      expect(themes.map((t) => t.position)).toEqual([1, 2, 3, 4]);
      expect(themes[0].title.ko).toBe('인공지능과 한국 도시');
      expect(themes.map((t) => t.interest)).toEqual([
        { interested: 2, firstChoice: 1, averageRank: 1.5 },
        { interested: 0, firstChoice: 0, averageRank: null },
        { interested: 1, firstChoice: 0, averageRank: 3 },
        { interested: 2, firstChoice: 1, averageRank: 1.5 },
      ]);
    });

    it('replaces a ranking, and refuses themes of another edition or an organisation not invited', async () => {
      const s = await withThemes();
      const other = await withThemes();
      const url = `/api/forums/${s.forum.id}/theme-interests/${s.issy.id}`;
      await send('PUT', url, { themeIds: [s.themeIds[0], s.themeIds[1]] });
      await send('PUT', url, { themeIds: [s.themeIds[2]] });
      expect((await get(url)).json()).toEqual({ organisationId: s.issy.id, themeIds: [s.themeIds[2]] });

      const foreign = await send('PUT', url, { themeIds: [s.themeIds[0], other.themeIds[1]] });
      expect(foreign.statusCode).toBe(400);
      expect(foreign.json().errors[0].field).toBe('themeIds.1');
      const twice = await send('PUT', url, { themeIds: [s.themeIds[0], s.themeIds[0]] });
      expect(twice.statusCode).toBe(400);
      const outsider = await send('PUT', `/api/forums/${s.forum.id}/theme-interests/${s.outsider.id}`, { themeIds: [s.themeIds[0]] });
      expect(outsider.json().code).toBe('NOT_INVITED');
      expect((await get(url)).json().themeIds).toEqual([s.themeIds[2]]);
    });
  });

  describe('editions', () => {
    it('lists the editions of a series in order', async () => {
      const series = unique('series');
      await createForum(h, { series, editionNumber: 2, status: 'published' });
      await createForum(h, { series, editionNumber: 1, status: 'archived' });

      const list = (await get(`/api/forums?series=${series}`, {})).json<{ items: { editionNumber: number; series: string }[] }>();
      expect(list.items.map((f) => f.editionNumber)).toEqual([1, 2]);
    });

    it('moves draft → published → archived and never back to draft', async () => {
      const forum = await createForum(h);
      expect((await send('PATCH', `/api/forums/${forum.id}`, { status: 'published' })).statusCode).toBe(200);
      expect((await send('PATCH', `/api/forums/${forum.id}`, { status: 'archived' })).statusCode).toBe(200);
      const back = await send('PATCH', `/api/forums/${forum.id}`, { status: 'draft' });
      expect(back.statusCode).toBe(409);
      expect(back.json()).toMatchObject({ code: 'INVALID_TRANSITION', errors: [{ field: 'status' }] });
    });
  });
});
