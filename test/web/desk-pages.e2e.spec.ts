import type { AddressInfo } from 'node:net';
import type { Browser, Page } from 'playwright-core';
import { Message } from '../../src/outbox/message.entity';
import { auth, type Harness, startHarness, unique } from '../support/harness';
import { composeMessage, createContact, createForum, createOrganisation, invite, userWithToken } from '../support/factories';
import { ConsoleWatch, openPhoneBrowser, screenshot, watchAndClose } from './browser';
import { TranslationWatch } from './untranslated';

type Json = Record<string, unknown>;

describe('Organisers’ desk in a real browser', () => {
  let h: Harness;
  let browser: Browser;
  let page: Page;
  let watch: ConsoleWatch;
  let translations: TranslationWatch;
  let base: string;
  let forum: { id: string; slug: string };
  let desk: string;
  let organiser: { email: string };
  let viewer: { email: string };
  let korean: { id: string; name: string };
  let spare: { id: string; name: string };
  let failed: Message;
  let chosenOptionId: string;
  const venue = unique('Hôtel de ville de Jeonju');

  async function api(method: 'POST' | 'PATCH' | 'PUT', url: string, payload: Json): Promise<Json> {
    const response = await h.app.inject({ method, url, headers: auth, payload });
    if (response.statusCode >= 300) {
      throw new Error(`${method} ${url} answered ${response.statusCode}: ${response.body}`);
    }
    return response.json<Json>();
  }

  /** The passwordless flow as a person follows it: the form, the email, its link, the button. */
  async function signIn(on: Page, email: string): Promise<void> {
    await on.goto(`${base}/sign-in`);
    await on.fill('#sign-in-email', email);
    await on.click('form[action="/sign-in"] button[type="submit"]');
    await on.locator('.alert-success').waitFor();
    const mail = await h.smtp.waitFor((m) => m.envelopeTo.includes(email));
    const path = /https:\/\/passerelle\.test(\/sign-in\?token=sil_[A-Za-z0-9_-]+)/.exec(mail.parsed.text ?? '')?.[1];
    expect(path).toBeDefined();
    await on.goto(`${base}${path as string}`);
    await on.click('form[action="/sign-in/session"] button[type="submit"]');
    await on.waitForURL(`${base}/desk`);
  }

  async function expectNoInlineCode(on: Page): Promise<void> {
    expect(await on.locator('script:not([src]), [style]').count()).toBe(0);
  }

  beforeAll(async () => {
    h = await startHarness({ worker: true });
    await h.app.listen({ port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${(h.app.getHttpServer().address() as AddressInfo).port}`;
    // Dates still open: the poll below fixes them.
    forum = await createForum(h, {
      title: { fr: '3e Forum franco-coréen', ko: '제3회 한불 지방정부 포럼', en: '3rd Franco-Korean Forum' },
      startDate: null,
      endDate: null,
    });
    desk = `/desk/editions/${forum.slug}`;
    const api0 = `/api/forums/${forum.id}`;
    const themes: string[] = [];
    for (const title of [
      { fr: 'Intelligence artificielle et villes', ko: '인공지능과 도시' },
      { fr: 'Transition écologique', ko: '생태 전환' },
    ]) {
      themes.push((await api('POST', `${api0}/themes`, { title })).id as string);
    }
    const french = await createOrganisation(h, { name: unique('Issy-les-Moulineaux') });
    const kr = await createOrganisation(h, { name: unique('Jeonju'), country: 'KR', kind: 'special_city' });
    korean = { id: kr.id, name: kr.name as string };
    const other = await createOrganisation(h, { name: unique('Aubervilliers') });
    spare = { id: other.id, name: other.name as string };
    await createContact(h, french.id, { firstName: 'Caroline', lastName: 'Millan', locale: 'fr' });
    await invite(h, forum.id, [french.id, kr.id]);
    const chosen = await api('POST', `${api0}/date-options`, { startDate: '2024-09-24', endDate: '2024-09-26' });
    chosenOptionId = chosen.id as string;
    const later = await api('POST', `${api0}/date-options`, { startDate: '2024-10-08', endDate: '2024-10-10' });
    await api('PUT', `${api0}/date-options/${chosenOptionId}/votes/${french.id}`, { answer: 'yes' });
    await api('PUT', `${api0}/date-options/${chosenOptionId}/votes/${kr.id}`, { answer: 'if_need_be' });
    await api('PUT', `${api0}/date-options/${later.id as string}/votes/${kr.id}`, { answer: 'no' });
    const visit = await api('POST', `${api0}/sessions`, {
      kind: 'field_visit',
      status: 'published',
      title: { fr: 'Visite du village hanok', ko: '한옥마을 방문' },
      capacity: 4,
      startsAt: '2024-09-25T14:00:00+09:00',
      endsAt: '2024-09-25T17:00:00+09:00',
      venueName: unique('Hanok'),
      venueCity: 'Jeonju',
      hosts: [{ organisationId: kr.id, role: 'host' }],
    });
    await api('POST', `${api0}/sessions`, {
      kind: 'plenary',
      status: 'published',
      title: { fr: 'Séance plénière d’ouverture', ko: '개회 본회의' },
      startsAt: '2024-09-24T10:00:00+09:00',
      endsAt: '2024-09-24T12:00:00+09:00',
      venueName: venue,
      venueCity: 'Jeonju',
    });
    await api('PATCH', api0, { status: 'published' });
    const registration = await api('POST', `${api0}/registrations`, { organisationId: french.id, themeIds: [themes[1], themes[0]] });
    const delegate = await api('POST', `${api0}/registrations/${registration.id as string}/delegates`, {
      role: 'elected_official',
      contact: { firstName: 'André', lastName: 'Santini', email: `${unique('santini')}@issy.test` },
    });
    await api(
      'PUT',
      `${api0}/registrations/${registration.id as string}/delegates/${delegate.id as string}/enrolments/${visit.id as string}`,
      {},
    );
    await api('POST', `${api0}/deadlines`, {
      kind: 'delegation',
      title: { fr: 'Composer la délégation', ko: '대표단 구성' },
      dueAt: new Date(Date.now() + 10 * 24 * 3_600_000).toISOString(),
      timeZone: 'Europe/Paris',
      enforcement: 'soft',
    });
    await api('POST', `${api0}/deadlines`, {
      kind: 'interest',
      title: { fr: 'Confirmer votre intérêt', ko: '참가 의향 확인' },
      dueAt: new Date(Date.now() + 5 * 24 * 3_600_000).toISOString(),
      timeZone: 'Europe/Paris',
      enforcement: 'hard',
    });

    failed = await composeMessage(h, { forumId: forum.id, recipient: `${unique('bounced')}@passerelle.test` });
    await h.em.fork().nativeUpdate(Message, { id: failed.id }, { status: 'failed', attempts: 6, lastError: '550 mailbox unavailable' });

    organiser = { email: (await userWithToken(h, 'organiser')).user.email };
    viewer = { email: (await userWithToken(h, 'viewer')).user.email };

    ({ browser, page, watch } = await openPhoneBrowser('fr-FR', 8_000));
    translations = new TranslationWatch(page);
  }, 90_000);

  watchAndClose(() => ({ browser, watch, harness: h }));

  afterEach(async () => {
    expect(await translations.take()).toEqual([]);
  });

  it('sends an anonymous visitor to the sign-in page, remembering where they were going', async () => {
    await page.goto(`${base}${desk}/sessions`);
    const url = new URL(page.url());
    expect(url.pathname).toBe('/sign-in');
    expect(url.searchParams.get('next')).toBe(`${desk}/sessions`);
    expect(await page.textContent('h1')).toBe('Connexion des organisateurs');
  });

  it('signs an organiser in with the emailed link and lists the editions, under a strict CSP', async () => {
    await signIn(page, organiser.email);
    const response = await page.goto(`${base}/desk`);
    expect(response?.headers()['content-security-policy']).toContain("script-src 'self'");
    expect(await page.getAttribute('html', 'lang')).toBe('fr');
    expect(await page.textContent('h1')).toBe('Éditions');
    await expect(page.locator('a', { hasText: '3e Forum franco-coréen' }).first().getAttribute('href')).resolves.toBe(desk);
    await expectNoInlineCode(page);
    await screenshot(page, 'desk-editions-fr');
  });

  it('creates an edition from the form, keeping the typed values beside each error', async () => {
    const slug = unique('forum-franco-coreen-2026');
    await page.goto(`${base}/desk/editions/new`);
    await page.fill('#edition-slug', 'Forum 2026');
    await page.fill('#edition-number', '0');
    await page.fill('#edition-title-ko', '제4회 한불 지방정부 포럼');
    await watch.expectFailedLoads([400], async () => {
      await page.click('button:has-text("Enregistrer")');
      await page.locator('#edition-slug-error').waitFor();
    });
    expect(await page.locator('#edition-slug-error').textContent()).toContain('seulement des minuscules');
    expect(await page.locator('#edition-number-error').textContent()).toContain('au moins 1');
    expect(await page.inputValue('#edition-number')).toBe('0');
    expect(await page.inputValue('#edition-slug')).toBe('Forum 2026');
    expect(await page.inputValue('#edition-title-ko')).toBe('제4회 한불 지방정부 포럼');
    await screenshot(page, 'desk-edition-errors-fr');
    await page.fill('#edition-slug', slug);
    await page.fill('#edition-number', '4');
    await page.click('button:has-text("Enregistrer")');
    expect(new URL(page.url()).pathname).toBe(`/desk/editions/${slug}`);
    expect(await page.textContent('h1')).toBe('제4회 한불 지방정부 포럼');
    expect(await page.locator('[role="status"]').textContent()).toContain('Créé.');
  });

  it('shows an edition’s overview with its charts as SVG and their figures as tables', async () => {
    await page.goto(`${base}${desk}`);
    expect(await page.textContent('h1')).toBe('3e Forum franco-coréen');
    expect(await page.locator('.desk-counts').textContent()).toMatch(/2\s*Collectivités invitées/);
    const themes = page.locator('figure', { hasText: 'Inscriptions par thème' });
    expect(await themes.locator('.chart-row svg rect.chart-bar').count()).toBe(2);
    // Transition écologique: ranked by the one registration, first.
    expect(await themes.locator('.chart-row', { hasText: 'Transition écologique' }).locator('.chart-value').textContent()).toBe(
      '1 (1 premier choix)',
    );
    expect(await themes.locator('.chart-row', { hasText: 'Transition écologique' }).locator('rect.chart-part').getAttribute('width')).toBe(
      '100',
    );
    // The hanok visit: 1 seat taken of 4.
    const visits = page.locator('figure', { hasText: 'Remplissage des visites de terrain' });
    expect(await visits.locator('.chart-value').textContent()).toBe('1/4 (25 %)');
    expect(await visits.locator('rect.chart-bar').getAttribute('width')).toBe('25');
    await visits.locator('summary').click();
    expect(await visits.locator('tbody tr').textContent()).toContain('Visite du village hanok');
    const replies = page.locator('figure', { hasText: 'Réponses au sondage dans le temps' });
    expect(await replies.locator('tbody tr').last().locator('td').last().textContent()).toBe('3');
    await expectNoInlineCode(page);
    await screenshot(page, 'desk-overview-fr');
  });

  it('invites several authorities at once and removes one', async () => {
    await page.goto(`${base}${desk}/invitations`);
    const invited = page.locator('.invitation');
    expect(await invited.count()).toBe(2);
    await watch.expectFailedLoads([400], async () => {
      await page.click('button:has-text("Inviter et envoyer les liens")');
      await page.locator('#invite-error').waitFor();
    });
    expect(await page.locator('#invite-error').textContent()).toContain('Cochez au moins une collectivité.');
    await page.check(`input[name="organisationIds"][value="${spare.id}"]`);
    await page.click('button:has-text("Inviter et envoyer les liens")');
    // Aubervilliers has no contact: invited, but nobody to send a link to, and the page says so.
    expect(await page.locator('[role="status"]').textContent()).toContain('aucun contact à qui envoyer un lien');
    expect(await page.locator('.invitation', { hasText: spare.name }).textContent()).toContain('Aucun contact');
    await screenshot(page, 'desk-invitations-fr');
    await page.click(`button[aria-label="Retirer l’invitation de ${spare.name}"]`);
    expect(await page.locator('.invitation', { hasText: spare.name }).count()).toBe(0);
  });

  it('shows the date poll with tallies and the answers grid, and fixes the dates after a confirmation', async () => {
    await page.goto(`${base}${desk}/poll`);
    const first = page.locator('.poll-table tbody tr').first();
    expect(await first.textContent()).toContain('Oui 1 · Si besoin 1 · Non 0 · Sans réponse 0');
    const row = page.locator('.poll-grid tbody tr', { hasText: korean.name });
    expect(await row.locator('td').allTextContents()).toEqual(['Si besoin', 'Non']);
    await screenshot(page, 'desk-poll-fr');
    await first.locator('a', { hasText: 'Retenir ces dates' }).click();
    expect(new URL(page.url()).pathname).toBe(`${desk}/poll/${chosenOptionId}/choose`);
    expect(await page.textContent('h1')).toBe('Fixer les dates de l’édition ?');
    await page.click('button:has-text("Oui, fixer ces dates")');
    expect(await page.locator('[role="status"]').textContent()).toContain('Dates fixées');
    expect(await page.textContent('p.alert')).toBe('Le sondage est clos.');
  });

  it('refuses bad input in the session form next to each field, keeping what was typed', async () => {
    await page.goto(`${base}${desk}/sessions/new`);
    await screenshot(page, 'desk-session-new-fr');
    await page.selectOption('#session-kind', 'field_visit');
    await page.fill('#session-title-ko', '   ');
    await page.fill('#session-starts', '2024-09-25T09:00');
    await page.fill('#session-ends', '2024-09-25T11:00');
    await page.fill('#session-venue', 'Marché Nambu');
    await page.fill('#session-capacity', 'douze');
    const response = await watch.expectFailedLoads([400], async () => {
      const [answer] = await Promise.all([
        page.waitForResponse((r) => r.request().method() === 'POST'),
        page.click('button:has-text("Enregistrer en brouillon")'),
      ]);
      await page.waitForLoadState();
      return answer;
    });
    expect(response.status()).toBe(400);
    expect(await page.locator('#session-capacity-error').textContent()).toContain('Saisissez un nombre entier.');
    expect(await page.getAttribute('#session-capacity', 'aria-invalid')).toBe('true');
    expect(await page.locator('#session-title-fr-error').textContent()).toContain('Saisissez ce texte dans au moins une langue.');
    // A title in no language at all (blanks do not count): named at the first title field.
    expect(await page.locator('#session-title-fr-error').count()).toBe(1);
    expect(await page.inputValue('#session-title-ko')).toBe('   ');
    expect(await page.inputValue('#session-capacity')).toBe('douze');
    expect(await page.inputValue('#session-venue')).toBe('Marché Nambu');
    expect(await page.inputValue('#session-starts')).toBe('2024-09-25T09:00');
    expect(await page.inputValue('#session-kind')).toBe('field_visit');
    expect(await page.content()).not.toMatch(/at \w+ \(|node_modules/);
    await screenshot(page, 'desk-session-errors-fr');
  });

  it('names the service’s refusals next to their field: a local time that happens twice, a venue already taken', async () => {
    await page.goto(`${base}${desk}/sessions/new`);
    await page.fill('#session-title-fr', 'Atelier : la nuit du changement d’heure');
    // 27 October 2024, 02:30 happens twice in Paris.
    await page.fill('#session-starts', '2024-10-27T02:30');
    await page.fill('#session-ends', '2024-10-27T04:00');
    await page.selectOption('#session-zone', 'Europe/Paris');
    await watch.expectFailedLoads([400], async () => {
      await page.click('button:has-text("Enregistrer en brouillon")');
      await page.locator('#session-starts-error').waitFor();
    });
    expect(await page.locator('#session-starts-error').textContent()).toContain('existe deux fois');
    expect(await page.inputValue('#session-starts')).toBe('2024-10-27T02:30');

    await page.goto(`${base}${desk}/sessions/new`);
    await page.fill('#session-title-fr', 'Séminaire en même temps que la plénière');
    await page.fill('#session-starts', '2024-09-24T11:00');
    await page.fill('#session-ends', '2024-09-24T12:30');
    await page.fill('#session-venue', venue.toUpperCase());
    await page.fill('#session-city', 'jeonju');
    await watch.expectFailedLoads([400], async () => {
      await page.click('button:has-text("Enregistrer en brouillon")');
      await page.locator('#session-venue-error').waitFor();
    });
    expect(await page.locator('#session-venue-error').textContent()).toContain('Ce lieu est déjà réservé');
    expect(await page.inputValue('#session-venue')).toBe(venue.toUpperCase());
  });

  it('lets an organiser create a draft, see the warnings inline, publish it and find it on the public page', async () => {
    await page.goto(`${base}${desk}/sessions/new`);
    await page.selectOption('#session-kind', 'seminar');
    await page.fill('#session-title-fr', 'Séminaire : diplomatie locale');
    await page.fill('#session-title-ko', '세미나: 지방 외교');
    await page.fill('#session-starts', '2024-09-26T14:00');
    await page.fill('#session-ends', '2024-09-26T16:00');
    await page.fill('#session-venue', unique('Centre culturel'));
    await page.fill('#session-city', 'Jeonju');
    await page.selectOption('#session-host-0', korean.id);
    await page.click('button:has-text("Enregistrer en brouillon")');
    expect(await page.locator('.alert-success').first().textContent()).toContain('Séance enregistrée.');
    // One Korean host only: the service's warning about seminars led together, in French.
    expect(await page.locator('.desk-warnings li').first().textContent()).toContain('mieux vaut des hôtes français et coréens ensemble');
    await screenshot(page, 'desk-session-saved-fr');

    await page.goto(`${base}/forums/${forum.slug}`);
    expect(await page.locator('.session', { hasText: 'Séminaire : diplomatie locale' }).count()).toBe(0);

    await page.goto(`${base}${desk}/sessions`);
    const card = page.locator('.session-row', { hasText: 'Séminaire : diplomatie locale' });
    expect(await card.locator('.badge').first().textContent()).toBe('Brouillon');
    await card.locator('button', { hasText: 'Publier' }).click();
    expect(await page.locator('[role="status"]').first().textContent()).toContain('Séance publiée');
    expect(await page.locator('.session-row', { hasText: 'Séminaire : diplomatie locale' }).locator('.badge').first().textContent()).toBe(
      'Publiée',
    );
    expect(await page.locator('.session-row', { hasText: 'Visite du village hanok' }).textContent()).toContain('Places: 1/4');
    await expectNoInlineCode(page);
    await screenshot(page, 'desk-sessions-fr');

    await page.goto(`${base}/forums/${forum.slug}`);
    const published = page.locator('.session', { hasText: 'Séminaire : diplomatie locale' });
    expect(await published.count()).toBe(1);
    expect(await published.textContent()).toContain('Séoul 2024-09-26 14:00');
  });

  it('cancels a published session with a reason, refusing a blank one', async () => {
    await page.goto(`${base}${desk}/sessions`);
    await page.locator('.session-row', { hasText: 'Séance plénière d’ouverture' }).locator('a', { hasText: 'Annuler la séance' }).click();
    await page.fill('#cancel-reason', '   ');
    await watch.expectFailedLoads([400], async () => {
      await page.click('button:has-text("Annuler la séance")');
      await page.locator('#cancel-reason-error').waitFor();
    });
    await page.fill('#cancel-reason', 'Typhon : séance reportée');
    await page.click('button:has-text("Annuler la séance")');
    const card = page.locator('.session-row', { hasText: 'Séance plénière d’ouverture' });
    expect(await card.locator('.badge').first().textContent()).toBe('Annulée');
    expect(await card.textContent()).toContain('Typhon : séance reportée');
  });

  it('shows the registrations with their delegates and visits, and who has not acted per deadline', async () => {
    await page.goto(`${base}${desk}/registrations`);
    const delegate = page.locator('tr', { hasText: 'André Santini' });
    expect(await delegate.textContent()).toContain('Visite du village hanok');
    expect(await delegate.textContent()).toContain('place confirmée');
    await screenshot(page, 'desk-registrations-fr');

    await page.goto(`${base}${desk}/deadlines`);
    const interest = page.locator('tr', { hasText: 'Confirmer votre intérêt' });
    // Jeonju was invited and has not registered.
    expect(await interest.locator('a', { hasText: 'en attente' }).textContent()).toBe('1 en attente');
    expect(await page.locator('tr', { hasText: 'Composer la délégation' }).textContent()).toContain('Tout le monde a agi.');
    await screenshot(page, 'desk-deadlines-fr');
    await interest.locator('a', { hasText: 'en attente' }).click();
    expect(await page.locator('tbody tr').textContent()).toContain(korean.name);
    expect(await page.locator('tbody tr').textContent()).toContain('Pas encore inscrite');
  });

  it('creates a deadline, keeping a malformed reminder next to its field', async () => {
    await page.goto(`${base}${desk}/deadlines/new`);
    await page.fill('#deadline-title-fr', 'Envoyer les biographies');
    await page.selectOption('#deadline-kind', 'documents');
    await page.fill('#deadline-due', '2030-06-30T23:59');
    await page.fill('#deadline-reminders', 'deux semaines');
    await watch.expectFailedLoads([400], async () => {
      await page.click('button:has-text("Enregistrer")');
      await page.locator('#deadline-reminders-error').waitFor();
    });
    expect(await page.inputValue('#deadline-reminders')).toBe('deux semaines');
    await page.fill('#deadline-reminders', 'P14D, P1D');
    await page.click('button:has-text("Enregistrer")');
    expect(await page.locator('tr', { hasText: 'Envoyer les biographies' }).count()).toBe(1);
  });

  it('filters the outbox by status and retries a failed message', async () => {
    await page.goto(`${base}${desk}/outbox`);
    await page.selectOption('#outbox-status', 'failed');
    await page.click('button:has-text("Filtrer")');
    expect(new URL(page.url()).searchParams.get('status')).toBe('failed');
    const row = page.locator('tr.message', { hasText: failed.recipient });
    expect(await row.textContent()).toContain('550 mailbox unavailable');
    await screenshot(page, 'desk-outbox-fr');
    await row.locator('button', { hasText: 'Renvoyer' }).click();
    expect(await page.locator('[role="status"]').first().textContent()).toContain('de nouveau dans la file');
    const mail = await h.smtp.waitFor((m) => m.envelopeTo.includes(failed.recipient));
    expect(mail.envelopeTo).toContain(failed.recipient);
    let status = '';
    for (let attempt = 0; attempt < 50 && status !== 'sent'; attempt += 1) {
      status = (await h.em.fork().findOneOrFail(Message, { id: failed.id })).status;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    expect(status).toBe('sent');
  });

  it('streams the participant list to the signed-in organiser', async () => {
    await page.goto(`${base}${desk}/exports`);
    await screenshot(page, 'desk-exports-fr');
    const csv = await page.request.get(`${base}${desk}/exports/participants.csv`);
    expect(csv.status()).toBe(200);
    expect(csv.headers()['content-type']).toContain('text/csv');
    const text = await csv.text();
    expect(text).toContain('Organisme');
    expect(text).toContain('Santini');
    const xlsx = await page.request.get(`${base}${desk}/exports/participants.xlsx`);
    expect(xlsx.status()).toBe(200);
    expect((await xlsx.body()).subarray(0, 2).toString()).toBe('PK');
  });

  it('renders the desk in Korean, Hangul in a Hangul-capable font', async () => {
    await page.goto(`${base}${desk}/sessions?lang=ko`);
    expect(await page.getAttribute('html', 'lang')).toBe('ko');
    expect(await page.textContent('h1')).toBe('프로그램');
    expect(await page.locator('.desk-nav').textContent()).toContain('발송함');
    expect(await page.locator('.session-row', { hasText: '세미나: 지방 외교' }).count()).toBe(1);
    const font = await page.evaluate<string>('getComputedStyle(document.body).fontFamily');
    expect(font).toContain('Noto Sans');
    await screenshot(page, 'desk-sessions-ko');
    await page.goto(`${base}${desk}?lang=ko`);
    expect(await page.locator('figure', { hasText: '주제별 신청' }).count()).toBe(1);
    await screenshot(page, 'desk-overview-ko');
    await page.goto(`${base}${desk}/sessions/new?lang=ko`);
    await watch.expectFailedLoads([400], async () => {
      await page.click('button:has-text("초안으로 저장")');
      await page.locator('#session-title-fr-error').waitFor();
    });
    await screenshot(page, 'desk-session-errors-ko');
    await page.goto(`${base}${desk}?lang=fr`);
  });

  it('lets a viewer read but not write', async () => {
    const viewerContext = await browser.newContext({ locale: 'fr-FR', viewport: { width: 1280, height: 900 } });
    const viewerPage = await viewerContext.newPage();
    viewerPage.setDefaultTimeout(8_000);
    const viewerWatch = new ConsoleWatch(viewerPage);
    const viewerTranslations = new TranslationWatch(viewerPage);
    try {
      await signIn(viewerPage, viewer.email);
      await viewerPage.goto(`${base}${desk}/sessions`);
      expect(await viewerPage.locator('.read-only').textContent()).toContain('le rôle d’organisateur');
      expect(await viewerPage.locator('a', { hasText: 'Nouvelle séance' }).count()).toBe(0);
      expect(await viewerPage.locator('button', { hasText: 'Publier' }).count()).toBe(0);
      await screenshot(viewerPage, 'desk-sessions-viewer-fr');
      const form = await viewerWatch.expectFailedLoads([403], () => viewerPage.goto(`${base}${desk}/sessions/new`));
      expect(form?.status()).toBe(403);
      expect(await viewerPage.textContent('h1')).toBe('Accès refusé');
      // A hand-made POST with a valid form token is refused as well.
      await viewerPage.goto(`${base}${desk}/outbox`);
      const token = await viewerPage.getAttribute('input[name="_csrf"]', 'value');
      const retry = await viewerPage.request.post(`${base}${desk}/outbox/${failed.id}/retry`, { form: { _csrf: token as string } });
      expect(retry.status()).toBe(403);
      expect(viewerWatch.take()).toEqual([]);
      expect(await viewerTranslations.take()).toEqual([]);
    } finally {
      await viewerContext.close();
    }
  });

  it('refuses a form sent without its token', async () => {
    const response = await page.request.post(`${base}${desk}/sessions/${failed.id}/publish`, { form: { _csrf: 'forged' } });
    expect(response.status()).toBe(403);
    expect(await response.text()).not.toContain('"stack"');
  });
});
