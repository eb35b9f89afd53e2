import { createContact, createForum, createOrganisation, invite, organisationPayload } from '../support/factories';
import { auth, Harness, startHarness, unique } from '../support/harness';

describe('Organisations, contacts, partnerships and blackouts', () => {
  let h: Harness;

  beforeAll(async () => {
    h = await startHarness();
  });

  afterAll(async () => {
    await h.close();
  });

  const get = (url: string) => h.app.inject({ method: 'GET', url, headers: auth });
  const send = (method: 'POST' | 'PATCH' | 'DELETE', url: string, payload?: Record<string, unknown>) =>
    h.app.inject({ method, url, headers: auth, payload });

  describe('organisations', () => {
    it('creates one with its Korean name, reads it back and changes it', async () => {
      const created = await createOrganisation(h, {
        name: unique('Seocho-gu'),
        nameKo: '서초구',
        country: 'kr',
        kind: 'district',
        population: 410_000,
      });
      expect(created).toMatchObject({ nameKo: '서초구', country: 'KR', kind: 'district', defaultLocale: 'fr', archivedAt: null });

      const patched = await send('PATCH', `/api/organisations/${created.id}`, { defaultLocale: 'ko', website: 'https://www.seocho.go.kr' });
      expect(patched.statusCode).toBe(200);
      expect(patched.json()).toMatchObject({ defaultLocale: 'ko', website: 'https://www.seocho.go.kr', nameKo: '서초구' });
    });

    it('filters by country, kind and name in either script, and paginates', async () => {
      const tag = unique('Gyeonggi');
      const province = await createOrganisation(h, { name: `${tag} Province`, nameKo: `경기도 ${tag}`, country: 'KR', kind: 'province' });
      await createOrganisation(h, { name: `${tag} Commune`, country: 'FR', kind: 'commune' });

      const byKorean = (await get(`/api/organisations?q=${encodeURIComponent(`경기도 ${tag}`)}`)).json();
      expect(byKorean.items.map((o: { id: string }) => o.id)).toEqual([province.id]);
      const byCountryAndKind = (await get(`/api/organisations?country=kr&kind=province&q=${tag}`)).json();
      expect(byCountryAndKind.total).toBe(1);
      const paged = (await get(`/api/organisations?q=${tag.toUpperCase()}&perPage=1&page=2`)).json();
      expect(paged).toMatchObject({ total: 2, page: 2, perPage: 1 });
      expect(paged.items).toHaveLength(1);
    });

    it('treats % and _ in a search as letters', async () => {
      const tag = unique('pct');
      const literal = await createOrganisation(h, { name: `${tag} 100%_sure` });
      await createOrganisation(h, { name: `${tag} 100 sure` });

      const response = await get(`/api/organisations?q=${encodeURIComponent(`${tag} 100%_`)}`);
      expect(response.statusCode).toBe(200);
      expect(response.json().items.map((o: { id: string }) => o.id)).toEqual([literal.id]);
    });

    it('refuses to delete an organisation that took part in an edition, and archives it instead', async () => {
      const organisation = await createOrganisation(h);
      const forum = await createForum(h);
      await invite(h, forum.id, [organisation.id]);

      const refused = await send('DELETE', `/api/organisations/${organisation.id}`);
      expect(refused.statusCode).toBe(409);
      expect(refused.json()).toMatchObject({ code: 'ORGANISATION_IN_USE' });
      expect(refused.json().detail).toContain('archive');

      const archived = await send('POST', `/api/organisations/${organisation.id}/archive`);
      expect(archived.json().archivedAt).not.toBeNull();
      const current = (await get(`/api/organisations?q=${organisation.name as string}`)).json();
      const inArchive = (await get(`/api/organisations?archived=true&q=${organisation.name as string}`)).json();
      expect(current.total).toBe(0);
      expect(inArchive.total).toBe(1);
    });

    it('deletes an organisation that never took part, with its contacts', async () => {
      const organisation = await createOrganisation(h);
      await createContact(h, organisation.id);

      expect((await send('DELETE', `/api/organisations/${organisation.id}`)).statusCode).toBe(204);
      expect((await get(`/api/organisations/${organisation.id}`)).statusCode).toBe(404);
    });

    it.each([
      ['an empty name', { name: '  ' }, 'name'],
      ['an invalid country code', { country: 'XX' }, 'country'],
      ['an unknown kind', { kind: 'village' }, 'kind'],
      ['a negative population', { population: -5 }, 'population'],
      ['a website that is not a URL', { website: 'issy dot com' }, 'website'],
    ])('refuses %s with 400 naming %s', async (_, overrides, field) => {
      const response = await send('POST', '/api/organisations', organisationPayload(overrides));
      expect(response.statusCode).toBe(400);
      expect(response.json().code).toBe('VALIDATION_FAILED');
      expect(response.json().errors.map((e: { field: string }) => e.field)).toContain(field);
    });

    it('answers 404 for an id that is not a UUID or names nothing', async () => {
      for (const id of ['not-a-uuid', '00000000-0000-4000-8000-000000000000']) {
        const response = await get(`/api/organisations/${id}`);
        expect(response.statusCode).toBe(404);
        expect(response.json().code).toBe('NOT_FOUND');
      }
    });
  });

  describe('contacts', () => {
    it('keeps Korean names in their order and script', async () => {
      const garok = await createOrganisation(h, { country: 'KR', kind: 'association' });
      const contact = await createContact(h, garok.id, { firstName: '준호', lastName: '홍', function: '사무총장', locale: 'ko' });
      const french = await createContact(h, garok.id, { firstName: 'Inssafe', lastName: 'El Idrissi' });

      expect(contact).toMatchObject({ firstName: '준호', lastName: '홍', fullName: '홍준호', locale: 'ko' });
      expect(french.fullName).toBe('Inssafe El Idrissi');
    });

    it('refuses a second contact with the same email in another case, naming the field', async () => {
      const organisation = await createOrganisation(h);
      await createContact(h, organisation.id, { email: 'Louise.Coulon@nantesmetropole.test' });

      const duplicate = await send('POST', `/api/organisations/${organisation.id}/contacts`, {
        firstName: 'Louise',
        lastName: 'Coulon',
        email: 'louise.coulon@NANTESMETROPOLE.test',
      });

      expect(duplicate.statusCode).toBe(409);
      expect(duplicate.json()).toMatchObject({ code: 'EMAIL_TAKEN', errors: [{ field: 'email' }] });
    });

    it('allows the same email in two organisations', async () => {
      const [a, b] = [await createOrganisation(h), await createOrganisation(h)];
      await createContact(h, a.id, { email: 'shared@region.test' });
      await expect(createContact(h, b.id, { email: 'shared@region.test' })).resolves.toMatchObject({ email: 'shared@region.test' });
    });

    it('does not find a contact through another organisation', async () => {
      const [a, b] = [await createOrganisation(h), await createOrganisation(h)];
      const contact = await createContact(h, a.id);
      expect((await get(`/api/organisations/${b.id}/contacts/${contact.id}`)).statusCode).toBe(404);
    });

    it('refuses a bad email and a bad phone', async () => {
      const organisation = await createOrganisation(h);
      const response = await send('POST', `/api/organisations/${organisation.id}/contacts`, {
        firstName: 'A',
        lastName: 'B',
        email: 'nope',
        phone: 'call me',
      });
      expect(response.statusCode).toBe(400);
      expect(
        response
          .json()
          .errors.map((e: { field: string }) => e.field)
          .sort(),
      ).toEqual(['email', 'phone']);
    });
  });

  describe('partnerships', () => {
    it('links two organisations and lists the partner on each organisation', async () => {
      const issy = await createOrganisation(h, { name: unique('Issy-les-Moulineaux') });
      const guro = await createOrganisation(h, { name: unique('Guro-gu'), nameKo: '구로구', country: 'KR', kind: 'district' });

      const created = await send('POST', '/api/partnerships', {
        organisationAId: issy.id,
        organisationBId: guro.id,
        kind: 'twinning',
        since: '2007',
        themes: ['numérique'],
      });
      expect(created.statusCode).toBe(201);

      const issyPage = (await get(`/api/organisations/${issy.id}`)).json();
      const guroPage = (await get(`/api/organisations/${guro.id}`)).json();
      expect(issyPage.partners).toEqual([
        expect.objectContaining({
          kind: 'twinning',
          since: '2007',
          organisation: expect.objectContaining({ id: guro.id, nameKo: '구로구' }),
        }),
      ]);
      expect(guroPage.partners[0].organisation.id).toBe(issy.id);
      const listed = (await get(`/api/partnerships?organisationId=${guro.id}`)).json();
      expect(listed.total).toBe(1);
    });

    it('refuses a partnership of an organisation with itself, naming the field', async () => {
      const organisation = await createOrganisation(h);
      const response = await send('POST', '/api/partnerships', {
        organisationAId: organisation.id,
        organisationBId: organisation.id,
        kind: 'mou',
      });
      expect(response.statusCode).toBe(400);
      expect(response.json().errors[0].field).toBe('organisationBId');
    });

    it('refuses the same pair and kind twice, whichever side comes first', async () => {
      const [a, b] = [await createOrganisation(h), await createOrganisation(h)];
      await send('POST', '/api/partnerships', { organisationAId: a.id, organisationBId: b.id, kind: 'friendship' });
      const again = await send('POST', '/api/partnerships', { organisationAId: b.id, organisationBId: a.id, kind: 'friendship' });
      expect(again.statusCode).toBe(409);
      expect(again.json().code).toBe('DUPLICATE_PARTNERSHIP');
    });

    it('refuses an unknown organisation, a bad kind and a bad date, naming each', async () => {
      const organisation = await createOrganisation(h);
      const unknown = await send('POST', '/api/partnerships', {
        organisationAId: organisation.id,
        organisationBId: '00000000-0000-4000-8000-000000000000',
        kind: 'mou',
      });
      const bad = await send('POST', '/api/partnerships', {
        organisationAId: organisation.id,
        organisationBId: 'x',
        kind: 'alliance',
        since: 'last year',
      });
      expect(unknown.statusCode).toBe(400);
      expect(unknown.json().errors[0].field).toBe('organisationBId');
      expect(
        bad
          .json()
          .errors.map((e: { field: string }) => e.field)
          .sort(),
      ).toEqual(['kind', 'organisationBId', 'since']);
    });
  });

  describe('blackouts', () => {
    it('records dates to avoid and refuses an end before the start', async () => {
      const organisation = await createOrganisation(h);
      const created = await send('POST', `/api/organisations/${organisation.id}/blackouts`, {
        startDate: '2024-09-14',
        endDate: '2024-09-22',
        reason: 'Festival de la ville',
      });
      const backwards = await send('POST', `/api/organisations/${organisation.id}/blackouts`, {
        startDate: '2024-09-22',
        endDate: '2024-09-14',
        reason: 'x',
      });
      const impossible = await send('POST', `/api/organisations/${organisation.id}/blackouts`, {
        startDate: '2024-02-30',
        endDate: '2024-03-01',
        reason: 'x',
      });

      expect(created.statusCode).toBe(201);
      expect(backwards.statusCode).toBe(400);
      expect(backwards.json().errors[0].field).toBe('endDate');
      expect(impossible.json().errors[0].field).toBe('startDate');
      const list = (await get(`/api/organisations/${organisation.id}/blackouts`)).json();
      expect(list).toEqual([expect.objectContaining({ startDate: '2024-09-14', endDate: '2024-09-22', reason: 'Festival de la ville' })]);

      const moved = await send('PATCH', `/api/organisations/${organisation.id}/blackouts/${list[0].id as string}`, {
        endDate: '2024-09-23',
      });
      expect(moved.json().endDate).toBe('2024-09-23');
      expect((await send('DELETE', `/api/organisations/${organisation.id}/blackouts/${list[0].id as string}`)).statusCode).toBe(204);
    });
  });

  describe('invitations', () => {
    it('invites many at once, reports who already was, and withdraws one', async () => {
      const forum = await createForum(h);
      const [a, b] = [await createOrganisation(h), await createOrganisation(h)];
      await invite(h, forum.id, [a.id]);

      const response = await send('POST', `/api/forums/${forum.id}/invitations`, { organisationIds: [a.id, b.id] });
      expect(response.json().added.map((i: { organisation: { id: string } }) => i.organisation.id)).toEqual([b.id]);
      expect(response.json().alreadyInvited).toEqual([a.id]);
      expect((await get(`/api/forums/${forum.id}/invitations`)).json().total).toBe(2);

      expect((await send('DELETE', `/api/forums/${forum.id}/invitations/${a.id}`)).statusCode).toBe(204);
      expect((await get(`/api/forums/${forum.id}/invitations`)).json().total).toBe(1);
    });

    it('refuses the whole batch when one organisation is unknown, writing nothing', async () => {
      const forum = await createForum(h);
      const organisation = await createOrganisation(h);
      const response = await send('POST', `/api/forums/${forum.id}/invitations`, {
        organisationIds: [organisation.id, '00000000-0000-4000-8000-000000000000'],
      });

      expect(response.statusCode).toBe(400);
      expect(response.json().errors[0].field).toBe('organisationIds.1');
      expect((await get(`/api/forums/${forum.id}/invitations`)).json().total).toBe(0);
    });
  });
});
