import type { AddressInfo } from 'node:net';
import type { Browser } from 'playwright-core';
import { type Harness, startHarness, unique } from '../support/harness';
import { createContact, createForum, createOrganisation, userWithToken } from '../support/factories';
import { launchChromium } from './browser';
import { checkWindows, type DeskWindow, openWindow, refused, shoot, signIn, submit } from './desk-support';

/**
 * The organisers' desk from an edition's first day: organisations and contacts, invitations that
 * send each contact its link, the date poll, the edition's themes and questions, sessions with
 * interpretation. A French organiser at a desk (1280 px) and a Korean one on a phone (390 px).
 */
describe('Desk journeys: reaching the invited', () => {
  let h: Harness;
  let browser: Browser;
  let base: string;
  let fr: DeskWindow;
  let ko: DeskWindow;
  let forum: { id: string; slug: string };
  let desk: string;
  let seocho: { id: string; name: string };
  let issy: { id: string; name: string };
  let jeonju: { id: string; name: string };
  const seochoEmail = `${unique('minji.kim')}@seocho.test`;
  let carolineEmail: string;

  beforeAll(async () => {
    h = await startHarness({ worker: true });
    await h.app.listen({ port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${(h.app.getHttpServer().address() as AddressInfo).port}`;
    // A new edition: no dates, no period proposed, no theme.
    forum = await createForum(h, {
      title: { fr: '5e Forum franco-coréen', ko: '제5회 한불 지방정부 포럼', en: '5th Franco-Korean Forum' },
      startDate: null,
      endDate: null,
    });
    desk = `/desk/editions/${forum.slug}`;
    const s = await createOrganisation(h, {
      name: unique('Seocho-gu'),
      nameKo: '서초구',
      country: 'KR',
      kind: 'district',
      defaultLocale: 'ko',
    });
    seocho = { id: s.id, name: s.name as string };
    const i = await createOrganisation(h, { name: unique('Issy-les-Moulineaux') });
    issy = { id: i.id, name: i.name as string };
    carolineEmail = `${unique('caroline')}@issy.test`;
    await createContact(h, issy.id, { firstName: 'Caroline', lastName: 'Millan', locale: 'fr', email: carolineEmail });
    const j = await createOrganisation(h, { name: unique('Jeonju'), nameKo: '전주시', country: 'KR', kind: 'special_city' });
    jeonju = { id: j.id, name: j.name as string };
    await createContact(h, jeonju.id, { firstName: '서준', lastName: '박', locale: 'ko', email: `${unique('park')}@jeonju.test` });
    const organiser = (await userWithToken(h, 'organiser')).user.email;

    browser = await launchChromium();
    fr = await openWindow(browser, 'fr', 1280);
    ko = await openWindow(browser, 'ko', 390);
    await signIn(h, base, fr.page, organiser);
    await signIn(h, base, ko.page, organiser);
    // The sign-in pages are not the desk's: only what follows is checked.
    fr.watch.take();
    ko.watch.take();
    await fr.translations.take();
    await ko.translations.take();
  }, 120_000);

  checkWindows(() => [fr, ko]);

  afterAll(async () => {
    await browser?.close();
    await h?.close();
  });

  it('finds an organisation by its name in Latin letters or in Hangul, creates one, edits, archives and restores it (fr, 1280 px)', async () => {
    const { page } = fr;
    await page.goto(`${base}/desk/organisations`);
    await page.fill('#organisation-q', '서초구');
    await submit(page, 'form[role="search"] button');
    expect(await page.locator('table.organisations tbody tr', { hasText: seocho.name }).count()).toBe(1);
    await page.fill('#organisation-q', seocho.name.slice(0, 12).toLowerCase());
    await submit(page, 'form[role="search"] button');
    expect(await page.locator('table.organisations tbody tr', { hasText: '서초구' }).count()).toBe(1);
    await shoot(fr, 'organisations');

    await page.goto(`${base}/desk/organisations/new`);
    const mapo = unique('Mapo-gu');
    await page.fill('#organisation-name', mapo);
    await page.fill('#organisation-name-ko', '마포구');
    await page.fill('#organisation-country', 'Corée');
    await page.fill('#organisation-population', '372 000');
    await refused(fr, 'button:has-text("Enregistrer")');
    expect(await page.locator('#organisation-country-error').textContent()).toContain('code pays à deux lettres');
    expect(await page.locator('#organisation-population-error').textContent()).toContain('nombre entier');
    expect(await page.inputValue('#organisation-name-ko')).toBe('마포구');
    expect(await page.inputValue('#organisation-country')).toBe('Corée');
    await shoot(fr, 'organisation-errors');
    await page.fill('#organisation-country', 'KR');
    await page.fill('#organisation-population', '372000');
    await submit(page, 'button:has-text("Enregistrer")');
    expect(await page.locator('[role="status"]').textContent()).toContain('Créé.');
    expect(await page.textContent('h1')).toBe(mapo);

    await page.fill('#organisation-website', 'mapo.go.kr');
    await refused(fr, 'button:has-text("Enregistrer")');
    expect(await page.locator('#organisation-website-error').textContent()).toContain('https://');
    await page.fill('#organisation-website', 'https://www.mapo.go.kr');
    await submit(page, 'button:has-text("Enregistrer")');
    expect(await page.locator('[role="status"]').textContent()).toContain('Enregistré.');
    expect(await page.inputValue('#organisation-website')).toBe('https://www.mapo.go.kr');

    await submit(page, 'button:has-text("Archiver")');
    expect(await page.locator('p.alert', { hasText: 'archivée' }).count()).toBeGreaterThan(0);
    await page.goto(`${base}/desk/organisations?q=${encodeURIComponent(mapo)}`);
    expect(await page.locator('table.organisations tbody tr').count()).toBe(0);
    await page.goto(`${base}/desk/organisations?archived=true&q=${encodeURIComponent(mapo)}`);
    await submit(page, `table.organisations a:has-text("${mapo}")`);
    await submit(page, 'button:has-text("Désarchiver")');
    expect(await page.locator('[role="status"]').textContent()).toContain('désarchivée');
  });

  it('adds, edits and removes the contacts of a Korean district that had none (ko, 390 px)', async () => {
    const { page } = ko;
    await page.goto(`${base}/desk/organisations/${seocho.id}`);
    expect(await page.textContent('h1')).toBe('서초구');
    expect(await page.locator('#contacts .alert').textContent()).toContain('연락처가 없어');
    await page.fill('#contact-first-name', '민지');
    await page.fill('#contact-last-name', '김');
    await page.fill('#contact-email', 'minji.kim@seocho');
    await page.fill('#contact-phone', '02-2155-6114 내선');
    await refused(ko, 'button:has-text("연락처 추가하기")');
    expect(await page.locator('#contact-email-error').textContent()).toContain('전체 이메일 주소를 입력하세요');
    expect(await page.locator('#contact-phone-error').textContent()).toContain('숫자, 공백과');
    expect(await page.inputValue('#contact-last-name')).toBe('김');
    await shoot(ko, 'contact-errors');
    await page.fill('#contact-email', seochoEmail);
    await page.fill('#contact-phone', '+82 2 2155 6114');
    await page.selectOption('#contact-locale', 'ko');
    await submit(page, 'button:has-text("연락처 추가하기")');
    expect(await page.locator('[role="status"]').textContent()).toContain('연락처를 추가했습니다');
    expect(await page.locator('li.contact', { hasText: '김민지' }).count()).toBe(1);

    // The same address twice in one organisation: refused beside the email field.
    await page.fill('#contact-first-name', '민지');
    await page.fill('#contact-last-name', '김');
    await page.fill('#contact-email', seochoEmail.toUpperCase());
    await refused(ko, 'button:has-text("연락처 추가하기")', [409, 400]);
    expect(await page.locator('#contact-email-error').textContent()).toContain('같은 이메일 주소의 연락처가 이미 있습니다');

    await page.fill('#contact-first-name', '서준');
    await page.fill('#contact-last-name', '박');
    await page.fill('#contact-email', `${unique('park')}@seocho.test`);
    await submit(page, 'button:has-text("연락처 추가하기")');
    await submit(page, 'a[aria-label="김민지 연락처 수정"]');
    await page.fill('#contact-function', '국제협력팀장');
    await submit(page, 'button:has-text("저장")');
    expect(await page.locator('li.contact', { hasText: '김민지' }).textContent()).toContain('국제협력팀장');

    await submit(page, 'a[aria-label="박서준 연락처 삭제"]');
    // 박서준 ends on a consonant: 을; the sentence names both the person and the district.
    expect(await page.textContent('h1')).toBe('박서준을 삭제할까요?');
    expect(await page.textContent('main')).toContain('박서준은 더 이상 서초구의 연락처가 아니며');
    await shoot(ko, 'contact-delete');
    await submit(page, 'button:has-text("네, 연락처를 삭제합니다")');
    expect(await page.locator('li.contact').count()).toBe(1);
    await shoot(ko, 'organisation');
  });

  it('invites authorities and each contact gets its link in its language; the page shows when it was sent and opened (fr, 1280 px)', async () => {
    const { page } = fr;
    await page.goto(`${base}${desk}/invitations`);
    for (const organisation of [seocho, issy, jeonju]) {
      await page.check(`input[name="organisationIds"][value="${organisation.id}"]`);
    }
    await submit(page, 'button:has-text("Inviter et envoyer les liens")');
    expect(await page.locator('[role="status"]').textContent()).toContain('chaque contact reçoit son lien');

    const korean = await h.smtp.waitFor((m) => m.envelopeTo.includes(seochoEmail));
    expect(korean.parsed.subject).toBe('접속 링크: 제5회 한불 지방정부 포럼');
    expect(korean.parsed.text).toContain('서초구의 참가');
    const french = await h.smtp.waitFor((m) => m.envelopeTo.includes(carolineEmail));
    expect(french.parsed.subject).toBe('Votre accès : 5e Forum franco-coréen');

    await page.reload();
    const minji = page.locator('.invitation', { hasText: seocho.name }).locator('tr.contact-link', { hasText: '김민지' });
    expect(await minji.textContent()).toContain('Envoyé');
    expect(await minji.textContent()).toMatch(/Paris \d{4}-\d{2}-\d{2} \d{2}:\d{2} · Séoul/);
    expect(await minji.textContent()).toContain('Pas encore ouvert');
    await shoot(fr, 'invitations-sent');

    // Kim Minji opens her link.
    const link = /https:\/\/passerelle\.test(\/access\?token=acc_[A-Za-z0-9_-]+)/.exec(korean.parsed.text ?? '')?.[1] as string;
    const member = await browser.newContext({ locale: 'ko-KR' });
    await (await member.newPage()).goto(`${base}${link}`);
    await member.close();
    await page.reload();
    expect(await minji.locator('td').last().textContent()).toMatch(/Paris \d{4}-\d{2}-\d{2} \d{2}:\d{2} · Séoul/);
    expect(await minji.textContent()).not.toContain('Pas encore ouvert');

    // Nobody has registered: all three are sent their links again.
    const before = h.smtp.received.filter((m) => m.envelopeTo.includes(carolineEmail)).length;
    await submit(page, 'button:has-text("Renvoyer les liens à toutes les non-inscrites")');
    expect(await page.locator('[role="status"]').textContent()).toContain('Liens envoyés');
    await h.smtp.waitFor(() => h.smtp.received.filter((m) => m.envelopeTo.includes(carolineEmail)).length > before);
    await shoot(fr, 'invitations');
  });

  it('sends one organisation its links again, on a Korean phone (ko, 390 px)', async () => {
    const { page } = ko;
    await page.goto(`${base}${desk}/invitations`);
    expect(await page.locator('.invitation', { hasText: '서초구' }).locator('.badge', { hasText: '아직 등록 안 함' }).count()).toBe(1);
    const before = h.smtp.received.filter((m) => m.envelopeTo.includes(seochoEmail)).length;
    await submit(page, 'button[aria-label="서초구에 링크 다시 보내기"]');
    expect(await page.locator('[role="status"]').textContent()).toContain('링크를 보냈습니다');
    await h.smtp.waitFor(() => h.smtp.received.filter((m) => m.envelopeTo.includes(seochoEmail)).length > before);
    await shoot(ko, 'invitations');
  });

  it('proposes, edits and withdraws the periods of a new edition’s poll, and closes and reopens it (ko, 390 px, then fr)', async () => {
    const { page } = ko;
    await page.goto(`${base}${desk}/poll`);
    expect(await page.textContent('main')).toContain('아직 제안된 기간이 없습니다.');
    await submit(page, 'a:has-text("기간 제안하기")');
    await page.fill('#option-start', '2027-09-29');
    await page.fill('#option-end', '2027-09-24');
    await page.fill('#option-note', '추석 이후');
    await refused(ko, 'button:has-text("저장")');
    expect(await page.locator('#option-end-error').textContent()).toContain('마지막 날은 첫날보다 앞설 수 없습니다');
    expect(await page.inputValue('#option-note')).toBe('추석 이후');
    await shoot(ko, 'poll-option-errors');
    await page.fill('#option-start', '2027-09-24');
    await page.fill('#option-end', '2027-09-26');
    await submit(page, 'button:has-text("저장")');
    expect(await page.locator('[role="status"]').textContent()).toContain('기간을 제안했습니다');

    // The same dates twice: refused beside the first day.
    await page.goto(`${base}${desk}/poll/options/new`);
    await page.fill('#option-start', '2027-09-24');
    await page.fill('#option-end', '2027-09-26');
    await refused(ko, 'button:has-text("저장")', [409, 400]);
    expect(await page.locator('#option-start-error').textContent()).toContain('같은 날짜의 기간이 이미 제안되어 있습니다');
    await page.fill('#option-start', '2027-10-08');
    await page.fill('#option-end', '2027-10-10');
    await submit(page, 'button:has-text("저장")');
    await shoot(ko, 'poll');

    const f = fr.page;
    await f.goto(`${base}${desk}/poll`);
    const first = f.locator('.poll-table tbody tr', { hasText: '24' });
    await submit(f, `.poll-table a[aria-label^="Modifier la période 24"]`);
    await f.check('#option-preferred');
    await f.fill('#option-note', 'Après Chuseok');
    await submit(f, 'button:has-text("Enregistrer")');
    expect(await first.textContent()).toContain('Préférée');
    expect(await first.textContent()).toContain('Après Chuseok');
    await submit(f, `.poll-table a[aria-label^="Retirer la période 8"]`);
    expect(await f.textContent('h1')).toBe('Retirer cette période ?');
    await submit(f, 'button:has-text("Oui, retirer la période")');
    expect(await f.locator('.poll-table tbody tr').count()).toBe(1);
    await submit(f, 'button:has-text("Clore le sondage")');
    expect(await f.textContent('p.alert')).toBe('Le sondage est clos.');
    await submit(f, 'button:has-text("Rouvrir le sondage")');
    expect(await f.textContent('p.alert')).toContain('Le sondage est ouvert');
    await shoot(fr, 'poll');
  });

  it('gives the edition a description, themes and registration questions, refusing a choice question with one choice (fr, 1280 px, then ko)', async () => {
    const { page } = fr;
    await page.goto(`${base}${desk}/edit`);
    await page.fill('#edition-description-fr', 'Innovation et attractivité des territoires, à Séoul.');
    await submit(page, 'form[action="' + desk + '"] button:has-text("Enregistrer")');
    await page.goto(`${base}${desk}/edit`);
    expect(await page.inputValue('#edition-description-fr')).toBe('Innovation et attractivité des territoires, à Séoul.');

    await refused(fr, 'button:has-text("Ajouter le thème")');
    expect(await page.locator('#theme-title-fr-error').textContent()).toContain('au moins une langue');
    await page.fill('#theme-title-fr', 'Culture, tourisme et gastronomie');
    await page.fill('#theme-title-ko', '문화, 관광, 미식');
    await submit(page, 'button:has-text("Ajouter le thème")');
    expect(await page.locator('[role="status"]').textContent()).toContain('Thème ajouté.');
    await page.fill('#theme-title-fr', 'Climat, énergie et eau');
    await submit(page, 'button:has-text("Ajouter le thème")');
    expect(await page.locator('#themes li').count()).toBe(2);
    await submit(page, 'a[aria-label="Modifier le thème « Climat, énergie et eau »"]');
    await page.fill('#theme-title-ko', '기후, 에너지, 물');
    await page.fill('#theme-position', 'premier');
    await refused(fr, 'button:has-text("Enregistrer")');
    expect(await page.locator('#theme-position-error').textContent()).toContain('nombre entier');
    await page.fill('#theme-position', '1');
    await submit(page, 'button:has-text("Enregistrer")');
    expect(await page.locator('[role="status"]').textContent()).toContain('Enregistré.');
    await submit(page, 'a[aria-label="Modifier le thème « Climat, énergie et eau »"]');
    expect(await page.inputValue('#theme-title-ko')).toBe('기후, 에너지, 물');
    await page.goto(`${base}${desk}/edit`);

    await page.fill('#question-label-fr', 'Souhaitez-vous accueillir une délégation ?');
    await page.selectOption('#question-kind', 'choice');
    await page.fill('#question-choices', 'oui');
    await refused(fr, 'button:has-text("Ajouter la question")');
    expect(await page.locator('#question-choices-error').textContent()).toContain('au moins deux choix');
    expect(await page.inputValue('#question-label-fr')).toBe('Souhaitez-vous accueillir une délégation ?');
    await shoot(fr, 'edition-errors');
    await page.fill('#question-choices', 'oui\nnon\npeut-être');
    await page.check('#question-required');
    await submit(page, 'button:has-text("Ajouter la question")');
    expect(await page.locator('#questions li').textContent()).toContain('oui, non, peut-être');
    await shoot(fr, 'edition');

    const k = ko.page;
    await k.goto(`${base}${desk}/edit`);
    await k.fill('#question-label-ko', '대표단 단장은 누구입니까?');
    await submit(k, 'button:has-text("질문 추가하기")');
    expect(await k.locator('#questions li').count()).toBe(2);
    await submit(k, 'a[aria-label="‘문화, 관광, 미식’ 주제 삭제"]');
    await submit(k, 'button:has-text("네, 주제를 삭제합니다")');
    expect(await k.locator('#themes li').count()).toBe(1);
    await shoot(ko, 'edition');
  });

  it('saves a session with interpretation once its languages are ticked, and names each refusal beside its field (ko, 390 px, then fr)', async () => {
    const { page } = ko;
    await page.goto(`${base}${desk}/sessions/new`);
    await page.selectOption('#session-kind', 'seminar');
    await page.fill('#session-title-ko', '세미나: 지방 외교');
    await page.fill('#session-starts', '2027-09-24T14:00');
    await page.fill('#session-ends', '2027-09-24T16:00');
    await page.fill('#session-venue', unique('서초구청'));
    await page.selectOption('#session-interpretation', 'consecutive');
    await page.uncheck('#session-interpretation-languages-fr');
    await page.uncheck('#session-interpretation-languages-ko');
    await refused(ko, 'button:has-text("초안으로 저장")');
    expect(await page.locator('#session-interpretation-languages-error').textContent()).toContain('통역할 두 언어');
    expect(await page.inputValue('#session-interpretation')).toBe('consecutive');
    expect(await page.inputValue('#session-title-ko')).toBe('세미나: 지방 외교');
    await shoot(ko, 'session-interpretation-error');
    await page.check('#session-interpretation-languages-fr');
    await page.check('#session-interpretation-languages-ko');
    await submit(page, 'button:has-text("초안으로 저장")');
    expect(await page.locator('.alert-success').first().textContent()).toContain('세션이 저장되었습니다');
    // The dates are open and nobody hosts it: both warnings, in Korean, the particle agreeing with 세미나.
    const warnings = await page.locator('.desk-warnings li').allTextContents();
    expect(warnings.join(' ')).toContain('회차 날짜가 아직 정해지지 않았습니다');
    expect(warnings.join(' ')).toContain('세미나는 프랑스와 한국 기관이 함께');
    expect(await page.isChecked('#session-interpretation-languages-ko')).toBe(true);
    await shoot(ko, 'session-saved');

    const f = fr.page;
    await f.goto(`${base}${desk}/sessions/new`);
    await f.selectOption('#session-kind', 'field_visit');
    await f.fill('#session-title-fr', 'Visite du marché de Yangjae');
    await f.fill('#session-starts', '2027-09-25T09:00');
    await f.fill('#session-ends', '2027-09-25T08:00');
    await f.fill('#session-venue', unique('Marché de Yangjae'));
    await refused(fr, 'button:has-text("Enregistrer en brouillon")');
    expect(await f.locator('#session-ends-error').textContent()).toContain('La fin doit venir après le début.');
    await f.fill('#session-ends', '2027-09-25T11:00');
    await refused(fr, 'button:has-text("Enregistrer en brouillon")');
    expect(await f.locator('#session-capacity-error').textContent()).toContain('nombre de places');
    expect(await f.locator('#session-host-0-error').textContent()).toContain('collectivité hôte');
    await shoot(fr, 'session-errors');
  });
});
