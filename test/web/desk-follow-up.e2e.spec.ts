import type { AddressInfo } from 'node:net';
import { Workbook } from 'exceljs';
import type { Browser } from 'playwright-core';
import { Message } from '../../src/outbox/message.entity';
import { auth, type Harness, startHarness, unique } from '../support/harness';
import { createContact, createForum, createOrganisation, invite, userWithToken } from '../support/factories';
import { launchChromium } from './browser';
import { checkWindows, type DeskWindow, openWindow, refused, shoot, signIn, submit } from './desk-support';

type Json = Record<string, unknown>;

/**
 * The desk once authorities have registered: what their registrations say, the participant list,
 * each deadline's reminders, the outbox as the recipients read it, and the visits' waiting lists.
 * A French organiser at a desk (1280 px) and a Korean one on a phone (390 px).
 */
describe('Desk journeys: following registrations up', () => {
  let h: Harness;
  let browser: Browser;
  let base: string;
  let fr: DeskWindow;
  let ko: DeskWindow;
  let forum: { id: string; slug: string };
  let desk: string;
  let seocho: { id: string; name: string };
  let issy: { id: string; name: string };
  let reminderDeadline: string;
  let spareDeadline: string;
  const emails = { minji: `${unique('minji')}@seocho.test`, caroline: `${unique('caroline')}@issy.test` };

  async function api(method: 'POST' | 'PATCH' | 'PUT', url: string, payload: Json = {}): Promise<Json> {
    const response = await h.app.inject({ method, url, headers: auth, payload });
    if (response.statusCode >= 300) {
      throw new Error(`${method} ${url} answered ${response.statusCode}: ${response.body}`);
    }
    return response.json<Json>();
  }

  beforeAll(async () => {
    h = await startHarness({ worker: true });
    await h.app.listen({ port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${(h.app.getHttpServer().address() as AddressInfo).port}`;
    forum = await createForum(h, {
      title: { fr: '6e Forum franco-coréen', ko: '제6회 한불 지방정부 포럼', en: '6th Franco-Korean Forum' },
      timeZone: 'Asia/Seoul',
      startDate: '2027-09-24',
      endDate: '2027-09-26',
      status: 'published',
    });
    desk = `/desk/editions/${forum.slug}`;
    const api0 = `/api/forums/${forum.id}`;
    const themes = [];
    for (const title of [
      { fr: 'Culture, tourisme et gastronomie', ko: '문화, 관광, 미식' },
      { fr: 'Climat, énergie et eau', ko: '기후, 에너지, 물' },
    ]) {
      themes.push((await api('POST', `${api0}/themes`, { title })).id);
    }
    const question = (
      await api('POST', `${api0}/questions`, {
        label: { fr: 'Souhaitez-vous accueillir une délégation ?', ko: '대표단을 맞이하시겠습니까?' },
        kind: 'choice',
        choices: ['oui', 'non'],
      })
    ).id as string;
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
    await createContact(h, seocho.id, { firstName: '민지', lastName: '김', locale: 'ko', email: emails.minji });
    await createContact(h, issy.id, { firstName: 'Caroline', lastName: 'Millan', locale: 'fr', email: emails.caroline });
    await invite(h, forum.id, [seocho.id, issy.id]);

    const issyRegistration = (
      await api('POST', `${api0}/registrations`, {
        organisationId: issy.id,
        themeIds: [themes[1], themes[0]],
        notes: 'Arrivée la veille, le 23 septembre',
        answers: { [question]: 'oui' },
      })
    ).id as string;
    await api('POST', `${api0}/registrations/${issyRegistration}/delegates`, {
      role: 'elected_official',
      needsInterpretation: true,
      dietaryNotes: 'Végétarien',
      accessNotes: 'Fauteuil roulant',
      contact: { firstName: 'André', lastName: 'Santini', email: `${unique('santini')}@issy.test` },
    });
    await api('PUT', `${api0}/registrations/${issyRegistration}/host-offer`, {
      visitors: 12,
      description: 'Les éco-quartiers du Fort d’Issy',
      availableFrom: '2027-09-20',
      availableTo: '2027-09-30',
      themeIds: [themes[1]],
    });

    const seochoRegistration = (await api('POST', `${api0}/registrations`, { organisationId: seocho.id, themeIds: [themes[0]] }))
      .id as string;
    const visit = (
      await api('POST', `${api0}/sessions`, {
        kind: 'field_visit',
        status: 'published',
        title: { fr: 'Visite du marché de Yangjae', ko: '양재 시장 방문' },
        capacity: 2,
        startsAt: '2027-09-25T14:00:00+09:00',
        endsAt: '2027-09-25T17:00:00+09:00',
        venueName: unique('Marché de Yangjae'),
        hosts: [{ organisationId: seocho.id, role: 'host' }],
      })
    ).id as string;
    // 김민지 and 박서준 are seated; 이하늘 then 최유리 wait.
    for (const [firstName, lastName] of [
      ['민지', '김'],
      ['서준', '박'],
      ['하늘', '이'],
      ['유리', '최'],
    ]) {
      const delegate = (
        await api('POST', `${api0}/registrations/${seochoRegistration}/delegates`, {
          role: 'staff',
          locale: 'ko',
          dietaryNotes: firstName === '민지' ? '채식' : null,
          contact: { firstName, lastName, locale: 'ko', email: `${unique('d')}@seocho.test` },
        })
      ).id as string;
      await api('PUT', `${api0}/registrations/${seochoRegistration}/delegates/${delegate}/enrolments/${visit}`);
    }

    // A reminder that goes out a few seconds from now, one still to come, and a deadline to delete.
    const inAnHour = new Date(Date.now() + 3_600_000).toISOString();
    reminderDeadline = (
      await api('POST', `${api0}/deadlines`, {
        kind: 'documents',
        title: { fr: 'Envoyer les biographies', ko: '약력 보내기' },
        dueAt: inAnHour,
        timeZone: 'Europe/Paris',
        reminderOffsets: ['PT59M55S', 'PT30M'],
      })
    ).id as string;
    spareDeadline = (
      await api('POST', `${api0}/deadlines`, {
        kind: 'custom',
        title: { fr: 'Réserver les hôtels', ko: '호텔 예약' },
        dueAt: inAnHour,
        timeZone: 'Europe/Paris',
      })
    ).id as string;
    await api('POST', `${api0}/invitations/links`, { organisationIds: [seocho.id] });

    const organiser = (await userWithToken(h, 'organiser')).user.email;
    browser = await launchChromium();
    fr = await openWindow(browser, 'fr', 1280);
    ko = await openWindow(browser, 'ko', 390);
    await signIn(h, base, fr.page, organiser);
    await signIn(h, base, ko.page, organiser);
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

  it('shows each registration’s remarks, ranked themes, answers, host offer and each delegate’s needs (fr, 1280 px, then ko, 390 px)', async () => {
    const { page } = fr;
    await page.goto(`${base}${desk}/registrations`);
    const card = page.locator('.registration', { hasText: issy.name });
    expect(await card.locator('.registration-notes').textContent()).toBe('Arrivée la veille, le 23 septembre');
    expect(await card.locator('.registration-themes li').allTextContents()).toEqual([
      'Climat, énergie et eau',
      'Culture, tourisme et gastronomie',
    ]);
    expect(await card.textContent()).toContain('Souhaitez-vous accueillir une délégation ?');
    expect(await card.locator('.registration-offer').textContent()).toContain('12 visiteurs');
    expect(await card.locator('.registration-offer').textContent()).toContain('Les éco-quartiers du Fort d’Issy');
    expect(await card.locator('tr.delegate', { hasText: 'André Santini' }).locator('.needs li').allTextContents()).toEqual([
      'Interprétation français–coréen',
      'Alimentation : Végétarien',
      'Accessibilité : Fauteuil roulant',
    ]);
    await shoot(fr, 'registrations');

    await ko.page.goto(`${base}${desk}/registrations`);
    const korean = ko.page.locator('.registration', { hasText: '서초구' });
    expect(await korean.locator('h2').textContent()).toContain('서초구');
    expect(await korean.locator('tr.delegate', { hasText: '김민지' }).textContent()).toContain('식단: 채식');
    expect(await korean.locator('tr.delegate', { hasText: '이하늘' }).textContent()).toContain('대기');
    await shoot(ko, 'registrations');
  });

  it('exports the participants with their interpretation need, dietary and access notes, remarks, themes and host offer, as CSV and Excel', async () => {
    await fr.page.goto(`${base}${desk}/exports`);
    const csv = await (await fr.page.request.get(`${base}${desk}/exports/participants.csv`)).text();
    const [header, ...rows] = csv
      .replace(/^\ufeff/, '')
      .trim()
      .split('\r\n');
    expect(header).toBe(
      'Organisme,Prénom,Nom,Fonction,Rôle,Email,Visites,Interprétation,Régime alimentaire,Accessibilité,Remarques,Thèmes,Offre d’accueil',
    );
    const andre = rows.find((row) => row.includes('Santini')) as string;
    expect(andre).toContain(
      ',oui,Végétarien,Fauteuil roulant,"Arrivée la veille, le 23 septembre","1. Climat, énergie et eau; 2. Culture, tourisme et gastronomie",',
    );
    expect(andre).toContain('12 visiteurs · du 2027-09-20 au 2027-09-30');
    const xlsx = await fr.page.request.get(`${base}${desk}/exports/participants.xlsx`);
    const workbook = new Workbook();
    await workbook.xlsx.load((await xlsx.body()) as unknown as ArrayBuffer);
    const sheet = workbook.worksheets[0];
    expect(sheet.getRow(1).values).toEqual(
      expect.arrayContaining(['Interprétation', 'Régime alimentaire', 'Accessibilité', 'Remarques', 'Thèmes', 'Offre d’accueil']),
    );
    const values: string[] = [];
    sheet.eachRow((row) => values.push(JSON.stringify(row.values)));
    expect(values.join('\n')).toContain('Fauteuil roulant');
  });

  it('shows each deadline’s reminders, planned and sent, to whom, in Paris and Seoul time, and deletes a deadline (ko, 390 px, then fr)', async () => {
    // The first reminder fires a few seconds after the deadline was set.
    const prefix = `reminder-${reminderDeadline}-PT59M55S-`;
    const written = () => h.em.fork().find(Message, { dedupeKey: { $like: `${prefix}%` } });
    for (let attempt = 0; attempt < 100 && (await written()).length === 0; attempt += 1) {
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    // Everyone taking part is reminded of documents: every contact of both authorities.
    const recipients = (await written()).map((message) => message.recipient);
    expect(recipients).toEqual(expect.arrayContaining([emails.minji, emails.caroline]));
    const { page } = ko;
    await page.goto(`${base}${desk}/deadlines`);
    expect(await page.locator('tr', { hasText: '약력 보내기' }).textContent()).toContain('알림 2개 중 1개 발송');
    await submit(page, 'a:has-text("약력 보내기")');
    const sent = page.locator('tr.reminder-sent');
    expect(await sent.textContent()).toContain(`${recipients.length}명에게 발송`);
    expect(await sent.textContent()).toContain(emails.minji);
    expect(await sent.textContent()).toContain(emails.caroline);
    expect(await sent.textContent()).toMatch(/파리 \d{4}-\d{2}-\d{2} \d{2}:\d{2} · 서울 \d{4}-\d{2}-\d{2} \d{2}:\d{2}/);
    const planned = page.locator('tr.reminder-planned');
    expect(await planned.textContent()).toContain('예정(30분 전)');
    expect(await planned.textContent()).toContain('현재 2곳이 아직 하지 않았습니다');
    await shoot(ko, 'deadline');

    const f = fr.page;
    await f.goto(`${base}${desk}/deadlines/${reminderDeadline}`);
    // French sets a non-breaking space between a number and its unit.
    expect((await f.locator('tr.reminder-sent').textContent())?.replace(/\s/g, ' ')).toContain(
      `Envoyé à ${recipients.length} personnes (59 minutes 55 secondes avant)`,
    );
    await shoot(fr, 'deadline');
    await f.goto(`${base}${desk}/deadlines/${spareDeadline}`);
    await submit(f, 'a:has-text("Supprimer l’échéance")');
    expect(await f.textContent('h1')).toBe('Supprimer cette échéance ?');
    await submit(f, 'button:has-text("Oui, supprimer l’échéance")');
    expect(await f.locator('[role="status"]').textContent()).toContain('Échéance supprimée');
    expect(await f.locator('tr', { hasText: 'Réserver les hôtels' }).count()).toBe(0);

    // A deadline form refused in Korean, beside its field.
    await page.goto(`${base}${desk}/deadlines/new`);
    await page.fill('#deadline-title-ko', '숙소 정보 보내기');
    await page.fill('#deadline-due', '2027-09-01T18:00');
    await page.fill('#deadline-reminders', '2주');
    await refused(ko, 'button:has-text("저장")');
    expect(await page.locator('#deadline-reminders-error').textContent()).toContain('P14D, P3D, PT2H');
    expect(await page.inputValue('#deadline-reminders')).toBe('2주');
  });

  it('shows each email’s subject and text as its recipient reads it, its kind in words, and its times in Paris and Seoul, personal links masked (fr, 1280 px, then ko)', async () => {
    const { page } = fr;
    await page.goto(`${base}${desk}/outbox`);
    await page.selectOption('#outbox-kind', 'access_link');
    await submit(page, 'button:has-text("Filtrer")');
    const row = page.locator('tr.message', { hasText: emails.minji });
    expect(await row.locator('th a').textContent()).toBe('접속 링크: 제6회 한불 지방정부 포럼');
    expect(await row.textContent()).toContain('Lien d’accès');
    expect(await row.textContent()).toMatch(/Paris \d{4}-\d{2}-\d{2} \d{2}:\d{2} · Séoul \d{4}-\d{2}-\d{2} \d{2}:\d{2}/);
    await shoot(fr, 'outbox');
    await submit(page, `tr.message:has-text("${emails.minji}") th a`);
    const body = (await page.locator('pre.mail-body').textContent()) ?? '';
    expect(body).toContain('민지님, 안녕하세요.');
    expect(body).toContain('/access?token=…');
    expect(body).not.toMatch(/acc_[A-Za-z0-9_-]{8,}/);
    expect(await page.textContent('main')).toContain('Séoul');
    await shoot(fr, 'message');

    await ko.page.goto(`${base}${desk}/outbox?kind=deadline_reminder`);
    expect(await ko.page.locator('tr.message').first().textContent()).toContain('마감 알림');
    await submit(ko.page, 'tr.message th a >> nth=0');
    expect(await ko.page.locator('pre.mail-body').count()).toBe(1);
    await shoot(ko, 'message');
  });

  it('moves, promotes and takes people off a visit’s waiting list, never over its seats (fr, 1280 px, then ko, 390 px)', async () => {
    const { page } = fr;
    await page.goto(`${base}${desk}/waitlists`);
    const visit = page.locator('.visit', { hasText: 'Visite du marché de Yangjae' });
    expect(await visit.textContent()).toContain('2 places prises sur 2');
    expect(
      await visit
        .locator('.waiting-person')
        .allTextContents()
        .then((all) => all.map((line) => line.trim().split(' ')[0])),
    ).toEqual(['이하늘', '최유리']);
    await visit.locator('select[id^="position-"] >> nth=1').selectOption('1');
    await submit(page, '.visit .waiting-person >> nth=1 >> button:has-text("Déplacer")');
    expect(await page.locator('[role="status"]').textContent()).toBe('최유리 est maintenant à la place 1 de la liste.');
    expect((await visit.locator('.waiting-person').first().textContent())?.trim()).toMatch(/^최유리/);
    await submit(page, 'button[aria-label="Promouvoir 이하늘"]');
    expect(await page.locator('[role="status"]').textContent()).toContain('La visite est complète : 이하늘 passe en tête de la liste');
    await shoot(fr, 'waitlists');

    // A seated delegate is taken off: the seat goes to the first in line, who is sent the invite.
    await submit(page, 'a[aria-label="Retirer 박서준"]');
    expect(await page.textContent('h1')).toBe('Retirer 박서준 de « Visite du marché de Yangjae » ?');
    await submit(page, 'button:has-text("Oui, retirer")');
    expect(
      await visit
        .locator('.seated li')
        .allTextContents()
        .then((all) => all.map((line) => line.trim().split(' ')[0]).sort()),
    ).toEqual(['김민지', '이하늘']);
    expect(await visit.textContent()).toContain('2 places prises sur 2');
    for (
      let attempt = 0;
      attempt < 40 && (await h.em.fork().count(Message, { kind: 'session_invite', forumId: forum.id })) < 3;
      attempt += 1
    ) {
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    expect(await h.em.fork().count(Message, { kind: 'session_invite', forumId: forum.id })).toBe(3);

    const k = ko.page;
    await k.goto(`${base}${desk}/waitlists`);
    await submit(k, 'a[aria-label="최유리 빼기"]');
    // 최유리 ends on a vowel: 를 and 는.
    expect(await k.textContent('h1')).toBe('최유리를 ‘양재 시장 방문’에서 뺄까요?');
    expect(await k.textContent('main')).toContain('최유리는 대기자 명단에서 빠지고');
    await shoot(ko, 'waitlist-remove');
    await submit(k, 'button:has-text("네, 뺍니다")');
    expect(await k.locator('.visit .waiting-person').count()).toBe(0);
    expect(await k.locator('.visit').textContent()).toContain('대기자가 없습니다.');
    await shoot(ko, 'waitlists');
  });
});
