import type { AddressInfo } from 'node:net';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { accessTokenFor, createContact, createForum, createOrganisation, invite, userWithToken } from '../support/factories';
import { auth, type Harness, startHarness, unique } from '../support/harness';
import { ConsoleWatch, FIRST_NAVIGATION_MS, openPhoneBrowser, screenshots, unlabelledFields, watchAndClose } from './browser';
import { openWindow, type DeskWindow, shoot, signIn } from './desk-support';

type Json = Record<string, unknown>;

/**
 * Mise en relation on the member pages: a French metropole (Lyon, in French) states its profile,
 * finds a Korean metropolitan city among its suggestions with the reasons, asks it for a meeting;
 * Daegu (in Korean) accepts; once the organisers place it, both see its time in Paris and Seoul.
 */
describe('Mise en relation on the member pages, in French and in Korean', () => {
  let h: Harness;
  let browser: Browser;
  let fr: Page;
  let ko: Page;
  let koContext: BrowserContext;
  let watch: ConsoleWatch;
  let koWatch: ConsoleWatch;
  let base: string;
  let forum: { id: string; slug: string };
  type Member = { id: string; name: string; token: string; registrationId: string; delegateId: string };
  let lyon: Member;
  let daegu: Member;
  let themes: { mobility: string; tourism: string };
  let desks: DeskWindow[] = [];

  async function api(method: 'GET' | 'POST' | 'PATCH' | 'PUT', url: string, payload?: Json): Promise<Json & Json[]> {
    const response = await h.app.inject({ method, url, headers: auth, payload });
    if (response.statusCode >= 300) {
      throw new Error(`${method} ${url} answered ${response.statusCode}: ${response.body}`);
    }
    return response.json();
  }

  const submit = (page: Page, selector: string) => Promise.all([page.waitForNavigation(), page.click(selector)]);

  beforeAll(async () => {
    h = await startHarness({ worker: true });
    await h.app.listen({ port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${(h.app.getHttpServer().address() as AddressInfo).port}`;
    forum = await createForum(h, { status: 'published' });
    const api0 = `/api/forums/${forum.id}`;
    const mobility = (await api('POST', `${api0}/themes`, { title: { fr: 'Mobilité urbaine', ko: '도시 교통' } })).id as string;
    const tourism = (await api('POST', `${api0}/themes`, { title: { fr: 'Tourisme', ko: '관광' } })).id as string;
    const organisation = async (fields: Json, contact: Json) => {
      const org = await createOrganisation(h, fields);
      const person = await createContact(h, org.id, contact);
      await invite(h, forum.id, [org.id]);
      const registration = await api('POST', `${api0}/registrations`, {
        organisationId: org.id,
        status: 'confirmed',
        themeIds: [mobility, tourism],
      });
      // Each delegation's mayor; Daegu's needs FR↔KO interpretation, so its meetings take an interpreter.
      const delegate = await api('POST', `${api0}/registrations/${registration.id as string}/delegates`, {
        role: 'elected_official',
        locale: contact.locale,
        needsInterpretation: fields.country === 'KR',
        contact: { firstName: 'Maire', lastName: 'Test', email: `${unique('mayor')}@ville.test` },
      });
      return {
        id: org.id,
        name: org.name as string,
        token: (await accessTokenFor(h, person.id, forum.id)).token,
        registrationId: registration.id as string,
        delegateId: delegate.id as string,
      };
    };
    lyon = await organisation(
      { name: unique('Lyon'), country: 'FR', kind: 'metropole', population: 1_400_000 },
      { firstName: 'Anne', lastName: 'Moreau', email: `${unique('anne')}@lyon.test`, locale: 'fr' },
    );
    daegu = await organisation(
      { name: unique('Daegu'), nameKo: '대구광역시', country: 'KR', kind: 'metropolitan_city', population: 2_400_000 },
      { firstName: '민지', lastName: '박', email: `${unique('minji')}@daegu.test`, locale: 'ko' },
    );
    themes = { mobility, tourism };
    await api('PUT', `${api0}/organisations/${daegu.id}/meeting-profile`, { seeksThemeIds: [mobility], languages: ['ko', 'en'] });

    ({ browser, page: fr, watch } = await openPhoneBrowser('fr-FR', 5_000));
    koContext = await browser.newContext({ locale: 'ko-KR', viewport: { width: 420, height: 900 } });
    ko = await koContext.newPage();
    ko.setDefaultTimeout(5_000);
    koWatch = new ConsoleWatch(ko);
    await fr.goto(`${base}/access?token=${lyon.token}`, { timeout: FIRST_NAVIGATION_MS });
    await ko.goto(`${base}/access?token=${daegu.token}`, { timeout: FIRST_NAVIGATION_MS });
  }, 90_000);

  watchAndClose(() => ({ browser, watch, harness: h, pages: [fr, ko, ...desks.map((d) => d.page)] }));
  afterEach(async () => {
    expect(koWatch.take()).toEqual([]);
    for (const desk of desks) {
      expect(desk.watch.take()).toEqual([]);
      expect(await desk.translations.take()).toEqual([]);
    }
  });

  it('states a profile in French, a refusal said beside its field, and shows the Korean counterpart with why', async () => {
    await fr.goto(`${base}/forums/${forum.slug}/meetings`);
    expect(await fr.textContent('h1')).toBe('Mise en relation');
    expect(await fr.locator('.member-nav a[aria-current="page"]').textContent()).toBe('Mise en relation');
    expect(await unlabelledFields(fr)).toBe(0);

    await fr
      .locator('fieldset', { hasText: 'expérience à partager' })
      .locator('label', { hasText: 'Mobilité urbaine' })
      .locator('input')
      .check();
    await fr.fill('#profile-offers', 'tramway, vélo en libre-service');
    await fr.fill('#profile-languages', 'français');
    await watch.expectFailedLoads([400], () => submit(fr, 'button:has-text("Enregistrer le profil")'));
    expect(await fr.textContent('#profile-languages-error')).not.toBe('');
    // What was typed is kept.
    expect(await fr.inputValue('#profile-offers')).toBe('tramway, vélo en libre-service');

    await fr.fill('#profile-languages', 'fr, en');
    await submit(fr, 'button:has-text("Enregistrer le profil")');
    expect(await fr.locator('[role="status"]').textContent()).toContain('Profil enregistré.');
    expect(await fr.inputValue('#profile-languages')).toBe('fr, en');

    const suggestion = fr.locator('.suggestion', { hasText: daegu.name });
    const reasons = await suggestion.locator('li').allTextContents();
    expect(reasons.join(' ')).toContain('Mobilité urbaine');
    expect(reasons.length).toBeGreaterThan(1);
    await screenshots(fr, 'meetings-suggestions-fr');

    await suggestion.locator('textarea').fill('Parlons tramways.');
    await submit(fr, `.suggestion:has-text("${daegu.name}") button:has-text("Demander une rencontre")`);
    expect(await fr.locator('[role="status"]').textContent()).toContain('Demande envoyée.');
    expect(await fr.locator('#sent .meeting-request').textContent()).toContain('en attente de réponse');
    // Asked once: no second button for the same counterpart.
    expect(await fr.locator(`.suggestion:has-text("${daegu.name}") button`).count()).toBe(0);
  });

  it('answers the request in Korean, and shows the placed meeting in Seoul and Paris time', async () => {
    await ko.goto(`${base}/forums/${forum.slug}/meetings`);
    expect(await ko.textContent('h1')).toBe('파트너 매칭');
    const received = ko.locator('#received .meeting-request', { hasText: lyon.name });
    expect(await received.textContent()).toContain('답변 대기');
    expect(await received.textContent()).toContain('Parlons tramways.');
    await screenshots(ko, 'meetings-received-ko');
    await submit(ko, `#received .meeting-request:has-text("${lyon.name}") button:has-text("수락")`);
    expect(await ko.locator('[role="status"]').textContent()).toContain('요청을 수락했습니다.');
    expect(await ko.locator('#meetings .meeting').textContent()).toContain('테이블과 시간 배정 대기 중');

    const api0 = `/api/forums/${forum.id}`;
    await api('POST', `${api0}/meeting-blocks`, {
      startsAt: '2024-09-25T14:00:00+09:00',
      endsAt: '2024-09-25T14:30:00+09:00',
      tables: ['Table 3'],
    });
    await api('POST', `${api0}/interpreters`, {
      name: 'Kim Ji-won',
      email: `${unique('kim')}@interpretes.test`,
      languages: ['fr', 'ko'],
      modes: ['consecutive'],
    });
    await api('POST', `${api0}/meetings/schedule`, {});

    await ko.reload();
    const meeting = await ko.locator('#meetings .meeting').textContent();
    expect(meeting).toContain('테이블 Table 3');
    expect(meeting).toContain('14:00');
    await screenshots(ko, 'meetings-placed-ko');
    await fr.goto(`${base}/forums/${forum.slug}/meetings`);
    const inFrench = await fr.locator('#meetings .meeting').textContent();
    expect(inFrench).toContain(daegu.name);
    expect(inFrench).toContain('07:00');
    expect(await fr.locator('#sent .meeting-request').textContent()).toContain('acceptée');
  });

  it('shows the organisers the grid of blocks × tables with the meeting and its interpreter, filters it, exports it, and gives the interpreter’s schedule', async () => {
    const organiser = await userWithToken(h, 'organiser');
    desks = [await openWindow(browser, 'fr', 1280), await openWindow(browser, 'ko', 1280)];
    const [deskFr, deskKo] = desks;
    await signIn(h, base, deskFr.page, organiser.user.email);
    await deskFr.page.goto(`${base}/desk/editions/${forum.slug}/meetings`);
    expect(await deskFr.page.textContent('h1')).toBe('Rencontres bilatérales');
    const cell = deskFr.page.locator('.meetings-grid td', { hasText: lyon.name });
    expect(await cell.textContent()).toContain('Kim Ji-won');
    expect(await deskFr.page.locator('.meetings-grid thead').textContent()).toContain('Table 3');
    await shoot(deskFr, 'meetings-grid');

    // Filtered on the other authority: the meeting is not theirs, the cell empties.
    await deskFr.page.selectOption('#filter-organisation', { label: lyon.name });
    await Promise.all([deskFr.page.waitForNavigation(), deskFr.page.click('button:has-text("Filtrer")')]);
    expect(await deskFr.page.locator('.meetings-grid td', { hasText: lyon.name }).count()).toBe(1);
    const csv = await deskFr.page.evaluate<string>(`fetch(document.querySelector('a[href*="meetings.csv"]').href).then((r) => r.text())`);
    expect(csv).toContain('Table 3');
    expect(csv).toContain('2024-09-25 14:00');

    await Promise.all([deskFr.page.waitForNavigation(), deskFr.page.click('a:has-text("Kim Ji-won")')]);
    expect(await deskFr.page.textContent('h1')).toBe('Planning de Kim Ji-won');
    expect(await deskFr.page.locator('.interpreter-schedule tbody').textContent()).toContain('Table 3');
    expect(await deskFr.page.locator('code').textContent()).toMatch(/\/calendar\/interpreters\/int_[A-Za-z0-9_-]+\.ics$/);
    const schedule = await deskFr.page.evaluate<string>(`fetch(document.querySelector('a[href$=".csv"]').href).then((r) => r.text())`);
    expect(schedule).toContain('meeting');

    // A block whose end comes before its start: refused beside the field, in French; then added.
    await deskFr.page.goto(`${base}/desk/editions/${forum.slug}/meetings`);
    await deskFr.page.fill('#block-start', '2024-09-26T10:00');
    await deskFr.page.fill('#block-end', '2024-09-26T09:30');
    await deskFr.page.fill('#block-tables', 'Table 1, Salle Han');
    await deskFr.watch.expectFailedLoads([400], () =>
      Promise.all([deskFr.page.waitForNavigation(), deskFr.page.click('button:has-text("Ajouter le créneau")')]),
    );
    expect(await deskFr.page.textContent('#block-end-error')).toContain('La date de fin ne peut pas précéder la date de début.');
    await deskFr.page.fill('#block-end', '2024-09-26T10:30');
    await Promise.all([deskFr.page.waitForNavigation(), deskFr.page.click('button:has-text("Ajouter le créneau")')]);
    expect(await deskFr.page.locator('[role="status"]').textContent()).toContain('Créneau ajouté.');
    expect(await deskFr.page.locator('.meetings-grid thead').textContent()).toContain('Salle Han');

    await signIn(h, base, deskKo.page, organiser.user.email);
    await deskKo.page.goto(`${base}/desk/editions/${forum.slug}/meetings`);
    await deskKo.page.fill('#interpreter-name', '이수진');
    await deskKo.page.fill('#interpreter-email', `${unique('lee')}@interpretes.test`);
    await deskKo.page.check('#interpreter-modes-whispered');
    await deskKo.page.fill('#interpreter-availability', '2024-09-25 08:00 – 2024-09-26 20:00');
    await Promise.all([deskKo.page.waitForNavigation(), deskKo.page.click('button:has-text("통역사 추가")')]);
    expect(await deskKo.page.locator('[role="status"]').textContent()).toContain('통역사를 추가했습니다.');
    expect(await deskKo.page.locator('a', { hasText: '이수진' }).count()).toBe(1);
    await deskKo.page.goto(`${base}/desk/editions/${forum.slug}/meetings`);
    expect(await deskKo.page.textContent('h1')).toBe('양자 회담');
    expect(await deskKo.page.locator('.meetings-grid td', { hasText: '대구광역시' }).textContent()).toContain('Kim Ji-won');
    await shoot(deskKo, 'meetings-grid');
  });

  it('lets the organisers see the sessions’ interpretation needs, assign interpreters without double booking, move a meeting, edit and remove blocks and interpreters, and fill in an authority’s profile, in French', async () => {
    const [deskFr] = desks;
    const api0 = `/api/forums/${forum.id}`;
    const session = async (fields: Json) =>
      (
        await api('POST', `${api0}/sessions`, {
          kind: 'seminar',
          status: 'published',
          themeId: themes.mobility,
          venueName: 'Hôtel de ville',
          ...fields,
        })
      ).id as string;
    const seminar = await session({
      title: { fr: 'Séminaire mobilité', ko: '교통 세미나' },
      startsAt: '2024-09-25T09:30:00+09:00',
      endsAt: '2024-09-25T12:30:00+09:00',
      interpretation: 'simultaneous',
      interpretationLanguages: ['fr', 'ko'],
    });
    const workshop = await session({
      title: { fr: 'Atelier tramways', ko: '트램 워크숍' },
      startsAt: '2024-09-25T14:00:00+09:00',
      endsAt: '2024-09-25T15:00:00+09:00',
    });
    for (const member of [lyon, daegu]) {
      await api('PUT', `${api0}/registrations/${member.registrationId}/delegates/${member.delegateId}/enrolments/${seminar}`);
    }
    const meetingsPage = `${base}/desk/editions/${forum.slug}/meetings`;
    const page = deskFr.page;

    // Needs counted from the delegates: two seated, Daegu's mayor needs interpretation, a headset since it is simultaneous.
    await page.goto(meetingsPage);
    const needs = page.locator('.interpretation-needs tr', { hasText: 'Séminaire mobilité' });
    expect(await needs.locator('td').allTextContents()).toEqual([expect.any(String), 'simultanée', '2', '1', '1', '—']);
    expect(await page.locator('.interpretation-needs tr', { hasText: 'Atelier tramways' }).locator('td').nth(4).textContent()).toBe('0');
    await shoot(deskFr, 'meetings-needs');

    // Kim Ji-won interprets the meeting at 14:00: the workshop at 14:00 is refused in words, the seminar accepted.
    await submit(page, 'a:has-text("Kim Ji-won")');
    await page.selectOption('#assign-session', { label: '2024-09-25 14:00 · Atelier tramways' });
    await deskFr.watch.expectFailedLoads([409], () => submit(page, 'button:has-text("Affecter")'));
    const clash = await page.textContent('#assign-session-error');
    expect(clash).toContain('déjà à la rencontre');
    expect(clash).toContain(lyon.name);
    expect(await page.inputValue('#assign-session')).toBe(workshop);
    await shoot(deskFr, 'interpreter-assign-refused');
    await page.selectOption('#assign-session', seminar);
    await submit(page, 'button:has-text("Affecter")');
    expect(await page.locator('[role="status"]').textContent()).toContain('Interprète affecté à la séance.');
    expect(await page.locator('.interpreter-schedule tbody').textContent()).toContain('Séminaire mobilité');
    await page.goto(meetingsPage);
    expect(await needs.locator('td').last().textContent()).toBe('Kim Ji-won (consécutive)');
    await submit(page, 'a:has-text("Kim Ji-won")');
    await submit(page, 'button[aria-label="Retirer l’affectation à « Séminaire mobilité »"]');
    expect(await page.locator('[role="status"]').textContent()).toContain('Affectation retirée.');
    expect(await page.locator('.interpreter-schedule tbody').textContent()).not.toContain('Séminaire mobilité');

    // Edited: one language is refused beside its field, what was typed kept; then saved.
    await page.fill('#interpreter-name', 'Kim Ji-won (FR-KO)');
    await page.fill('#interpreter-languages', 'fr');
    await deskFr.watch.expectFailedLoads([400], () => submit(page, 'button:has-text("Enregistrer l’interprète")'));
    expect(await page.textContent('#interpreter-languages-error')).not.toBe('');
    expect(await page.inputValue('#interpreter-name')).toBe('Kim Ji-won (FR-KO)');
    await page.fill('#interpreter-languages', 'fr, ko');
    await page.check('#interpreter-modes-whispered');
    await submit(page, 'button:has-text("Enregistrer l’interprète")');
    expect(await page.locator('[role="status"]').textContent()).toContain('Interprète enregistré.');
    expect(await page.textContent('h1')).toBe('Planning de Kim Ji-won (FR-KO)');
    expect(await page.isChecked('#interpreter-modes-whispered')).toBe(true);

    // Availability, one period per line in Seoul time: a line that is no period, then an end before its start, refused
    // in words beside the field, what was typed kept; then saved, shown, and the seminar at 09:30 refused as outside it.
    await page.fill('#interpreter-availability', '2024-09-25 13:00 – 18:00\n25/09 9h-12h');
    await deskFr.watch.expectFailedLoads([400], () => submit(page, 'button:has-text("Enregistrer l’interprète")'));
    expect(await page.textContent('#interpreter-availability-error')).toContain('La ligne 2 n’est pas une période');
    expect(await page.inputValue('#interpreter-availability')).toBe('2024-09-25 13:00 – 18:00\n25/09 9h-12h');
    await page.fill('#interpreter-availability', '2024-09-25 18:00 – 13:00');
    await deskFr.watch.expectFailedLoads([400], () => submit(page, 'button:has-text("Enregistrer l’interprète")'));
    expect(await page.textContent('#interpreter-availability-error')).toContain('La date de fin ne peut pas précéder la date de début.');
    expect(await page.inputValue('#interpreter-availability')).toBe('2024-09-25 18:00 – 13:00');
    await page.fill('#interpreter-availability', '2024-09-25 13:00 - 18:00\n2024-09-26 09:00 – 2024-09-26 12:00');
    await submit(page, 'button:has-text("Enregistrer l’interprète")');
    expect(await page.locator('[role="status"]').textContent()).toContain('Interprète enregistré.');
    expect(await page.locator('.interpreter-availability li').allTextContents()).toEqual([
      '2024-09-25 13:00 – 18:00 (Asia/Seoul)',
      '2024-09-26 09:00 – 12:00 (Asia/Seoul)',
    ]);
    expect(await page.inputValue('#interpreter-availability')).toBe('2024-09-25 13:00 – 18:00\n2024-09-26 09:00 – 12:00');
    const kim = (await api('GET', `${api0}/interpreters`)).find((i: Json) => i.name === 'Kim Ji-won (FR-KO)') as Json;
    expect(kim.availability).toEqual([
      { start: '2024-09-25T04:00:00.000Z', end: '2024-09-25T09:00:00.000Z' },
      { start: '2024-09-26T00:00:00.000Z', end: '2024-09-26T03:00:00.000Z' },
    ]);
    await shoot(deskFr, 'interpreter-availability');
    await page.selectOption('#assign-session', seminar);
    await deskFr.watch.expectFailedLoads([409], () => submit(page, 'button:has-text("Affecter")'));
    expect(await page.textContent('#assign-session-error')).toContain('L’interprète n’est pas disponible pendant toute la séance.');
    // Emptied: no limit again.
    await page.fill('#interpreter-availability', '');
    await submit(page, 'button:has-text("Enregistrer l’interprète")');
    expect(await page.textContent('.interpreter-availability')).toBe('Disponible à tout moment.');
    expect((await api('GET', `${api0}/interpreters`)).find((i: Json) => i.id === kim.id)?.availability).toBeNull();

    // Moved by hand: to a table the block does not have, and without the interpreter it needs: both said why.
    await page.goto(meetingsPage);
    await submit(page, `.meetings-grid a[aria-label="Déplacer la rencontre ${lyon.name} ↔ ${daegu.name}"]`);
    expect(await page.textContent('h1')).toContain(lyon.name);
    await page.selectOption('#move-block', { label: '2024-09-26 10:00 · Table 1, Salle Han' });
    await page.fill('#move-table', 'Table 9');
    await page.selectOption('#move-interpreter', 'none');
    await deskFr.watch.expectFailedLoads([409], () => submit(page, 'button:has-text("Placer ici")'));
    expect(await page.textContent('#move-table-error')).toContain('Ce créneau n’a pas de table « Table 9 ».');
    expect(await page.textContent('#move-interpreter-error')).toContain('Cette rencontre a besoin d’un interprète.');
    expect(await page.inputValue('#move-table')).toBe('Table 9');
    await shoot(deskFr, 'meeting-move-refused');
    await page.fill('#move-table', 'Salle Han');
    await page.selectOption('#move-interpreter', { label: 'Kim Ji-won (FR-KO) (fr, ko)' });
    await submit(page, 'button:has-text("Placer ici")');
    expect(await page.locator('[role="status"]').textContent()).toContain('Rencontre déplacée');
    const moved = page.locator('.meetings-grid tr', { hasText: lyon.name });
    expect(await moved.textContent()).toContain('Kim Ji-won (FR-KO)');
    expect(await moved.locator('th').textContent()).toContain('26');

    // Back to 14:00 on the 25th while Lyon's mayor is at the workshop: refused, the workshop named.
    await api('PUT', `${api0}/registrations/${lyon.registrationId}/delegates/${lyon.delegateId}/enrolments/${workshop}`);
    await submit(page, `.meetings-grid a[aria-label="Déplacer la rencontre ${lyon.name} ↔ ${daegu.name}"]`);
    await page.selectOption('#move-block', { label: '2024-09-25 14:00 · Table 3' });
    await page.fill('#move-table', 'Table 3');
    await deskFr.watch.expectFailedLoads([409], () => submit(page, 'button:has-text("Placer ici")'));
    expect(await page.textContent('#move-block-error')).toContain(`${lyon.name} est pris à ce moment-là : la séance « Atelier tramways ».`);

    // The emptied block at 14:00: its end before its start is refused; then it gets a second table; then it goes.
    await page.goto(meetingsPage);
    const firstBlock = page.locator('.meetings-grid tbody tr').first();
    await submit(page, '.meetings-grid tbody tr:first-child a:has-text("Modifier")');
    expect(await page.textContent('h1')).toBe('Modifier le créneau');
    expect(await page.inputValue('#block-start')).toBe('2024-09-25T14:00');
    await page.fill('#block-end', '2024-09-25T13:00');
    await deskFr.watch.expectFailedLoads([400], () => submit(page, 'button:has-text("Enregistrer le créneau")'));
    expect(await page.textContent('#block-end-error')).toContain('La date de fin ne peut pas précéder la date de début.');
    await page.fill('#block-end', '2024-09-25T14:30');
    await page.fill('#block-tables', 'Table 3, Table 4');
    await submit(page, 'button:has-text("Enregistrer le créneau")');
    expect(await page.locator('[role="status"]').textContent()).toContain('Créneau enregistré.');
    expect(await page.locator('.meetings-grid thead').textContent()).toContain('Table 4');
    await submit(page, '.meetings-grid tbody tr:first-child a:has-text("Modifier")');
    await shoot(deskFr, 'meeting-block-edit');
    await submit(page, 'a:has-text("Supprimer le créneau")');
    expect(await page.textContent('h1')).toBe('Supprimer ce créneau ?');
    await submit(page, 'button:has-text("Oui, supprimer le créneau")');
    expect(await page.locator('[role="status"]').textContent()).toContain('Créneau supprimé');
    expect(await page.locator('.meetings-grid tbody tr').count()).toBe(1);
    expect(await firstBlock.textContent()).toContain(lyon.name);

    // Daegu's profile filled in from the desk: a language that is no code is refused beside it, what was typed kept.
    await submit(page, 'a:has-text("Profils des collectivités")');
    expect(await page.textContent('h1')).toBe('Profils de mise en relation');
    await submit(page, `a[aria-label="Modifier le profil de ${daegu.name}"]`);
    expect(await page.textContent('h1')).toBe(`Profil de ${daegu.name}`);
    expect(await page.inputValue('#profile-languages')).toBe('ko, en');
    await page.locator('fieldset', { hasText: 'expérience à partager' }).locator('label', { hasText: 'Tourisme' }).locator('input').check();
    await page.fill('#profile-offers', 'festivals, marchés de nuit');
    await page.fill('#profile-languages', 'coréen');
    await deskFr.watch.expectFailedLoads([400], () => submit(page, 'button:has-text("Enregistrer le profil")'));
    expect(await page.textContent('#profile-languages-error')).not.toBe('');
    expect(await page.inputValue('#profile-offers')).toBe('festivals, marchés de nuit');
    await shoot(deskFr, 'meeting-profile-refused');
    await page.fill('#profile-languages', 'ko, en');
    await submit(page, 'button:has-text("Enregistrer le profil")');
    expect(await page.locator('[role="status"]').textContent()).toContain('Profil enregistré');
    const row = await page.locator('.meeting-profiles tr', { hasText: daegu.name }).textContent();
    expect(row).toContain('Tourisme, festivals, marchés de nuit');
    expect(row).toContain('ko, en');
    await shoot(deskFr, 'meeting-profiles');
    // The member sees what the desk wrote.
    await ko.goto(`${base}/forums/${forum.slug}/meetings`);
    expect(await ko.inputValue('#profile-offers')).toBe('festivals, marchés de nuit');
  });

  it('does the same in Korean: needs, an interpreter refused twice at once then assigned and unassigned, edited and removed; a move refused then made; a block edited; a profile corrected', async () => {
    const [, deskKo] = desks;
    const page = deskKo.page;
    const meetingsPage = `${base}/desk/editions/${forum.slug}/meetings`;
    await page.goto(meetingsPage);
    expect(await page.locator('h2#needs').textContent()).toBe('세션별 통역 수요');
    const needs = page.locator('.interpretation-needs tr', { hasText: '교통 세미나' });
    expect(await needs.locator('td').nth(1).textContent()).toBe('동시 통역');
    await shoot(deskKo, 'meetings-needs');

    // 이수진 is assigned the seminar, then the workshop is no clash, but a second session at the seminar's time is.
    const api0 = `/api/forums/${forum.id}`;
    await api('POST', `${api0}/sessions`, {
      kind: 'seminar',
      status: 'published',
      venueName: 'Salle des fêtes',
      title: { fr: 'Table ronde tourisme', ko: '관광 원탁회의' },
      startsAt: '2024-09-25T10:00:00+09:00',
      endsAt: '2024-09-25T11:00:00+09:00',
    });
    await submit(page, 'a:has-text("이수진")');
    await page.selectOption('#assign-session', { label: '2024-09-25 09:30 · 교통 세미나' });
    await page.selectOption('#assign-mode', 'whispered');
    await submit(page, 'form[action$="/sessions"] button');
    expect(await page.locator('[role="status"]').textContent()).toContain('통역사를 세션에 배정했습니다.');
    await page.selectOption('#assign-session', { label: '2024-09-25 10:00 · 관광 원탁회의' });
    await page.selectOption('#assign-mode', 'whispered');
    await deskKo.watch.expectFailedLoads([409], () => submit(page, 'form[action$="/sessions"] button'));
    expect(await page.textContent('#assign-session-error')).toContain(
      '통역사가 같은 시간에 이미 「교통 세미나」 세션에 배정되어 있습니다.',
    );
    await shoot(deskKo, 'interpreter-assign-refused');
    await submit(page, 'button[aria-label="「교통 세미나」 배정 취소"]');
    expect(await page.locator('[role="status"]').textContent()).toContain('배정을 취소했습니다.');

    // The availability given when added, in the same form.
    expect(await page.inputValue('#interpreter-availability')).toBe('2024-09-25 08:00 – 2024-09-26 20:00');
    // Edited with a broken address: refused beside it, in Korean; then saved.
    await page.fill('#interpreter-email', 'lee-at-interpretes');
    await deskKo.watch.expectFailedLoads([400], () => submit(page, 'button:has-text("통역사 정보 저장")'));
    expect(await page.textContent('#interpreter-email-error')).not.toBe('');
    expect(await page.inputValue('#interpreter-email')).toBe('lee-at-interpretes');
    // Availability in Seoul time: a line that is no period is refused in Korean, what was typed kept; then saved with the rest.
    await page.fill('#interpreter-availability', '2024-09-24 08:00 ~ 20:00');
    await deskKo.watch.expectFailedLoads([400], () => submit(page, 'button:has-text("통역사 정보 저장")'));
    expect(await page.textContent('#interpreter-availability-error')).toContain('1번째 줄은 기간이 아닙니다.');
    expect(await page.inputValue('#interpreter-availability')).toBe('2024-09-24 08:00 ~ 20:00');
    await page.fill('#interpreter-availability', '2024-09-24 08:00 – 2024-09-26 20:00');
    await page.fill('#interpreter-email', `${unique('lee')}@interpretes.test`);
    await page.fill('#interpreter-name', '이수진 (FR-KO)');
    await page.fill('#interpreter-languages', 'ko, en');
    await submit(page, 'button:has-text("통역사 정보 저장")');
    expect(await page.locator('[role="status"]').textContent()).toContain('통역사 정보를 저장했습니다.');
    expect(await page.locator('.interpreter-availability li').allTextContents()).toEqual([
      '2024-09-24 08:00 – 2024-09-26 20:00 (Asia/Seoul)',
    ]);
    expect((await api('GET', `${api0}/interpreters`)).find((i: Json) => i.name === '이수진 (FR-KO)')?.availability).toEqual([
      { start: '2024-09-23T23:00:00.000Z', end: '2024-09-26T11:00:00.000Z' },
    ]);

    // 이수진 now works between Korean and English only: not for this meeting, said in Korean.
    await page.goto(meetingsPage);
    await submit(page, '.meetings-grid a[aria-label$="회담 옮기기"]');
    const lee = await page.locator('#move-interpreter option', { hasText: '이수진' }).getAttribute('value');
    await page.selectOption('#move-interpreter', lee ?? '');
    await deskKo.watch.expectFailedLoads([409], () => submit(page, 'button:has-text("여기에 배정")'));
    expect(await page.textContent('#move-interpreter-error')).toContain(
      '이수진 (FR-KO) 통역사는 이 회담의 언어나 테이블 통역을 하지 않습니다.',
    );
    await shoot(deskKo, 'meeting-move-refused');
    await page.fill('#move-table', 'Table 1');
    await page.selectOption('#move-interpreter', '');
    await submit(page, 'button:has-text("여기에 배정")');
    expect(await page.locator('[role="status"]').textContent()).toContain('회담을 옮겼습니다.');
    expect(await page.locator('.meetings-grid td', { hasText: '대구광역시' }).count()).toBe(1);

    // The block edited in Korean; the interpreter removed.
    await submit(page, '.meetings-grid tbody tr:first-child a:has-text("수정")');
    expect(await page.textContent('h1')).toBe('시간대 수정');
    await page.fill('#block-tables', '');
    await deskKo.watch.expectFailedLoads([400], () => submit(page, 'button:has-text("시간대 저장")'));
    expect(await page.textContent('#block-tables-error')).not.toBe('');
    await page.fill('#block-tables', 'Table 1, Salle Han, Table 5');
    await submit(page, 'button:has-text("시간대 저장")');
    expect(await page.locator('[role="status"]').textContent()).toContain('시간대를 저장했습니다.');
    await submit(page, 'a:has-text("이수진 (FR-KO)")');
    await submit(page, 'a:has-text("통역사 삭제")');
    expect(await page.textContent('h1')).toBe('이수진 (FR-KO) 통역사를 삭제할까요?');
    await shoot(deskKo, 'interpreter-remove');
    await submit(page, 'button:has-text("예, 통역사를 삭제합니다")');
    expect(await page.locator('[role="status"]').textContent()).toContain('통역사를 삭제했습니다.');
    expect(await page.locator('a', { hasText: '이수진' }).count()).toBe(0);

    // Lyon's profile corrected from the desk, in Korean.
    await submit(page, 'a:has-text("지방정부 프로필")');
    expect(await page.textContent('h1')).toBe('파트너 매칭 프로필');
    await submit(page, `a[aria-label="${lyon.name} 프로필 수정"]`);
    await page.fill('#profile-seeks', '스마트 시티');
    await page.fill('#profile-languages', 'fr, 영어');
    await deskKo.watch.expectFailedLoads([400], () => submit(page, 'button:has-text("프로필 저장")'));
    expect(await page.textContent('#profile-languages-error')).not.toBe('');
    expect(await page.inputValue('#profile-seeks')).toBe('스마트 시티');
    await shoot(deskKo, 'meeting-profile-refused');
    await page.fill('#profile-languages', 'fr, en');
    await submit(page, 'button:has-text("프로필 저장")');
    expect(await page.locator('[role="status"]').textContent()).toContain('프로필을 저장했습니다.');
    expect(await page.locator('.meeting-profiles tr', { hasText: lyon.name }).textContent()).toContain('스마트 시티');
    await shoot(deskKo, 'meeting-profiles');
  });
});
