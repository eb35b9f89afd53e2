import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Browser, type BrowserContext, chromium, type ConsoleMessage, type Page } from 'playwright-core';

export const SCREENSHOTS_DIR = join(__dirname, '..', '..', 'test-output', 'screenshots');

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

export interface PhoneBrowser {
  browser: Browser;
  context: BrowserContext;
  page: Page;
  watch: ConsoleWatch;
}

/**
 * How long a test file's first navigation may take: the first page of a fresh Chromium from a
 * server whose page code has not run yet, while the other test worker may be starting its own.
 * One such first visit took over 5 s here; later navigations keep the files' shorter timeouts.
 */
export const FIRST_NAVIGATION_MS = 20_000;

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
export function watchAndClose(
  current: () => { browser?: Browser; watch?: ConsoleWatch; harness?: { close(): Promise<void> }; pages?: Page[] },
): void {
  afterEach(async () => {
    expect(current().watch?.take() ?? []).toEqual([]);
    // Where the test left each page, a French or Korean page shows nothing of the API's language.
    for (const page of current().pages ?? []) {
      if (!page.isClosed()) {
        expect(await untranslated(page)).toEqual([]);
      }
    }
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

/** The page as a desk and as a phone see it: `<name>-1280.png` and `<name>-390.png`; the viewport is put back. */
export async function screenshots(page: Page, name: string): Promise<void> {
  const viewport = page.viewportSize();
  for (const width of [1280, 390]) {
    await page.setViewportSize({ width, height: 900 });
    await screenshot(page, `${name}-${width}`);
  }
  if (viewport) {
    await page.setViewportSize(viewport);
  }
}

const SECTIONS = Object.keys(
  JSON.parse(readFileSync(join(__dirname, '..', '..', 'templates', 'pages', 'i18n', 'fr.json'), 'utf8')) as object,
);

/** What the API says and a reader must never see: its codes, its field names, its English sentences, a catalogue key. */
const UNTRANSLATED: RegExp[] = [
  /\b[A-Z][A-Z0-9]+(?:_[A-Z0-9]+)+\b/,
  /\b[a-z]+[A-Z][A-Za-z]*\b/,
  /\b(?:must|should) (?:not )?(?:be|exist)\b/,
  /\b(?:does not exist|is not invited|is already|already (?:registered|used|booked|a delegate)|passed on|overlaps|at most|register again|Register your interest|takes no enrolments|Too many attempts|try again in|this question takes|The request)\b/,
  /\bno (?:contact|question|theme|organisation) (?:of this|has)\b/,
  new RegExp(`\\b(?:${SECTIONS.join('|')})\\.[A-Za-z_]+\\b`),
];

/**
 * On a French or Korean page, the visible text and the labels read aloud that look like the API's
 * language rather than the reader's (code samples, feed addresses and the language switch aside).
 * Evaluated in the page (the project's types know no DOM).
 */
export async function untranslated(page: Page): Promise<string[]> {
  const texts = await page.evaluate<string[]>(`(() => {
    if (!['fr', 'ko'].includes(document.documentElement.lang)) { return []; }
    const skipped = (node) => node.parentElement && node.parentElement.closest('code, script, style, body [lang]');
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    const texts = [];
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      if (!skipped(node)) { texts.push(node.textContent || ''); }
    }
    const labelled = [...document.body.querySelectorAll('[aria-label], [title], [placeholder]')].filter((element) => !element.closest('body [lang]'));
    return texts.concat(labelled.flatMap((element) => ['aria-label', 'title', 'placeholder'].map((name) => element.getAttribute(name) || '')));
  })()`);
  return texts.flatMap((text) =>
    UNTRANSLATED.map((pattern) => pattern.exec(text)?.[0]).filter((found): found is string => found !== undefined),
  );
}

/** Form fields with no label: by `for`, or by being inside one. Evaluated in the page (the project's types know no DOM). */
export function unlabelledFields(page: Page): Promise<number> {
  return page.evaluate<number>(
    `[...document.querySelectorAll('input:not([type=hidden]), select, textarea')].filter((el) => !(el.id && document.querySelector('label[for="' + el.id + '"]')) && !el.closest('label')).length`,
  );
}
