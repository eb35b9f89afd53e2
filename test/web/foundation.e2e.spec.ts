import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import type { Browser, Page } from 'playwright-core';
import { AfterResponse } from '../../src/database/after-response';
import { Message } from '../../src/outbox/message.entity';
import { resolveLocale } from '../../src/web/page-i18n';
import { auth, type Harness, startHarness } from '../support/harness';
import { userWithToken } from '../support/factories';
import { type ConsoleWatch, FIRST_NAVIGATION_MS, openPhoneBrowser, screenshot, unlabelledFields, watchAndClose } from './browser';

const PAGES = join(__dirname, '..', '..', 'templates', 'pages');

function keysOf(tree: Record<string, unknown>, prefix = ''): string[] {
  return Object.entries(tree).flatMap(([key, value]) =>
    typeof value === 'string' ? [`${prefix}${key}`] : keysOf(value as Record<string, unknown>, `${prefix}${key}.`),
  );
}

describe('Page foundation', () => {
  it('has the same messages in French, Korean and English', () => {
    const [fr, ko, en] = ['fr', 'ko', 'en'].map((locale) =>
      keysOf(JSON.parse(readFileSync(join(PAGES, 'i18n', `${locale}.json`), 'utf8')) as Record<string, unknown>).sort(),
    );
    expect(ko).toEqual(fr);
    expect(en).toEqual(fr);
    expect(fr.length).toBeGreaterThan(100);
  });

  it('takes the language from ?lang, then the cookie, then Accept-Language, then French', () => {
    expect(resolveLocale('ko', 'en', 'fr-FR')).toBe('ko');
    expect(resolveLocale('xx', 'en', 'ko-KR')).toBe('en');
    expect(resolveLocale(undefined, undefined, 'de-DE, ko;q=0.8, en;q=0.9')).toBe('en');
    expect(resolveLocale(undefined, undefined, 'ko-KR,ko;q=0.9')).toBe('ko');
    // Headers are read once each, the memory of them bounded: past it, each is still read right.
    for (let i = 0; i < 300; i++) {
      expect(resolveLocale(undefined, undefined, `x${i}, ${i % 2 === 0 ? 'ko' : 'en;q=0.5, fr'}`)).toBe(i % 2 === 0 ? 'ko' : 'fr');
    }
    expect(resolveLocale(undefined, undefined, 'de-DE, ko;q=0.8, en;q=0.9')).toBe('en');
    expect(resolveLocale(undefined, undefined, 'de, en;q=0')).toBe('fr');
    expect(resolveLocale(undefined, 'zz', undefined)).toBe('fr');
  });

  describe('over HTTP', () => {
    let h: Harness;
    let browser: Browser;
    let page: Page;
    let watch: ConsoleWatch;
    let base: string;

    beforeAll(async () => {
      h = await startHarness();
      await h.app.listen({ port: 0, host: '127.0.0.1' });
      base = `http://127.0.0.1:${(h.app.getHttpServer().address() as AddressInfo).port}`;
      ({ browser, page, watch } = await openPhoneBrowser('en-GB', 5_000));
    }, 60_000);

    watchAndClose(() => ({ browser, watch, harness: h }));

    it('keeps problem details for the API and for clients that do not ask for HTML; pages get an error page', async () => {
      const api = await h.app.inject({ method: 'GET', url: '/api/nowhere', headers: { accept: 'text/html' } });
      expect(api.headers['content-type']).toContain('application/problem+json');
      const plain = await h.app.inject({ method: 'GET', url: '/nowhere' });
      expect(plain.headers['content-type']).toContain('application/problem+json');
      const html = await h.app.inject({ method: 'GET', url: '/nowhere', headers: { accept: 'text/html', 'accept-language': 'ko' } });
      expect(html.statusCode).toBe(404);
      expect(html.headers['content-type']).toContain('text/html');
      expect(html.body).toContain('<html lang="ko">');
      expect(html.body).toContain('페이지를 찾을 수 없음');
      expect(html.body).not.toMatch(/at .*\.ts:\d+/);
    });

    it('answers 415 to a form body sent to the API, which takes JSON only', async () => {
      const response = await h.app.inject({
        method: 'POST',
        url: '/api/forums',
        headers: { ...auth, 'content-type': 'application/x-www-form-urlencoded' },
        payload: 'slug=x',
      });
      expect(response.statusCode).toBe(415);
      expect(response.json()).toEqual(expect.objectContaining({ code: 'UNSUPPORTED_MEDIA_TYPE' }));
    });

    it('refuses a form sent without its token, and one whose token belongs to another visitor', async () => {
      const bare = await h.app.inject({
        method: 'POST',
        url: '/sign-in',
        headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' },
        payload: 'email=a%40b.test',
      });
      expect(bare.statusCode).toBe(403);
      const first = await h.app.inject({ method: 'GET', url: '/sign-in' });
      const token = /name="_csrf" value="([^"]+)"/.exec(first.body)?.[1] as string;
      const cookie = (first.headers['set-cookie'] as string).split(';')[0];
      const other = await h.app.inject({ method: 'GET', url: '/sign-in' });
      const otherCookie = (other.headers['set-cookie'] as string).split(';')[0];
      const form = { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' };
      expect(
        (
          await h.app.inject({
            method: 'POST',
            url: '/sign-in',
            headers: { ...form, cookie: otherCookie },
            payload: `email=a%40b.test&_csrf=${encodeURIComponent(token)}`,
          })
        ).statusCode,
      ).toBe(403);
      expect(
        (
          await h.app.inject({
            method: 'POST',
            url: '/sign-in',
            headers: { ...form, cookie },
            payload: `email=a%40b.test&_csrf=${encodeURIComponent(token)}`,
          })
        ).statusCode,
      ).toBe(200);
    });

    it('signs an organiser in without a password: the emailed link, a button, a session cookie', async () => {
      const { user } = await userWithToken(h, 'organiser');
      await page.goto(`${base}/sign-in`, { timeout: FIRST_NAVIGATION_MS });
      expect(await page.getAttribute('html', 'lang')).toBe('en');
      await page.fill('#sign-in-email', 'not an address');
      await watch.expectFailedLoads([400], () =>
        Promise.all([page.waitForNavigation(), page.click('button:has-text("Send me the link")')]),
      );
      expect(await page.textContent('#sign-in-email-error')).toContain('Enter a full email address');
      expect(await page.inputValue('#sign-in-email')).toBe('not an address');
      await screenshot(page, 'sign-in-error');
      await page.fill('#sign-in-email', user.email);
      await Promise.all([page.waitForNavigation(), page.click('button:has-text("Send me the link")')]);
      expect(await page.textContent('[role="status"]')).toContain('the link is on its way');

      // The link is written once the answer is out, so that its timing says nothing about the address.
      await h.app.get(AfterResponse).idle();
      const message = await h.em.fork().findOneOrFail(Message, { recipient: user.email, template: 'sign-in-link' });
      const link = new URL(message.data.link as string);
      expect(link.pathname).toBe('/sign-in');
      await page.goto(`${base}${link.pathname}${link.search}`);
      // Opening the link spends nothing (mail scanners open links too); the button does.
      await page.goto(`${base}${link.pathname}${link.search}`);
      await watch.expectFailedLoads([404], () => Promise.all([page.waitForNavigation(), page.click('button:has-text("Sign me in")')]));
      expect(new URL(page.url()).pathname).toBe('/desk');
      const cookies = await page.context().cookies();
      expect(cookies.find((c) => c.name === 'pa_organiser')).toEqual(
        expect.objectContaining({ httpOnly: true, path: '/', sameSite: 'Lax' }),
      );
      await page.goto(`${base}/`);
      expect(await page.textContent('.sign-out')).toContain(user.email);

      // The link works once.
      await page.goto(`${base}${link.pathname}${link.search}`);
      await watch.expectFailedLoads([401], () => Promise.all([page.waitForNavigation(), page.click('button:has-text("Sign me in")')]));
      expect(await page.textContent('[role="alert"]')).toContain('already used');

      await Promise.all([page.waitForNavigation(), page.click('.sign-out button')]);
      expect((await page.context().cookies()).find((c) => c.name === 'pa_organiser')).toBeUndefined();
    });

    it('is usable by keyboard: a skip link first, a visible focus ring', async () => {
      await page.goto(`${base}/sign-in`);
      await page.keyboard.press('Tab');
      expect(await page.locator(':focus').getAttribute('class')).toBe('skip-link');
      await page.keyboard.press('Tab');
      await page.keyboard.press('Tab');
      // Evaluated in the page: the project's types know no DOM.
      const outline = await page.evaluate<string>('getComputedStyle(document.activeElement).outlineStyle');
      expect(outline).toBe('solid');
      expect(await unlabelledFields(page)).toBe(0);
    });
  });
});
