import type { Page, Response } from 'playwright-core';
import { ProblemCode } from '../../src/common/problem';

/**
 * What an untranslated refusal looks like on a French or Korean page: the API's codes, its field
 * names in camelCase, the English sentences of its problem details, a catalogue key shown raw.
 */
const ENGLISH_FRAGMENTS = [
  'must be',
  'must not',
  'must lie',
  'does not exist',
  'is not invited',
  'already has',
  'already registered',
  'is closed',
  'overlaps',
  'Only a',
  'The request',
  'This page needs',
  'needs a',
  'needs the',
  'is best led by',
  'not fixed yet',
  'lies in the past',
  'conflicts with',
  'no longer',
  'cannot',
  'should',
  'Cannot GET',
  'Bad Request',
  'Not Found',
  'Forbidden',
  'Unexpected',
  'no question',
  'no theme',
  'no organisation',
  'is invalid',
  'nowhere yet',
];
const CODES = new Set<string>(Object.values(ProblemCode));
const CATALOGUE_SECTIONS =
  'nav|common|statuses|done|editions|edition|invitations|poll|sessions|session|refusal|fieldErrors|fieldNames|registrations|deadlines|outbox|exports|charts|validation|organisations|contacts|waitlists|themes|questions';

function decode(text: string): string {
  return text
    .replace(/&#x([0-9a-f]+);/gi, (_, hex: string) => String.fromCodePoint(parseInt(hex, 16)))
    .replace(/&#(\d+);/g, (_, dec: string) => String.fromCodePoint(Number(dec)))
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&nbsp;/g, ' ')
    .replace(/&amp;/g, '&');
}

/**
 * The words a reader sees on a page: its text and its accessible labels. What the reader typed
 * (field values, text areas), quoted emails (`pre`), text marked `lang="en"` and addresses
 * (links, emails) are not the page's own words.
 */
export function readableText(html: string): string {
  const labels = [...html.matchAll(/\s(?:aria-label|title|placeholder|alt)="([^"]*)"/g)].map((match) => match[1]);
  const body = html
    .replace(/<(script|style|textarea|pre)\b[\s\S]*?<\/\1>/gi, ' ')
    // Text marked as English on purpose (an email written to an English-speaking contact).
    .replace(/<(\w+)\b[^>]*\slang="en"[^>]*>[\s\S]*?<\/\1>/g, ' ')
    .replace(/<[^>]+>/g, ' ');
  return decode([body, ...labels].join(' '))
    .replace(/\b(?:https?|webcal|mailto):\S+/g, ' ')
    .replace(/\S+@\S+/g, ' ')
    .replace(/\s+/g, ' ');
}

/** The untranslated words of a French or Korean page, each with a little of its context. */
export function untranslated(text: string): string[] {
  const found: string[] = [];
  const around = (index: number, length: number) => text.slice(Math.max(0, index - 30), index + length + 30);
  for (const match of text.matchAll(/\b[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+\b/g)) {
    if (CODES.has(match[0])) {
      found.push(`code ${match[0]}: …${around(match.index, match[0].length)}…`);
    }
  }
  for (const match of text.matchAll(/\b[a-z]+(?:[A-Z][a-z0-9]*)+\b/g)) {
    found.push(`field name ${match[0]}: …${around(match.index, match[0].length)}…`);
  }
  for (const fragment of ENGLISH_FRAGMENTS) {
    const index = text.search(new RegExp(`\\b${fragment}\\b`));
    if (index >= 0) {
      found.push(`English "${fragment}": …${around(index, fragment.length)}…`);
    }
  }
  for (const match of text.matchAll(new RegExp(`\\b(?:${CATALOGUE_SECTIONS})\\.[a-zA-Z_]+\\b`, 'g'))) {
    found.push(`catalogue key ${match[0]}: …${around(match.index, match[0].length)}…`);
  }
  return found;
}

/**
 * Reads every HTML page the browser loads; a French or Korean one must show none of the API's
 * codes, field names or English sentences. `take` waits for the pages still being read.
 */
export class TranslationWatch {
  private readonly problems: string[] = [];
  private readonly reading: Promise<void>[] = [];

  constructor(page: Page) {
    page.on('response', (response) => {
      this.reading.push(this.read(response));
    });
  }

  async take(): Promise<string[]> {
    await Promise.all(this.reading.splice(0));
    return this.problems.splice(0);
  }

  private async read(response: Response): Promise<void> {
    if (response.request().resourceType() !== 'document' || !(response.headers()['content-type'] ?? '').includes('text/html')) {
      return;
    }
    const html = await response.text().catch(() => '');
    const lang = /<html lang="(\w+)"/.exec(html)?.[1];
    if (lang === 'fr' || lang === 'ko') {
      this.problems.push(...untranslated(readableText(html)).map((problem) => `${response.url()} (${lang}): ${problem}`));
    }
  }
}
