import type { AddressInfo } from 'node:net';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { auth, type Harness, startHarness, unique } from '../support/harness';
import { accessTokenFor, createContact, createForum, createOrganisation, invite } from '../support/factories';
import { type ConsoleWatch, FIRST_NAVIGATION_MS, openPhoneBrowser, screenshot, unlabelledFields, watchAndClose } from './browser';

type Json = Record<string, unknown>;

describe('Member pages in a real browser', () => {
  let h: Harness;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let watch: ConsoleWatch;
  let base: string;
  let forum: { id: string; slug: string };
  let member: { organisationId: string; name: string; token: string };
  let fullVisit: { id: string; title: string };
  let themes: { id: string; fr: string; ko: string }[];

  async function api(method: 'POST' | 'PATCH' | 'PUT', url: string, payload: Json, headers: Record<string, string> = auth): Promise<Json> {
    const response = await h.app.inject({ method, url, headers, payload });
    if (response.statusCode >= 300) {
      throw new Error(`${method} ${url} answered ${response.statusCode}: ${response.body}`);
    }
    return response.json<Json>();
  }

  beforeAll(async () => {
    h = await startHarness();
    await h.app.listen({ port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${(h.app.getHttpServer().address() as AddressInfo).port}`;
    forum = await createForum(h, {
      title: { fr: '2e Forum franco-coréen', ko: '제2회 한불 지방정부 포럼', en: '2nd Franco-Korean Forum' },
    });
    const api0 = `/api/forums/${forum.id}`;
    themes = [];
    for (const title of [
      { fr: 'Intelligence artificielle et villes', ko: '인공지능과 도시' },
      { fr: 'Transition écologique', ko: '생태 전환' },
    ]) {
      const theme = await api('POST', `${api0}/themes`, { title });
      themes.push({ id: theme.id as string, ...title });
    }
    const ours = await createOrganisation(h, { name: unique('Issy-les-Moulineaux') });
    const theirs = await createOrganisation(h, { name: unique('Jeonju'), country: 'KR', kind: 'special_city' });
    const contact = await createContact(h, ours.id, { firstName: 'Caroline', lastName: 'Millan', locale: 'fr' });
    await invite(h, forum.id, [ours.id, theirs.id]);
    await api('POST', `/api/organisations/${theirs.id}/blackouts`, {
      startDate: '2025-05-05',
      endDate: '2025-05-06',
      reason: 'Conseil municipal budgétaire',
    });
    await api('POST', `${api0}/date-options`, { startDate: '2025-05-05', endDate: '2025-05-07' });
    await api('POST', `${api0}/date-options`, { startDate: '2025-10-06', endDate: '2025-10-08', preferred: true });
    await api('POST', `${api0}/questions`, {
      label: { fr: 'Souhaitez-vous accueillir une délégation coréenne ?', ko: '한국 대표단을 맞이하시겠습니까?' },
      kind: 'choice',
      choices: ['oui', 'non'],
    });
    await api('POST', `${api0}/questions`, {
      label: { fr: 'Qui conduira la délégation ?', ko: '대표단 단장은 누구입니까?' },
      kind: 'text',
      required: true,
    });
    await api('POST', `${api0}/deadlines`, {
      kind: 'interest',
      title: { fr: 'Confirmer votre intérêt', ko: '참가 의향 확인' },
      dueAt: new Date(Date.now() + 5 * 24 * 3_600_000).toISOString(),
      timeZone: 'Europe/Paris',
      enforcement: 'hard',
    });
    const session = (payload: Json) =>
      api('POST', `${api0}/sessions`, { status: 'published', hosts: [{ organisationId: theirs.id, role: 'host' }], ...payload });
    await session({
      kind: 'seminar',
      title: { fr: 'Séminaire : villes et IA', ko: '세미나: 도시와 인공지능' },
      themeId: themes[0].id,
      startsAt: '2024-09-24T10:00:00+09:00',
      endsAt: '2024-09-24T12:00:00+09:00',
      venueName: unique('Hôtel de ville'),
      venueCity: 'Jeonju',
    });
    const full = await session({
      kind: 'field_visit',
      title: { fr: 'Visite du village hanok', ko: '한옥마을 방문' },
      capacity: 1,
      startsAt: '2024-09-25T14:00:00+09:00',
      endsAt: '2024-09-25T17:00:00+09:00',
      venueName: unique('Hanok'),
      venueCity: 'Jeonju',
    });
    await session({
      kind: 'field_visit',
      title: { fr: 'Visite du marché Nambu', ko: '남부시장 방문' },
      capacity: 20,
      startsAt: '2024-09-26T09:00:00+09:00',
      endsAt: '2024-09-26T11:00:00+09:00',
      venueName: unique('Nambu'),
      venueCity: 'Jeonju',
    });
    fullVisit = { id: full.id as string, title: 'Visite du village hanok' };
    await api('PATCH', api0, { status: 'published' });
    // The other authority takes the only seat of the hanok visit.
    const registration = await api('POST', `${api0}/registrations`, { organisationId: theirs.id });
    const delegate = await api('POST', `${api0}/registrations/${registration.id as string}/delegates`, {
      role: 'staff',
      contact: { firstName: 'Minji', lastName: 'Kim', email: `${unique('kim')}@jeonju.test` },
    });
    await api(
      'PUT',
      `${api0}/registrations/${registration.id as string}/delegates/${delegate.id as string}/enrolments/${fullVisit.id}`,
      {},
    );
    member = { organisationId: ours.id, name: ours.name as string, token: (await accessTokenFor(h, contact.id, forum.id)).token };

    ({ browser, context, page, watch } = await openPhoneBrowser('fr-FR', 5_000));
  }, 60_000);

  watchAndClose(() => ({ browser, watch, harness: h, pages: [page] }));

  it('shows the public programme in French, with Paris and Seoul times, seats and subscribe links, under a strict CSP', async () => {
    const response = await page.goto(`${base}/forums/${forum.slug}`, { timeout: FIRST_NAVIGATION_MS });
    expect(response?.status()).toBe(200);
    expect(response?.headers()['content-security-policy']).toContain("script-src 'self'");
    expect(await page.getAttribute('html', 'lang')).toBe('fr');
    expect(await page.textContent('h1')).toBe('2e Forum franco-coréen');
    const seminar = page.locator('.session', { hasText: 'Séminaire : villes et IA' });
    // 10:00 in Seoul is 03:00 in Paris (summer time) on 24 September 2024.
    expect(await seminar.textContent()).toContain('Paris 2024-09-24 03:00');
    expect(await seminar.textContent()).toContain('Séoul 2024-09-24 10:00');
    expect(await page.locator('.session', { hasText: 'Visite du village hanok' }).textContent()).toContain('Complet');
    expect(await page.locator('.session', { hasText: 'Visite du marché Nambu' }).textContent()).toContain('20 places restantes');
    const webcal = `webcal://passerelle.test/calendar/forums/${forum.slug}.ics?lang=fr`;
    expect(await page.locator('a', { hasText: 'Calendrier (webcal)' }).first().getAttribute('href')).toBe(webcal);
    expect(await page.locator('a', { hasText: 'Google Agenda' }).first().getAttribute('href')).toBe(
      `https://calendar.google.com/calendar/r?cid=${encodeURIComponent(webcal)}`,
    );
    expect(await page.locator('a', { hasText: 'Outlook' }).first().getAttribute('href')).toContain(
      `https://outlook.live.com/calendar/0/addfromweb?url=${encodeURIComponent(`https://passerelle.test/calendar/forums/${forum.slug}.ics?lang=fr`)}`,
    );
    expect(await page.locator(`a[href$="theme=${themes[0].id}"]`).count()).toBeGreaterThan(0);
    expect(await page.locator('a[href*="/deadlines.ics"]').count()).toBeGreaterThan(0);
    const download = await page.locator('a', { hasText: 'Télécharger (.ics)' }).first().getAttribute('href');
    expect((await h.app.inject({ method: 'GET', url: download as string })).body).toContain('BEGIN:VCALENDAR');
    expect(await page.locator('script:not([src]), [style]').count()).toBe(0);
    expect(await unlabelledFields(page)).toBe(0);
    await screenshot(page, 'programme-fr');

    await page.selectOption('#filter-theme', themes[0].id);
    await page.click('button:has-text("Filtrer")');
    expect(await page.locator('.session').count()).toBe(1);
    expect(await page.locator('.session').textContent()).toContain('Séminaire');
  });

  it('switches the programme to Korean and keeps the choice', async () => {
    await page.goto(`${base}/forums/${forum.slug}`);
    await page.click('a[hreflang="ko"]');
    expect(await page.getAttribute('html', 'lang')).toBe('ko');
    expect(await page.textContent('h1')).toBe('제2회 한불 지방정부 포럼');
    expect(await page.locator('.session', { hasText: '한옥마을 방문' }).textContent()).toContain('현장 방문');
    expect(await page.locator('.session', { hasText: '남부시장 방문' }).textContent()).toContain('잔여 20석');
    expect(await page.locator('.session', { hasText: '세미나: 도시와 인공지능' }).textContent()).toContain('서울 2024-09-24 10:00');
    await screenshot(page, 'programme-ko');
    // The cookie remembers the language without ?lang.
    await page.goto(`${base}/forums/${forum.slug}`);
    expect(await page.getAttribute('html', 'lang')).toBe('ko');
    await page.goto(`${base}/forums/${forum.slug}?lang=fr`);
  });

  it('refuses a malformed filter with the error next to it, as a page', async () => {
    const response = await watch.expectFailedLoads([400], () => page.goto(`${base}/forums/${forum.slug}?theme=not-a-theme`));
    expect(response?.status()).toBe(400);
    expect(await page.locator('#filter-theme-error').textContent()).toBe('Choisissez une valeur de la liste.');
    expect(await page.getAttribute('#filter-theme', 'aria-invalid')).toBe('true');
  });

  it('keeps members out without a magic link, with a page rather than JSON', async () => {
    const response = await watch.expectFailedLoads([401], () => page.goto(`${base}/forums/${forum.slug}/registration`));
    expect(response?.status()).toBe(401);
    expect(await page.textContent('h1')).toBe('Accès réservé');
    expect(await page.content()).not.toContain('"code"');
  });

  it('opens the magic link: a cookie for this forum, the token gone from the address', async () => {
    await page.goto(`${base}/access?token=${member.token}`);
    expect(new URL(page.url()).pathname).toBe(`/forums/${forum.slug}/registration`);
    expect(page.url()).not.toContain('acc_');
    expect(await page.locator('.member-nav').textContent()).toContain(member.name);
    const cookie = (await context.cookies()).find((c) => c.name === 'pa_member');
    expect(cookie).toEqual(expect.objectContaining({ path: `/forums/${forum.slug}`, httpOnly: true }));
    await screenshot(page, 'registration-empty');
  });

  it('votes on the dates: conflicts shown plainly, one form, results as a grid; a too-long comment is refused next to its field', async () => {
    await page.click('.member-nav a:has-text("Sondage de dates")');
    const may = page.locator('fieldset.poll-option', { hasText: /mai 2025/ });
    // Another authority's dates to avoid are shown, its reason for them is not.
    expect(await may.textContent()).toMatch(/Jeonju-\w+ à éviter \(5–6 mai 2025\)/);
    expect(await may.textContent()).not.toContain('Conseil municipal budgétaire');
    expect(await may.textContent()).toMatch(/Jour férié \(KR\)/);
    await may.locator('input[value="no"]').check();
    const october = page.locator('fieldset.poll-option', { hasText: /octobre 2025/ });
    await october.locator('input[value="yes"]').check();
    const comment = october.locator('input[type="text"]');
    await comment.fill('x'.repeat(2001));
    await watch.expectFailedLoads([400], () =>
      Promise.all([page.waitForNavigation(), page.click('button:has-text("Enregistrer mes réponses")')]),
    );
    const refused = page.locator('fieldset.poll-option', { hasText: /octobre 2025/ });
    expect(await refused.locator('.error-message').textContent()).toBe('Ce texte est trop long.');
    // Nothing was saved from a refused form.
    expect(await page.locator('tbody tr').count()).toBe(0);
    expect(await refused.locator('input[type="text"]').inputValue()).toHaveLength(2001);
    expect(await refused.locator('input[value="yes"]').isChecked()).toBe(true);
    await screenshot(page, 'poll-error');

    await refused.locator('input[type="text"]').fill('Après le conseil municipal');
    await Promise.all([page.waitForNavigation(), page.click('button:has-text("Enregistrer mes réponses")')]);
    expect(await page.locator('[role="status"]').textContent()).toContain('Vos réponses sont enregistrées');
    const row = page.locator('tbody tr', { hasText: member.name });
    expect(await row.locator('td').allTextContents()).toEqual(['Non', 'Oui']);
    expect(
      await page
        .locator('fieldset.poll-option', { hasText: /octobre 2025/ })
        .locator('input[value="yes"]')
        .isChecked(),
    ).toBe(true);
    expect(await unlabelledFields(page)).toBe(0);
    await screenshot(page, 'poll');
  });

  it('registers the delegation before the deadline: deadline in Paris and Seoul, themes ranked, a bad email refused next to its field', async () => {
    await page.click('.member-nav a:has-text("Inscription")');
    const deadline = await page.locator('.alert', { hasText: 'Date limite' }).textContent();
    expect(deadline).toMatch(/\(Paris\).*\(Séoul\)/s);
    expect(deadline).toMatch(/Il reste \d+\s+jours/);
    await page.selectOption(`select[name="rank.${themes[1].id}"]`, '1');
    await page.selectOption(`select[name="rank.${themes[0].id}"]`, '2');
    await page.check('input[type="radio"][value="oui"]');
    // Confirming needs the required answer: the service says so, the page puts it by the question.
    await page.check('input[name="confirm"]');
    await watch.expectFailedLoads([400], () =>
      Promise.all([page.waitForNavigation(), page.click('button:has-text("Manifester notre intérêt")')]),
    );
    const question = page.locator('.field-error', { hasText: 'Qui conduira la délégation ?' });
    expect(await question.locator('.error-message').textContent()).toContain(
      'Répondez à cette question pour confirmer votre participation.',
    );
    expect(await page.inputValue(`select[name="rank.${themes[1].id}"]`)).toBe('1');
    expect(await page.isChecked('input[type="radio"][value="oui"]')).toBe(true);
    await page.uncheck('input[name="confirm"]');
    await Promise.all([page.waitForNavigation(), page.click('button:has-text("Manifester notre intérêt")')]);
    expect(await page.locator('[role="status"]').textContent()).toContain('Inscription enregistrée');
    expect(await page.locator('#registration-heading + p').textContent()).toContain('Intéressée');
    expect(await page.inputValue(`select[name="rank.${themes[1].id}"]`)).toBe('1');

    await page.fill('#delegate-firstName', 'Samira');
    await page.fill('#delegate-lastName', 'Seddiki');
    await page.fill('#delegate-email', 'samira-at-issy');
    await watch.expectFailedLoads([400], () =>
      Promise.all([page.waitForNavigation(), page.click('form[action$="/delegates"] button[type="submit"]')]),
    );
    expect(await page.locator('#delegate-email-error').textContent()).toContain('Saisissez une adresse électronique complète');
    expect(await page.getAttribute('#delegate-email', 'aria-invalid')).toBe('true');
    expect(await page.inputValue('#delegate-firstName')).toBe('Samira');
    expect(await page.inputValue('#delegate-email')).toBe('samira-at-issy');
    await screenshot(page, 'delegate-error');

    await page.fill('#delegate-email', `${unique('samira')}@issy.test`);
    await Promise.all([page.waitForNavigation(), page.click('form[action$="/delegates"] button[type="submit"]')]);
    expect(await page.locator('[role="status"]').textContent()).toContain('Délégué ajouté');
    const card = page.locator('article.card', { hasText: 'Samira Seddiki' });
    expect(await card.locator('a', { hasText: 'Calendrier (webcal)' }).getAttribute('href')).toMatch(
      /^webcal:\/\/passerelle\.test\/calendar\/delegates\/cal_[A-Za-z0-9_-]{43}\.ics$/,
    );
  });

  it('chooses a full visit: the delegate is waitlisted and the position is shown', async () => {
    const card = page.locator('article.card', { hasText: 'Samira Seddiki' });
    const select = card.locator('select[name="sessionId"]');
    expect(await select.locator('option', { hasText: 'Visite du village hanok' }).textContent()).toContain('Complet');
    await select.selectOption(fullVisit.id);
    await Promise.all([page.waitForNavigation(), card.locator('form[action$="/visits"] button[type="submit"]').click()]);
    expect(await page.locator('[role="status"]').textContent()).toContain('Samira Seddiki est en liste d’attente, position 1');
    expect(await page.locator('article.card', { hasText: 'Samira Seddiki' }).textContent()).toContain('Liste d’attente : position 1');
    expect(await unlabelledFields(page)).toBe(0);
    await screenshot(page, 'registration-waitlisted');
  });

  it('gives a place up from the page, as the invites’ emails say: the delegate leaves the waitlist', async () => {
    const card = page.locator('article.card', { hasText: 'Samira Seddiki' });
    const leave = card.locator('form[action$="/visits/leave"] button', { hasText: 'Quitter la liste d’attente' });
    expect(await leave.getAttribute('aria-label')).toBe('Samira Seddiki ne participera pas à Visite du village hanok');
    await Promise.all([page.waitForNavigation(), leave.click()]);
    expect(await page.locator('[role="status"]').textContent()).toContain('Samira Seddiki ne participe plus à Visite du village hanok');
    expect(await page.locator('article.card', { hasText: 'Samira Seddiki' }).textContent()).not.toContain('Liste d’attente : position');
  });

  it('writes a Korean contact’s name family name first, as everywhere else', async () => {
    await createContact(h, member.organisationId, { firstName: '준호', lastName: '홍', email: `${unique('hong')}@issy.test` });
    await page.reload();
    const options = await page.locator('select[name="contactId"] option').allTextContents();
    expect(options.some((o) => o.startsWith('홍준호 ('))).toBe(true);
    expect(options.some((o) => o.includes('준호 홍'))).toBe(false);
  });

  it('offers to host a delegation: a visitor count of 0 is refused next to its field, the description kept', async () => {
    await page.check(`input[name="offerThemes"][value="${themes[1].id}"]`);
    await page.fill('#offer-visitors', '0');
    await page.fill('#offer-description', 'Les éco-quartiers du Fort d’Issy');
    await watch.expectFailedLoads([400], () =>
      Promise.all([page.waitForNavigation(), page.click('button:has-text("Enregistrer la proposition")')]),
    );
    expect(await page.textContent('#offer-visitors-error')).toContain('Saisissez un nombre d’au moins 1.');
    expect(await page.inputValue('#offer-description')).toBe('Les éco-quartiers du Fort d’Issy');
    expect(await page.isChecked(`input[name="offerThemes"][value="${themes[1].id}"]`)).toBe(true);
    await page.fill('#offer-visitors', '15');
    await Promise.all([page.waitForNavigation(), page.click('button:has-text("Enregistrer la proposition")')]);
    expect(await page.locator('[role="status"]').textContent()).toContain('Proposition enregistrée');
    const offers = await h.app.inject({ method: 'GET', url: `/api/forums/${forum.id}/host-offers`, headers: auth });
    expect(offers.json()).toEqual([
      expect.objectContaining({ visitors: 15, description: 'Les éco-quartiers du Fort d’Issy', themeIds: [themes[1].id] }),
    ]);
  });

  it('says when the deadline has passed and whom to write to, in Korean', async () => {
    const deadlines = await h.app.inject({ method: 'GET', url: `/api/forums/${forum.id}/deadlines`, headers: auth });
    const [interest] = deadlines.json<{ id: string }[]>();
    await api('PATCH', `/api/forums/${forum.id}/deadlines/${interest.id}`, {
      dueAt: new Date(Date.now() - 3_600_000).toISOString(),
      timeZone: 'Europe/Paris',
    });
    await page.goto(`${base}/forums/${forum.slug}/registration?lang=ko`);
    expect(await page.getAttribute('html', 'lang')).toBe('ko');
    const alert = await page.locator('[role="alert"]').textContent();
    expect(alert).toContain('등록 마감이 지났습니다');
    expect(alert).toContain('organisers@passerelle.test');
    // Confirming is what the passed deadline governs: the service refuses it, the page says why and keeps the box ticked.
    await page.fill('textarea[name^="answer."]', 'Caroline Millan');
    await page.check('input[name="confirm"]');
    const [refused] = await watch.expectFailedLoads([409], () =>
      Promise.all([page.waitForNavigation(), page.click('button:has-text("등록 저장")')]),
    );
    expect(refused?.status()).toBe(409);
    expect(await page.locator('section[aria-labelledby="registration-heading"] .alert-error').textContent()).toContain(
      'organisers@passerelle.test',
    );
    expect(await page.isChecked('input[name="confirm"]')).toBe(true);
    expect(await page.locator('#registration-heading + p').textContent()).toContain('관심');
    await screenshot(page, 'registration-deadline-passed-ko');
    await page.goto(`${base}/forums/${forum.slug}?lang=fr`);
  });
});
