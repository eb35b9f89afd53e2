import fc from 'fast-check';
import ICAL from 'ical.js';
import { parseEvents, textOf } from './ics';

/**
 * Pieces of text that have broken calendars elsewhere: every kind of line break, the TEXT
 * delimiters and the escape character, quotes and carets, what a property line looks like.
 */
const AWKWARD = [
  '\n',
  '\r',
  '\r\n',
  '\u2028',
  '\u2029',
  '\u0085',
  ';',
  ',',
  '\\',
  '\\n',
  '\\N',
  ':',
  '"',
  "'",
  '^',
  '\t',
  ' ',
  'END:VEVENT',
  'BEGIN:VEVENT',
  'UID:evil',
  'END:VCALENDAR',
  '%3A',
  'é',
  '…',
];
const HANGUL = fc.integer({ min: 0xac00, max: 0xd7a3 }).map((code) => String.fromCodePoint(code));
const EMOJI = fc.constantFrom('😀', '🇫🇷', '🇰🇷', '👩🏽‍💼', '🏛️', '☕');
const CONTROLS = new RegExp(String.raw`[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]`);
const C0 = fc.integer({ min: 0, max: 0x1f }).map((code) => String.fromCodePoint(code));

function pieceOf(controls: boolean): fc.Arbitrary<string> {
  const pieces = [
    { weight: 6, arbitrary: fc.constantFrom(...AWKWARD) },
    { weight: 4, arbitrary: HANGUL },
    { weight: 2, arbitrary: EMOJI },
    { weight: 4, arbitrary: fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 6 }) },
    // Any code point, U+0000 and the other controls included when the path takes them.
    {
      weight: 2,
      arbitrary: fc.string({ unit: 'binary', minLength: 1, maxLength: 2 }).filter((piece) => controls || !CONTROLS.test(piece)),
    },
  ];
  return controls ? fc.oneof(...pieces, { weight: 1, arbitrary: C0 }) : fc.oneof(...pieces);
}

/**
 * Random text for a title, a name or a description: short mixes of awkward pieces, Hangul,
 * emoji and any code point, and now and then a long one (a description of thousands of
 * characters, folded across many lines). `controls: false` leaves out the C0 controls other than
 * tab and line breaks (the API refuses U+0000); `nonBlank` and `maxLength` follow the API's rules.
 */
export function awkwardText(options: { controls?: boolean; maxLength: number; nonBlank?: boolean }): fc.Arbitrary<string> {
  const piece = pieceOf(options.controls ?? false);
  const short = fc.array(piece, { maxLength: 24 }).map((parts) => parts.join(''));
  const long = fc
    .array(piece, { minLength: Math.floor(options.maxLength / 10), maxLength: Math.min(2_000, Math.floor(options.maxLength / 3)) })
    .map((parts) => parts.join(''));
  return fc
    .oneof({ weight: 5, arbitrary: short }, { weight: 1, arbitrary: long })
    .filter((text) => text.length <= options.maxLength && (!options.nonBlank || /\S/.test(text)));
}

/** What a reader must get back from a parameter value (CN=): no double quote, each control or line break a space. */
export function asParameterReadsIt(text: string): string {
  return text
    .replace(/"/g, "'")
    .replace(new RegExp(String.raw`\r\n|[\u0000-\u001F\u007F\u2028\u2029]`, 'g'), ' ')
    .trim();
}

/**
 * What a reader must get back from a TEXT value: each line break one LF, the controls no TEXT
 * may hold left out, nothing when only whitespace is left.
 */
export function asCalendarReadsIt(text: string): string {
  const value = text.replace(/\r\n|[\r\n\u2028\u2029]/g, '\n').replace(new RegExp(CONTROLS.source, 'g'), '');
  return /\S/.test(value) ? value : '';
}

/** What a reader must get back from a SUMMARY: the title, or a dash when nothing of it can be read. */
export function asSummaryReadsIt(title: string): string {
  return asCalendarReadsIt(title) || '—';
}

/**
 * node-ical 0.27 unescapes `\n` before `\\` and strips a value's surrounding double quotes, so
 * it misreads a text holding a backslash or wrapped in quotes, however the file writes it.
 */
export function nodeIcalReadsRight(text: string): boolean {
  return !text.includes('\\') && !/^".*"$/s.test(text);
}

/** Python's icalendar 4.0 unescapes in the same wrong order and decodes %2C %3A %3B %5C in any value. */
export function pythonIcalendarReadsRight(text: string): boolean {
  return !text.includes('\\') && !/%(?:2C|3A|3B|5C)/.test(text);
}

export interface ReadEvent {
  uid: string;
  summary: string;
  description: string;
  location: string | null;
  start: string;
  end: string;
  sequence: number;
  attendees: string[];
  organizer: string | null;
  /** STATUS (CONFIRMED, TENTATIVE, CANCELLED), null when none. */
  status: string | null;
}

export interface ReadCalendar {
  /** METHOD, NAME, X-WR-CALNAME, X-WR-CALDESC as ical.js reads them. */
  method: string | null;
  name: string | null;
  calName: string | null;
  calDesc: string | null;
  /** Every component inside the VCALENDAR, by name: nothing may appear that was not written. */
  components: string[];
  events: ReadEvent[];
}

// NAME (RFC 7986), X-WR-CALNAME and X-WR-CALDESC are TEXT; ical.js leaves a property it does not know unescaped.
for (const property of ['name', 'x-wr-calname', 'x-wr-caldesc']) {
  ICAL.design.icalendar.property[property] = { defaultType: 'text' };
}

const stringOf = (value: unknown): string | null => (typeof value === 'string' ? value : null);

/** A calendar as ical.js reads it (strictly: a malformed line throws). */
export function readWithIcalJs(text: string): ReadCalendar {
  const calendar = new ICAL.Component(ICAL.parse(text));
  return {
    method: stringOf(calendar.getFirstPropertyValue('method')),
    name: stringOf(calendar.getFirstPropertyValue('name')),
    calName: stringOf(calendar.getFirstPropertyValue('x-wr-calname')),
    calDesc: stringOf(calendar.getFirstPropertyValue('x-wr-caldesc')),
    components: calendar.getAllSubcomponents().map((c) => c.name),
    events: calendar.getAllSubcomponents('vevent').map((v) => {
      const event = new ICAL.Event(v);
      return {
        uid: event.uid,
        summary: event.summary,
        description: event.description,
        location: event.location || null,
        start: event.startDate.toJSDate().toISOString(),
        end: event.endDate.toJSDate().toISOString(),
        sequence: event.sequence,
        attendees: event.attendees.map((a) => stringOf(a.getParameter('cn')) ?? ''),
        organizer: stringOf(v.getFirstProperty('organizer')?.getParameter('cn')),
        status: stringOf(v.getFirstPropertyValue('status')),
      };
    }),
  };
}

/** The same events as node-ical reads them: uid, summary, description, start, end. */
export function readWithNodeIcal(
  text: string,
): { uid: string; summary: string | undefined; description: string | undefined; start: string; end: string }[] {
  return parseEvents(text).map((event) => ({
    uid: event.uid,
    summary: textOf(event.summary),
    description: textOf(event.description),
    start: new Date(event.start).toISOString(),
    end: event.end ? new Date(event.end).toISOString() : '',
  }));
}
