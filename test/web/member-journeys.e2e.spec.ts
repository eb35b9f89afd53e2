import type { AddressInfo } from 'node:net';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { Message } from '../../src/outbox/message.entity';
import { accessTokenFor, createContact, createForum, createOrganisation, invite } from '../support/factories';
import { auth, type Harness, ORGANISERS_EMAIL, startHarness, unique } from '../support/harness';
import { ConsoleWatch, FIRST_NAVIGATION_MS, openPhoneBrowser, screenshots, unlabelledFields, untranslated, watchAndClose } from './browser';

type Json = Record<string, unknown>;
const DAY_MS = 24 * 3_600_000;

/**
 * What the members of two invited authorities do on their pages alone, each in its own language:
 * a French town (Issy-les-Moulineaux, in French) and a Korean district (서초구, in Korean). A lost
 * link replaced, every deadline with its own time left, a delegation changed and a seat given up
 * to the next in line, dates to avoid, the registration excused or withdrawn; every refusal in the
 * reader's words.
 */
describe('Member journeys, in French and in Korean', () => {
  let h: Harness;
  let browser: Browser;
  let fr: Page;
  let ko: Page;
  let koContext: BrowserContext;
  let watch: ConsoleWatch;
  let koWatch: ConsoleWatch;
  let base: string;
  let forum: { id: string; slug: string };
  let issy: { id: string; name: string };
  let seocho: { id: string; name: string };
  let caroline: { id: string; email: string };
  let minji: { id: string; email: string };
  let samira: { id: string; email: string };
  let visits: Record<'hanok' | 'museum' | 'market', string>;

  async function api(method: 'GET' | 'POST' | 'PATCH' | 'PUT', url: string, payload?: Json): Promise<Json & Json[]> {
    const response = await h.app.inject({ method, url, headers: auth, payload });
    if (response.statusCode >= 300) {
      throw new Error(`${method} ${url} answered ${response.statusCode}: ${response.body}`);
    }
    return response.json();
  }

  const submit = (page: Page, selector: string) => Promise.all([page.waitForNavigation(), page.click(selector)]);

  /** The access link emailed to an address (written once the answer has gone, or before). */
  async function emailedLink(recipient: string): Promise<Message> {
    for (let attempt = 0; attempt < 100; attempt += 1) {
      const message = await h.em.fork().findOne(Message, { recipient, template: 'access-link' });
      if (message) {
        return message;
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error(`No access link was written for ${recipient}`);
  }

  async function deadline(kind: string, title: Json, dueAt: Date, enforcement: 'hard' | 'soft'): Promise<string> {
    return (
      await api('POST', `/api/forums/${forum.id}/deadlines`, {
        kind,
        title,
        dueAt: dueAt.toISOString(),
        timeZone: 'Europe/Paris',
        enforcement,
      })
    ).id as string;
  }

  const card = (page: Page, name: string) => page.locator('article.card', { hasText: name });
  const visitRow = (page: Page, delegate: string, visit: string) => card(page, delegate).locator('li', { hasText: visit });
  let delegationDeadline: string;

  beforeAll(async () => {
    h = await startHarness();
    await h.app.listen({ port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${(h.app.getHttpServer().address() as AddressInfo).port}`;
    forum = await createForum(h, {
      title: { fr: '3e Forum franco-coréen', ko: '제3회 한불 지방정부 포럼', en: '3rd Franco-Korean Forum' },
    });
    const api0 = `/api/forums/${forum.id}`;
    issy = (await createOrganisation(h, { name: unique('Issy-les-Moulineaux') })) as typeof issy;
    seocho = (await createOrganisation(h, {
      name: unique('Seocho-gu'),
      nameKo: '서초구',
      country: 'KR',
      kind: 'district',
      population: 400_000,
    })) as typeof seocho;
    caroline = (await createContact(h, issy.id, {
      firstName: 'Caroline',
      lastName: 'Millan',
      email: `${unique('caroline')}@issy.test`,
      locale: 'fr',
    })) as typeof caroline;
    samira = (await createContact(h, issy.id, {
      firstName: 'Samira',
      lastName: 'Seddiki',
      function: 'Chargée de mission Asie',
      email: `${unique('samira')}@issy.test`,
      locale: 'fr',
    })) as typeof samira;
    minji = (await createContact(h, seocho.id, {
      firstName: '민지',
      lastName: '김',
      function: '국제교류팀장',
      email: `${unique('minji')}@seocho.test`,
      locale: 'ko',
    })) as typeof minji;
    await invite(h, forum.id, [issy.id, seocho.id]);
    await api('POST', `${api0}/date-options`, { startDate: '2024-09-22', endDate: '2024-09-26' });
    const now = Date.now();
    await deadline('interest', { fr: 'Confirmer votre intérêt', ko: '참가 의향 확인' }, new Date(now + 10 * DAY_MS), 'hard');
    await deadline('visit_choice', { fr: 'Choisir les visites', ko: '방문 선택' }, new Date(now + 15 * DAY_MS), 'hard');
    delegationDeadline = await deadline(
      'delegation',
      { fr: 'Composer la délégation', ko: '대표단 구성' },
      new Date(now + 20 * DAY_MS),
      'hard',
    );
    await deadline('host_offer', { fr: 'Proposer un accueil', ko: '방문 수용 제안' }, new Date(now - 2 * 3_600_000), 'soft');
    const visit = async (title: Json, capacity: number, startsAt: string, endsAt: string) =>
      (
        await api('POST', `${api0}/sessions`, {
          status: 'published',
          kind: 'field_visit',
          title,
          capacity,
          startsAt,
          endsAt,
          venueName: unique('Lieu'),
          venueCity: 'Séoul',
          hosts: [{ organisationId: seocho.id, role: 'host' }],
        })
      ).id as string;
    visits = {
      hanok: await visit(
        { fr: 'Visite du village hanok', ko: '한옥마을 방문' },
        1,
        '2024-09-25T14:00:00+09:00',
        '2024-09-25T17:00:00+09:00',
      ),
      museum: await visit({ fr: 'Visite du musée', ko: '박물관 방문' }, 10, '2024-09-25T15:00:00+09:00', '2024-09-25T16:00:00+09:00'),
      market: await visit(
        { fr: 'Visite du marché Nambu', ko: '남부시장 방문' },
        1,
        '2024-09-26T09:00:00+09:00',
        '2024-09-26T11:00:00+09:00',
      ),
    };
    await api('PATCH', api0, { status: 'published' });

    ({ browser, page: fr, watch } = await openPhoneBrowser('fr-FR', 5_000));
    koContext = await browser.newContext({ locale: 'ko-KR', viewport: { width: 420, height: 900 } });
    ko = await koContext.newPage();
    ko.setDefaultTimeout(5_000);
    koWatch = new ConsoleWatch(ko);
  }, 60_000);

  watchAndClose(() => ({ browser, watch, harness: h, pages: [fr, ko] }));
  afterEach(() => {
    expect(koWatch.take()).toEqual([]);
  });

  it('tells an invited authority on the public programme where to get its link, and says one seat left in the singular', async () => {
    await fr.goto(`${base}/forums/${forum.slug}`, { timeout: FIRST_NAVIGATION_MS });
    expect(await fr.locator('.invited a').getAttribute('href')).toBe(`/forums/${forum.slug}/access`);
    expect(await fr.locator('.session', { hasText: 'Visite du marché Nambu' }).textContent()).toContain('1 place restante');
    expect(await fr.locator('.session', { hasText: 'Visite du musée' }).textContent()).toContain('10 places restantes');
    expect(await fr.locator('.session', { hasText: 'Visite du musée' }).textContent()).toContain(seocho.name);
    await screenshots(fr, 'journey-programme-fr');

    await ko.goto(`${base}/forums/${forum.slug}`);
    expect(await ko.getAttribute('html', 'lang')).toBe('ko');
    expect(await ko.locator('.invited').textContent()).toContain('내 접속 링크 받기');
    expect(await ko.locator('.session', { hasText: '남부시장 방문' }).textContent()).toContain('잔여 1석');
    // The district by its Korean name on a Korean page.
    expect(await ko.locator('.session', { hasText: '박물관 방문' }).textContent()).toContain('주관: 서초구');
    await screenshots(ko, 'journey-programme-ko');
  });

  it('9 · replaces a lost link in French: the 401 page gives the organisers’ address and the way to a new link, answered alike for any address', async () => {
    const refused = await watch.expectFailedLoads([401], () => fr.goto(`${base}/forums/${forum.slug}/registration`));
    expect(refused?.status()).toBe(401);
    expect(await fr.textContent('h1')).toBe('Accès réservé');
    expect(await fr.locator('main').textContent()).toContain(ORGANISERS_EMAIL);
    await screenshots(fr, 'journey-401-fr');

    await Promise.all([fr.waitForNavigation(), fr.click('a:has-text("Demander un nouveau lien d’accès")')]);
    expect(new URL(fr.url()).pathname).toBe(`/forums/${forum.slug}/access`);
    expect(await fr.locator('.lead').textContent()).toBe('3e Forum franco-coréen');
    await fr.fill('#link-request-email', 'caroline-at-issy');
    await watch.expectFailedLoads([400], () => submit(fr, 'button:has-text("Recevoir le lien")'));
    expect(await fr.textContent('#link-request-email-error')).toContain('Saisissez une adresse électronique complète');

    await fr.fill('#link-request-email', `${unique('personne')}@ailleurs.test`);
    await submit(fr, 'button:has-text("Recevoir le lien")');
    const unknownAnswer = await fr.locator('[role="status"]').textContent();
    await fr.fill('#link-request-email', caroline.email.toUpperCase());
    await submit(fr, 'button:has-text("Recevoir le lien")');
    expect(await fr.locator('[role="status"]').textContent()).toBe(unknownAnswer);
    expect(unknownAnswer).toContain('au moins jusqu’à la dernière échéance');
    expect(await unlabelledFields(fr)).toBe(0);
    await screenshots(fr, 'journey-link-request-fr');

    // An expired link says so in French and leads to the editions, each with its link request.
    const expired = await accessTokenFor(h, caroline.id, forum.id, new Date(Date.now() - 60_000));
    await watch.expectFailedLoads([401], () => fr.goto(`${base}/access?token=${expired.token}`));
    expect(await fr.locator('.detail').textContent()).toContain('a expiré');
    expect(await fr.locator('main a.button').getAttribute('href')).toBe('/editions');

    const message = await emailedLink(caroline.email);
    expect(message.locale).toBe('fr');
    await fr.goto((message.data.link as string).replace('https://passerelle.test', base));
    expect(new URL(fr.url()).pathname).toBe(`/forums/${forum.slug}/registration`);
    expect(await fr.locator('.member-nav').textContent()).toContain(`Vous agissez pour ${issy.name}.`);
  });

  it('9 · replaces a lost link in Korean, and the district acts under its Korean name', async () => {
    await koWatch.expectFailedLoads([401], () => ko.goto(`${base}/forums/${forum.slug}/poll`));
    expect(await ko.textContent('h1')).toBe('접근 제한');
    expect(await ko.locator('.detail').textContent()).toContain('아래에서 새 링크를 요청하세요');
    expect(await ko.locator('main').textContent()).toContain(ORGANISERS_EMAIL);
    await screenshots(ko, 'journey-401-ko');
    await Promise.all([ko.waitForNavigation(), ko.click('a:has-text("새 접속 링크 요청")')]);
    await ko.fill('#link-request-email', minji.email);
    await submit(ko, 'button:has-text("링크 받기")');
    expect(await ko.locator('[role="status"]').textContent()).toContain('접속 링크가 발송되었습니다');
    await screenshots(ko, 'journey-link-request-ko');

    const message = await emailedLink(minji.email);
    expect(message.locale).toBe('ko');
    await ko.goto((message.data.link as string).replace('https://passerelle.test', base));
    expect(await ko.textContent('h1')).toBe('서초구 등록');
    expect(await ko.locator('.member-nav').textContent()).toContain('서초구를 대표하고 있습니다.');
  });

  it('12 · shows every deadline that concerns the member, each with its own time left', async () => {
    const left = async (page: Page, kind: string) =>
      Number(/(\d+)/.exec((await page.locator(`#deadline-${kind} strong`).last().textContent()) ?? '')?.[1]);
    await fr.goto(`${base}/forums/${forum.slug}/registration`);
    expect(await fr.locator('#deadline-interest').textContent()).toMatch(
      /Inscription — date limite « Confirmer votre intérêt » : .* \(Paris\) · .* \(Séoul\)\. Il reste 9\sjours\./,
    );
    expect([await left(fr, 'interest'), await left(fr, 'visit_choice'), await left(fr, 'delegation')]).toEqual([9, 14, 19]);
    expect(await fr.locator('#deadline-host_offer').textContent()).toContain('Passée : ce que vous enverrez encore sera marqué en retard.');
    await submit(fr, 'button:has-text("Manifester notre intérêt")');
    expect(await fr.locator('section[aria-labelledby="offer-heading"] .alert').textContent()).toContain(
      'L’échéance « Proposer un accueil » est passée',
    );
    await screenshots(fr, 'journey-deadlines-fr');

    await ko.goto(`${base}/forums/${forum.slug}/registration`);
    expect(await ko.locator('#deadline-delegation').textContent()).toMatch(
      /대표단 — ‘대표단 구성’ 마감: .*\(파리\) · .*\(서울\)\. 19일 남았습니다\./,
    );
    expect(await ko.locator('#deadline-visit_choice').textContent()).toContain('14일 남았습니다');
    await submit(ko, 'button:has-text("참가 의향 등록")');
    expect(await ko.locator('[role="status"]').textContent()).toContain('등록을 저장했습니다');
    await screenshots(ko, 'journey-deadlines-ko');
  });

  it('10 · changes the French delegation: a function typed for a known person is kept, details changed, a time clash refused in French', async () => {
    await fr.selectOption('#delegate-contact', samira.id);
    await fr.fill('#delegate-function', 'Adjointe au maire chargée des relations internationales');
    await submit(fr, 'form[action$="/delegates"] button[type="submit"]');
    expect(await card(fr, 'Samira Seddiki').locator('p').first().textContent()).toBe(
      'Agent·e · Adjointe au maire chargée des relations internationales',
    );
    await fr.selectOption('#delegate-contact', caroline.id);
    await fr.selectOption('#delegate-role', 'elected_official');
    await submit(fr, 'form[action$="/delegates"] button[type="submit"]');
    expect(await card(fr, 'Caroline Millan').locator('p').first().textContent()).toBe(
      'Élu·e · Conseillère municipale déléguée aux relations internationales',
    );

    const samiraCard = card(fr, 'Samira Seddiki');
    await samiraCard.locator('summary').click();
    await samiraCard.locator('input[name="printedFunction"]').fill('Première adjointe au maire');
    await samiraCard.locator('input[name="dietaryNotes"]').fill('Végétarienne');
    await submit(fr, `#${await samiraCard.getAttribute('id')} button:has-text("Enregistrer les modifications")`);
    expect(await fr.locator('[role="status"]').textContent()).toBe('Modifications enregistrées pour Samira Seddiki.');
    expect(await card(fr, 'Samira Seddiki').locator('p').first().textContent()).toBe('Agent·e · Première adjointe au maire');
    const registrations = await api('GET', `/api/forums/${forum.id}/registrations`);
    const ours = (registrations.items as Json[]).find((r) => (r.organisation as Json).id === issy.id) as Json;
    const delegates = await api('GET', `/api/forums/${forum.id}/registrations/${ours.id as string}/delegates`);
    expect(delegates.find((d: Json) => d.printedFunction === 'Première adjointe au maire')).toEqual(
      expect.objectContaining({ dietaryNotes: 'Végétarienne', role: 'staff' }),
    );

    const choose = async (delegate: string, visitId: string, statuses: number[] = []) => {
      await card(fr, delegate).locator('select[name="sessionId"]').selectOption(visitId);
      const id = await card(fr, delegate).getAttribute('id');
      await watch.expectFailedLoads(statuses, () => submit(fr, `#${id} form[action$="/visits"] button`));
    };
    await choose('Samira Seddiki', visits.hanok);
    expect(await fr.locator('[role="status"]').textContent()).toBe('Place confirmée pour Visite du village hanok.');
    await choose('Samira Seddiki', visits.museum, [409]);
    expect(await card(fr, 'Samira Seddiki').locator('.error-message').textContent()).toBe(
      '« Visite du musée » a lieu en même temps que « Visite du village hanok », où cette personne a déjà une place : libérez d’abord celle-ci.',
    );
    await screenshots(fr, 'journey-time-clash-fr');
    await choose('Samira Seddiki', visits.market);
    expect(await visitRow(fr, 'Samira Seddiki', 'Visite du marché Nambu').textContent()).toContain('Place confirmée');
  });

  it('10 · joins a waiting list in Korean, gives a place in line up, and takes the seat a French delegate frees', async () => {
    await ko.reload();
    await ko.selectOption('#delegate-contact', minji.id);
    await submit(ko, 'form[action$="/delegates"] button[type="submit"]');
    expect(await ko.locator('[role="status"]').textContent()).toBe('대표를 추가했습니다.');
    const choose = async (visitId: string) => {
      await card(ko, '김민지').locator('select[name="sessionId"]').selectOption(visitId);
      await submit(ko, `#${await card(ko, '김민지').getAttribute('id')} form[action$="/visits"] button`);
    };
    // Both options carry their seats and their time with its zone.
    expect(await card(ko, '김민지').locator('option', { hasText: '남부시장 방문' }).textContent()).toBe(
      '남부시장 방문 · 2024-09-26 09:00(서울) · 마감: 대기자 명단 등록',
    );
    await choose(visits.hanok);
    expect(await ko.locator('[role="status"]').textContent()).toBe('한옥마을 방문은 마감되었습니다. 김민지는 대기자 명단 1번입니다.');
    await choose(visits.market);
    expect(await visitRow(ko, '김민지', '남부시장 방문').textContent()).toContain('대기자 명단: 1번');
    await screenshots(ko, 'journey-waitlisted-ko');

    await submit(ko, `#${await card(ko, '김민지').getAttribute('id')} li:has-text("남부시장 방문") button:has-text("대기 취소")`);
    expect(await ko.locator('[role="status"]').textContent()).toBe(
      '김민지의 남부시장 방문 참가가 취소되었습니다. 좌석은 다음 대기자에게 돌아갑니다.',
    );
    expect(await card(ko, '김민지').textContent()).not.toContain('남부시장 방문 —');

    await fr.reload();
    await submit(
      fr,
      `#${await card(fr, 'Samira Seddiki').getAttribute('id')} li:has-text("Visite du village hanok") button:has-text("Libérer la place")`,
    );
    expect(await fr.locator('[role="status"]').textContent()).toBe(
      'Samira Seddiki ne participe plus à Visite du village hanok ; la place revient à la personne suivante.',
    );
    await ko.reload();
    expect(await visitRow(ko, '김민지', '한옥마을 방문').textContent()).toContain('좌석 확정');
  });

  it('10 · removes a delegate, in French and in Korean, with the particle that fits the name', async () => {
    await card(fr, 'Caroline Millan').locator('summary').click();
    await submit(
      fr,
      `#${await card(fr, 'Caroline Millan').getAttribute('id')} button[aria-label="Retirer Caroline Millan de la délégation"]`,
    );
    expect(await fr.locator('[role="status"]').textContent()).toBe(
      'Caroline Millan ne fait plus partie de la délégation ; ses places reviennent aux personnes suivantes en liste d’attente.',
    );
    expect(await card(fr, 'Caroline Millan').count()).toBe(0);

    await ko.fill('#delegate-firstName', '서연');
    await ko.fill('#delegate-lastName', '이');
    await ko.fill('#delegate-email', `${unique('seoyeon')}@seocho.test`);
    await submit(ko, 'form[action$="/delegates"] button[type="submit"]');
    await card(ko, '이서연').locator('summary').click();
    await submit(ko, `#${await card(ko, '이서연').getAttribute('id')} button.button-danger`);
    expect(await ko.locator('[role="status"]').textContent()).toBe(
      '이서연은 더 이상 대표단이 아닙니다. 좌석은 다음 대기자에게 돌아갑니다.',
    );
    await screenshots(ko, 'journey-removed-ko');
  });

  it('11 · keeps the organisation’s dates to avoid on a member page, shown in the date poll under its name in each language', async () => {
    await fr.click('.member-nav a:has-text("Dates à éviter")');
    expect(await fr.textContent('h1')).toBe('Dates à éviter');
    await fr.fill('#blackout-from', '2024-09-24');
    await fr.fill('#blackout-to', '2024-09-23');
    await fr.fill('#blackout-reason', 'Conseil municipal');
    await watch.expectFailedLoads([400], () => submit(fr, 'button:has-text("Ajouter ces dates")'));
    expect(await fr.textContent('#blackout-to-error')).toContain('La date de fin ne peut pas précéder la date de début.');
    expect(await fr.inputValue('#blackout-reason')).toBe('Conseil municipal');
    await screenshots(fr, 'journey-blackouts-error-fr');
    await fr.fill('#blackout-to', '2024-09-25');
    await submit(fr, 'button:has-text("Ajouter ces dates")');
    expect(await fr.locator('[role="status"]').textContent()).toBe('Dates à éviter ajoutées.');
    expect(await fr.locator('.blackout').textContent()).toContain('Conseil municipal');
    expect(await unlabelledFields(fr)).toBe(0);

    await ko.click('.member-nav a:has-text("피해야 할 날짜")');
    expect(await ko.locator('.lead').textContent()).toContain('서초구가 포럼에 참가할 수 없는 기간');
    await ko.fill('#blackout-from', '2024-09-22');
    await ko.fill('#blackout-to', '2024-09-22');
    await ko.fill('#blackout-reason', '구민의 날');
    await submit(ko, 'button:has-text("이 날짜 추가")');
    expect(await ko.locator('[role="status"]').textContent()).toBe('피해야 할 날짜를 추가했습니다.');
    await screenshots(ko, 'journey-blackouts-ko');
    await ko.click('a:has-text("일정 투표")');
    const option = ko.locator('fieldset.poll-option');
    expect(await option.textContent()).toContain('서초구 불가: 구민의 날');
    // Another authority's dates to avoid are shown, never its reason (it may be private).
    expect(await option.textContent()).toContain(`${issy.name} 불가 (`);
    expect(await option.textContent()).not.toContain('Conseil municipal');
    await fr.goto(`${base}/forums/${forum.slug}/poll`);
    const seenByIssy = await fr.locator('fieldset.poll-option').textContent();
    expect(seenByIssy).toContain('Conseil municipal');
    expect(seenByIssy).toContain(seocho.name);
    expect(seenByIssy).not.toContain('구민의 날');

    await ko.click('.member-nav a:has-text("피해야 할 날짜")');
    await submit(ko, '.blackout button:has-text("삭제")');
    expect(await ko.locator('[role="status"]').textContent()).toBe('피해야 할 날짜를 삭제했습니다.');
    expect(await ko.locator('.blackout').count()).toBe(0);
  });

  it('12 · refuses a change past its own deadline with that deadline named, in Korean, and then offers no form for that step', async () => {
    await ko.goto(`${base}/forums/${forum.slug}/registration`);
    await card(ko, '김민지').locator('summary').click();
    await card(ko, '김민지').locator('input[name="dietaryNotes"]').fill('채식');
    // The delegation deadline passes while the page is open.
    await api('PATCH', `/api/forums/${forum.id}/deadlines/${delegationDeadline}`, {
      dueAt: new Date(Date.now() - 60_000).toISOString(),
      timeZone: 'Europe/Paris',
    });
    const minjiCard = await card(ko, '김민지').getAttribute('id');
    await koWatch.expectFailedLoads([409], () => submit(ko, `#${minjiCard} button:has-text("변경 사항 저장")`));
    const refusal = await card(ko, '김민지').locator('[role="alert"]').textContent();
    expect(refusal).toMatch(
      /^‘대표단 구성’ 마감이 지났습니다\(\d{4}-\d\d-\d\d \d\d:\d\d 파리 · \d{4}-\d\d-\d\d \d\d:\d\d 서울\)\. 문의는 주최 측에 보내 주세요: organisers@passerelle\.test\.$/,
    );
    // The step is closed now: its form is gone, the refusal stands where it was.
    expect(await card(ko, '김민지').locator('summary').count()).toBe(0);
    await screenshots(ko, 'journey-deadline-refused-ko');

    await ko.goto(`${base}/forums/${forum.slug}/registration`);
    expect(await ko.locator('#deadline-delegation').textContent()).toContain('마감됨: 이 단계는 끝났습니다.');
    expect(await ko.locator('#deadline-visit_choice').textContent()).toContain('14일 남았습니다');
    expect(await ko.locator('section[aria-labelledby="delegates-heading"] .alert-error').textContent()).toContain(
      '‘대표단 구성’ 마감이 지났습니다',
    );
    expect(await ko.locator('form[action$="/delegates"]').count()).toBe(0);
    expect(await card(ko, '김민지').locator('summary').count()).toBe(0);
    // Visits have their own deadline, still open.
    expect(await card(ko, '김민지').locator('form[action$="/visits"]').count()).toBe(1);
  });

  it('10 · excuses the Korean district and withdraws the French town, freeing their seats; the town registers again', async () => {
    await ko.goto(`${base}/forums/${forum.slug}/registration`);
    await koWatch.expectFailedLoads([400], () => submit(ko, 'form[action$="/withdraw"] button'));
    expect(await ko.locator('#withdraw-status-error').textContent()).toBe('두 가지 중 하나를 선택하세요.');
    expect(await ko.locator('#withdraw-confirm-error').textContent()).toBe('확인란을 선택하세요.');
    await ko.check('input[name="status"][value="excused"]');
    await ko.check('form[action$="/withdraw"] input[name="confirm"]');
    await submit(ko, 'form[action$="/withdraw"] button');
    expect(await ko.locator('[role="status"]').textContent()).toBe('불참 통보를 저장했습니다. 대표들의 좌석이 반납되었습니다.');
    expect(await ko.locator('#registration-heading + p').textContent()).toContain('불참 통보');
    expect(await card(ko, '김민지').textContent()).not.toContain('한옥마을 방문');
    await screenshots(ko, 'journey-excused-ko');

    await fr.goto(`${base}/forums/${forum.slug}/registration`);
    await fr.check('input[name="status"][value="cancelled"]');
    await fr.check('form[action$="/withdraw"] input[name="confirm"]');
    await submit(fr, 'form[action$="/withdraw"] button');
    expect(await fr.locator('[role="status"]').textContent()).toBe(
      'Votre inscription est retirée ; les places de vos délégués sont libérées.',
    );
    expect(await fr.locator('#registration-heading + p').textContent()).toContain('Annulée');
    expect(await fr.locator('section[aria-labelledby="delegates-heading"]').textContent()).toContain(
      'L’inscription de votre collectivité est retirée',
    );
    await screenshots(fr, 'journey-withdrawn-fr');
    await submit(fr, 'button:has-text("Nous inscrire de nouveau")');
    expect(await fr.locator('#registration-heading + p').textContent()).toContain('Intéressée');
    expect(await untranslated(fr)).toEqual([]);
  });
});
