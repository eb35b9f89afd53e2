import type { AddressInfo } from 'node:net';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { accessTokenFor, createContact, createForum, createOrganisation, invite, userWithToken } from '../support/factories';
import { auth, type Harness, startHarness, unique } from '../support/harness';
import { ConsoleWatch, openPhoneBrowser, screenshots, unlabelledFields, watchAndClose } from './browser';
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
  let lyon: { id: string; name: string; token: string };
  let daegu: { id: string; name: string; token: string };
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
      await api('POST', `${api0}/registrations/${registration.id as string}/delegates`, {
        role: 'elected_official',
        locale: contact.locale,
        needsInterpretation: fields.country === 'KR',
        contact: { firstName: 'Maire', lastName: 'Test', email: `${unique('mayor')}@ville.test` },
      });
      return { id: org.id, name: org.name as string, token: (await accessTokenFor(h, person.id, forum.id)).token };
    };
    lyon = await organisation(
      { name: unique('Lyon'), country: 'FR', kind: 'metropole', population: 1_400_000 },
      { firstName: 'Anne', lastName: 'Moreau', email: `${unique('anne')}@lyon.test`, locale: 'fr' },
    );
    daegu = await organisation(
      { name: unique('Daegu'), nameKo: '대구광역시', country: 'KR', kind: 'metropolitan_city', population: 2_400_000 },
      { firstName: '민지', lastName: '박', email: `${unique('minji')}@daegu.test`, locale: 'ko' },
    );
    await api('PUT', `${api0}/organisations/${daegu.id}/meeting-profile`, { seeksThemeIds: [mobility], languages: ['ko', 'en'] });

    ({ browser, page: fr, watch } = await openPhoneBrowser('fr-FR', 5_000));
    koContext = await browser.newContext({ locale: 'ko-KR', viewport: { width: 420, height: 900 } });
    ko = await koContext.newPage();
    ko.setDefaultTimeout(5_000);
    koWatch = new ConsoleWatch(ko);
    await fr.goto(`${base}/access?token=${lyon.token}`);
    await ko.goto(`${base}/access?token=${daegu.token}`);
  }, 60_000);

  watchAndClose(() => ({ browser, watch, harness: h, pages: [fr, ko, ...desks.map((d) => d.page)] }));
  afterEach(() => {
    expect(koWatch.take()).toEqual([]);
    for (const desk of desks) {
      expect(desk.watch.take()).toEqual([]);
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
    await Promise.all([deskKo.page.waitForNavigation(), deskKo.page.click('button:has-text("통역사 추가")')]);
    expect(await deskKo.page.locator('[role="status"]').textContent()).toContain('통역사를 추가했습니다.');
    expect(await deskKo.page.locator('a', { hasText: '이수진' }).count()).toBe(1);
    await deskKo.page.goto(`${base}/desk/editions/${forum.slug}/meetings`);
    expect(await deskKo.page.textContent('h1')).toBe('양자 회담');
    expect(await deskKo.page.locator('.meetings-grid td', { hasText: '대구광역시' }).textContent()).toContain('Kim Ji-won');
    await shoot(deskKo, 'meetings-grid');
  });
});
