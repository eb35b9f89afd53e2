import type { Browser, Page } from 'playwright-core';
import type { Harness } from '../support/harness';
import { ConsoleWatch, screenshot, unlabelledFields } from './browser';
import { TranslationWatch } from './untranslated';

/** One organiser's browser window: its page, its console and the words it shows. */
export interface DeskWindow {
  page: Page;
  watch: ConsoleWatch;
  translations: TranslationWatch;
  /** `fr-1280`, `ko-390`: how the window's screenshots are named. */
  label: string;
}

/** A window in a language, at a width: 1280 px for a desk, 390 px for a phone. */
export async function openWindow(browser: Browser, locale: 'fr' | 'ko', width: 1280 | 390): Promise<DeskWindow> {
  const context = await browser.newContext({
    locale: locale === 'fr' ? 'fr-FR' : 'ko-KR',
    viewport: { width, height: width === 390 ? 844 : 900 },
  });
  const page = await context.newPage();
  page.setDefaultTimeout(10_000);
  return { page, watch: new ConsoleWatch(page), translations: new TranslationWatch(page), label: `${locale}-${width}` };
}

/** The passwordless flow as an organiser follows it: the form, the email, its link, the button. */
export async function signIn(h: Harness, base: string, on: Page, email: string): Promise<void> {
  const mails = () => h.smtp.received.filter((m) => m.envelopeTo.includes(email));
  const before = mails().length;
  await on.goto(`${base}/sign-in`);
  await on.fill('#sign-in-email', email);
  await on.click('form[action="/sign-in"] button[type="submit"]');
  await on.locator('.alert-success').waitFor();
  await h.smtp.waitFor(() => mails().length > before);
  const path = /https:\/\/passerelle\.test(\/sign-in\?token=sil_[A-Za-z0-9_-]+)/.exec(mails().at(-1)?.parsed.text ?? '')?.[1];
  if (!path) {
    throw new Error('The sign-in email carries no link.');
  }
  await on.goto(`${base}${path}`);
  await on.click('form[action="/sign-in/session"] button[type="submit"]');
  await on.waitForURL(`${base}/desk`);
}

/**
 * A screenshot named for the window (`desk-<name>-<locale>-<width>.png`), once the page is checked
 * for what a screen reader and a phone need: every field labelled, nothing wider than the window.
 */
export async function shoot(window: DeskWindow, name: string): Promise<void> {
  expect(await unlabelledFields(window.page)).toBe(0);
  expect(await window.page.evaluate<boolean>('document.documentElement.scrollWidth <= window.innerWidth')).toBe(true);
  await screenshot(window.page, `desk-${name}-${window.label}`);
}

/** Clicks and waits for the page the click loads (a form sent, a link followed). */
export async function submit(on: Page, selector: string): Promise<void> {
  await Promise.all([on.waitForNavigation(), on.click(selector)]);
}

/** Sends a form the desk refuses (answered 400 or 409, which Chromium logs as a failed load). */
export async function refused(window: DeskWindow, selector: string, statuses: number[] = [400]): Promise<void> {
  await window.watch.expectFailedLoads(statuses, () => submit(window.page, selector));
}

/** After each test: no console error and no untranslated word in any window. */
export function checkWindows(current: () => DeskWindow[]): void {
  afterEach(async () => {
    for (const window of current()) {
      expect(window.watch.take()).toEqual([]);
      expect(await window.translations.take()).toEqual([]);
    }
  });
}
