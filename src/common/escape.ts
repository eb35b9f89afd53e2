/**
 * Every text that leaves Passerelle inside another format's syntax goes through one function
 * here, at the boundary: iCalendar values and parameters, mail header values, CSV and
 * spreadsheet cells, Content-Disposition filenames. Libraries may escape too; these functions
 * say what reaches the wire, and the tests parse the result with independent readers.
 */

// Line breaks, Unicode's included: LINE SEPARATOR and PARAGRAPH SEPARATOR are line breaks to
// readers that split on them (node-ical drops a property holding one), so they become one.
const LINE_BREAK = /\r\n|[\r\n\u2028\u2029]/g;
// What RFC 5545 §3.3.11 lets no TEXT value hold (CONTROL, less the tab and the line breaks
// handled above): no escape exists for them, so they are left out.
const NOT_IN_TEXT = new RegExp(String.raw`[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]`, 'g');
// Controls and line breaks, which end a parameter or a header line: spaces there.
const PARAMETER_BREAKERS = new RegExp(String.raw`\r\n|[\u0000-\u001F\u007F\u2028\u2029]`, 'g');
const HEADER_BREAKERS = new RegExp(String.raw`[\u0000-\u001F\u007F\u0085\u2028\u2029\s]+`, 'g');
const HALF_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Half a surrogate pair, which no UTF-8 can carry, as U+FFFD (what String#toWellFormed does). */
function wellFormed(text: string): string {
  return text.replace(HALF_SURROGATE, '\uFFFD');
}

/**
 * A text as an iCalendar TEXT value can carry it: every line break one LF, the controls no
 * TEXT may hold left out, half a surrogate pair (which UTF-8 cannot carry) replaced, and
 * nothing at all when only whitespace is left (libical refuses a property with a blank value).
 * This is the text readers get back; `escapeCalendarText` writes it.
 */
export function calendarText(text: string): string {
  const value = wellFormed(text).replace(LINE_BREAK, '\n').replace(NOT_IN_TEXT, '');
  return /\S/.test(value) ? value : '';
}

/**
 * RFC 5545 §3.3.11: `\`, `;` and `,` escaped with a backslash, line breaks written `\n`. For
 * the properties ical-generator 11 writes as given (NAME, X-WR-CALNAME, X-WR-CALDESC); it
 * escapes SUMMARY, DESCRIPTION, LOCATION and X- properties itself, so those get `calendarText`.
 */
export function escapeCalendarText(text: string): string {
  return calendarText(text)
    .replace(/[\\;,]/g, (c) => `\\${c}`)
    .replace(/\n/g, '\\n');
}

/**
 * A parameter value such as CN=, which the writer puts between double quotes (RFC 5545 §3.2):
 * no DQUOTE may stand inside it and no control, so a double quote becomes a single one and any
 * line break or control a space. What is left needs no RFC 6868 caret either, but for `^`.
 */
export function calendarParameter(text: string): string {
  return wellFormed(text).replace(/"/g, "'").replace(PARAMETER_BREAKERS, ' ').trim();
}

/**
 * A mail header value on one line: line breaks and other controls become spaces, runs of
 * whitespace one space. Encoding words (RFC 2047) is nodemailer's part.
 */
export function headerValue(text: string): string {
  return wellFormed(text).replace(HEADER_BREAKERS, ' ').trim();
}

/** A spreadsheet reads a cell starting with = + - @ (or a tab or a return) as a formula: make it text. */
export function spreadsheetCell(text: string): string {
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

/** A CSV cell (RFC 4180), safe from formula injection: quoted when it holds a quote, a comma or a line break. */
export function csvCell(text: string): string {
  const safe = spreadsheetCell(text);
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/**
 * A Content-Disposition value (RFC 6266): an ASCII `filename` every client reads, with what it
 * cannot say replaced by `_`, and the exact name as `filename*` (RFC 8187) when they differ.
 */
export function contentDisposition(type: 'inline' | 'attachment', filename: string): string {
  const name = wellFormed(filename);
  const ascii = name.replace(/[^\x20-\x7E]|["\\%;]/g, '_');
  if (ascii === name) {
    return `${type}; filename="${ascii}"`;
  }
  const encoded = encodeURIComponent(name).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `${type}; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}
