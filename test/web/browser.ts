import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { type Browser, type BrowserContext, chromium, type ConsoleMessage, type Page } from 'playwright-core';

export const SCREENSHOTS_DIR = join(__dirname, '..', '..', 'test-output', 'screenshots');

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

export interface PhoneBrowser {
  browser: Browser;
  context: BrowserContext;
  page: Page;
  watch: ConsoleWatch;
}

/** Chromium with one page the width of a phone, in `locale`, its console errors watched. */
export async function openPhoneBrowser(locale: string, timeoutMs: number): Promise<PhoneBrowser> {
  const browser = await launchChromium();
  const context = await browser.newContext({ locale, viewport: { width: 420, height: 900 } });
  const page = await context.newPage();
  page.setDefaultTimeout(timeoutMs);
  return { browser, context, page, watch: new ConsoleWatch(page) };
}

/**
 * What every browser test file does around its tests: after each, the page must have logged no
 * console error; after all, the browser and the harness are closed. `current` reads the file's
 * variables when the hooks run, after its beforeAll has set them.
 */
export function watchAndClose(current: () => { browser?: Browser; watch?: ConsoleWatch; harness?: { close(): Promise<void> } }): void {
  afterEach(() => {
    expect(current().watch?.take() ?? []).toEqual([]);
  });
  afterAll(async () => {
    const { browser, harness } = current();
    await browser?.close();
    await harness?.close();
  });
}

/**
 * Every console error and uncaught exception of the page. A form refused on purpose answers 4xx,
 * which Chromium reports as a failed resource: `expectFailedLoads` lets exactly those through.
 */
export class ConsoleWatch {
  private readonly errors: string[] = [];
  private allowedStatuses = new Set<number>();

  constructor(page: Page) {
    page.on('console', (message: ConsoleMessage) => {
      if (message.type() === 'error' && !this.isAllowed(message.text())) {
        this.errors.push(message.text());
      }
    });
    page.on('pageerror', (error) => this.errors.push(`uncaught: ${error.message}`));
  }

  async expectFailedLoads<T>(statuses: number[], work: () => Promise<T>): Promise<T> {
    this.allowedStatuses = new Set(statuses);
    try {
      return await work();
    } finally {
      this.allowedStatuses = new Set();
    }
  }

  take(): string[] {
    return this.errors.splice(0);
  }

  private isAllowed(text: string): boolean {
    const status = /the server responded with a status of (\d{3})/.exec(text)?.[1];
    return status !== undefined && this.allowedStatuses.has(Number(status));
  }
}

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS_DIR, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOTS_DIR, `${name}.png`), fullPage: true });
}

/** Form fields with no label: by `for`, or by being inside one. Evaluated in the page (the project's types know no DOM). */
export function unlabelledFields(page: Page): Promise<number> {
  return page.evaluate<number>(
    `[...document.querySelectorAll('input:not([type=hidden]), select, textarea')].filter((el) => !(el.id && document.querySelector('label[for="' + el.id + '"]')) && !el.closest('label')).length`,
  );
}
