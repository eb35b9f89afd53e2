import fc from 'fast-check';
import {
  calendarParameter,
  calendarText,
  contentDisposition,
  csvCell,
  escapeCalendarText,
  headerValue,
  spreadsheetCell,
} from '../../src/common/escape';

describe('Escaping at the boundary', () => {
  describe('iCalendar TEXT (RFC 5545 §3.3.11)', () => {
    it('escapes the backslash, the semicolon and the comma, and writes every line break as \\n', () => {
      expect(escapeCalendarText('Paris; Séoul, 2027 \\ forum')).toBe('Paris\\; Séoul\\, 2027 \\\\ forum');
      expect(escapeCalendarText('a\r\nb\rc\nd\u2028e\u2029f')).toBe('a\\nb\\nc\\nd\\ne\\nf');
      expect(escapeCalendarText('Forum\nEND:VEVENT\nBEGIN:VEVENT\nUID:evil')).toBe('Forum\\nEND:VEVENT\\nBEGIN:VEVENT\\nUID:evil');
    });

    it('leaves out the controls no TEXT may hold, keeps the tab, and gives nothing for a text with nothing to read', () => {
      expect(calendarText('a\u0000b\u0007c\u001bd\u007fe\tf')).toBe('abcde\tf');
      expect(calendarText(' \u0001\r\n ')).toBe('');
      expect(calendarText('')).toBe('');
    });

    it('keeps Hangul, emoji, colons and quotes as they are, and replaces half a surrogate pair', () => {
      expect(calendarText('제2회 포럼: "평화" 🇰🇷👩🏽‍💼')).toBe('제2회 포럼: "평화" 🇰🇷👩🏽‍💼');
      expect(calendarText('a\ud800b')).toBe('a\ufffdb');
    });

    it('never leaves a line break, an unescaped delimiter or a control in what it writes', () => {
      fc.assert(
        fc.property(fc.string({ unit: 'binary' }), (text) => {
          const written = escapeCalendarText(text);
          expect(written).not.toMatch(new RegExp(String.raw`[\u0000-\u0008\u000A-\u001F\u007F\u2028\u2029]`));
          // Every backslash starts one of the four escapes.
          expect(written.replace(/\\[\\;,n]/g, '')).not.toMatch(/[\\;,]/);
        }),
      );
    });
  });

  it('makes a parameter value that stays inside its quotes: no double quote, no control, no line break', () => {
    expect(calendarParameter('Eve "Admin"\r\nATTENDEE:mailto:evil@example.org')).toBe("Eve 'Admin' ATTENDEE:mailto:evil@example.org");
    expect(calendarParameter('김민지')).toBe('김민지');
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (text) => {
        expect(calendarParameter(text)).not.toMatch(new RegExp(String.raw`["\u0000-\u001F\u007F\u2028\u2029]`));
      }),
    );
  });

  it('puts a mail header value on one line', () => {
    expect(headerValue('Invitation :\r\n Bcc: evil@example.org\u2028 fin')).toBe('Invitation : Bcc: evil@example.org fin');
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (text) => {
        expect(headerValue(text)).not.toMatch(new RegExp(String.raw`[\u0000-\u001F\u007F\u0085\u2028\u2029]`));
      }),
    );
  });

  it('makes CSV and spreadsheet cells that no spreadsheet runs as a formula', () => {
    for (const formula of ['=1+1', '+33 1 23', '-2', '@SUM(A1)', '\tx', '\rx']) {
      expect(spreadsheetCell(formula)).toBe(`'${formula}`);
    }
    expect(spreadsheetCell('Ville de Lyon')).toBe('Ville de Lyon');
    expect(csvCell('=HYPERLINK("http://evil")')).toBe(`"'=HYPERLINK(""http://evil"")"`);
    expect(csvCell('Séoul, Corée')).toBe('"Séoul, Corée"');
    expect(csvCell('a\r\nb')).toBe('"a\r\nb"');
  });

  it('names a file in Content-Disposition so every client reads it, with the exact name beside an ASCII one', () => {
    expect(contentDisposition('inline', 'forum-2027.ics')).toBe('inline; filename="forum-2027.ics"');
    expect(contentDisposition('attachment', 'participants-포럼.csv')).toBe(
      `attachment; filename="participants-__.csv"; filename*=UTF-8''participants-%ED%8F%AC%EB%9F%BC.csv`,
    );
    expect(contentDisposition('attachment', 'a"b\r\n.csv')).toBe(`attachment; filename="a_b__.csv"; filename*=UTF-8''a%22b%0D%0A.csv`);
  });
});
