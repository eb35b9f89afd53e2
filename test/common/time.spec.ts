import {
  formatLocalDateRange,
  isRepeatedLocalTime,
  isValidLocalDate,
  isValidZone,
  nextLocalDate,
  parseInstantInput,
  readableRange,
  readableTime,
  renderInstant,
  timeLeft,
} from '../../src/common/time';
import { pickLocale } from '../../src/common/locale';

describe('Time helpers', () => {
  it('renders a summer instant in Paris and Seoul, 7 hours apart', () => {
    // 9:00 in Paris on 28 January 2021 was a video call; this one is in June.
    const rendering = renderInstant(new Date('2023-06-02T07:00:00Z'), 'Europe/Paris');

    expect(rendering.paris.local).toBe('2023-06-02T09:00:00+02:00');
    expect(rendering.seoul.local).toBe('2023-06-02T16:00:00+09:00');
    expect(rendering.forum).toEqual(rendering.paris);
  });

  it('renders a winter instant in Paris and Seoul, 8 hours apart', () => {
    const rendering = renderInstant(new Date('2021-01-28T08:00:00Z'), 'Asia/Seoul');

    expect(rendering.paris.local).toBe('2021-01-28T09:00:00+01:00');
    expect(rendering.seoul.local).toBe('2021-01-28T17:00:00+09:00');
    expect(rendering.forum.zone).toBe('Asia/Seoul');
  });

  it('keeps the gap right on both sides of the change to summer time in Paris', () => {
    // Paris moved to summer time at 01:00 UTC on 31 March 2024.
    const before = renderInstant(new Date('2024-03-31T00:30:00Z'), 'Europe/Paris');
    const after = renderInstant(new Date('2024-03-31T01:30:00Z'), 'Europe/Paris');

    expect(before.paris.local).toBe('2024-03-31T01:30:00+01:00');
    expect(after.paris.local).toBe('2024-03-31T03:30:00+02:00');
    expect(before.seoul.local).toBe('2024-03-31T09:30:00+09:00');
    expect(after.seoul.local).toBe('2024-03-31T10:30:00+09:00');
  });

  it('accepts IANA zones only', () => {
    expect(isValidZone('Asia/Seoul')).toBe(true);
    expect(isValidZone('America/Argentina/Buenos_Aires')).toBe(true);
    expect(isValidZone('UTC+9')).toBe(false);
    expect(isValidZone('Mars/Olympus')).toBe(false);
    expect(isValidZone('')).toBe(false);
  });

  it('accepts calendar dates that exist', () => {
    expect(isValidLocalDate('2024-02-29')).toBe(true);
    expect(isValidLocalDate('2023-02-29')).toBe(false);
    expect(isValidLocalDate('2024-9-24')).toBe(false);
    expect(nextLocalDate('2024-12-31')).toBe('2025-01-01');
  });

  it('writes date ranges in the reader language', () => {
    // Intl separates with thin and narrow spaces; compare the words.
    const plain = (text: string) => text.replace(/\s/g, ' ');
    expect(plain(formatLocalDateRange('2024-09-24', '2024-09-26', 'fr'))).toBe('24–26 septembre 2024');
    expect(plain(formatLocalDateRange('2024-09-29', '2024-10-01', 'en'))).toBe('September 29 – October 1, 2024');
    expect(formatLocalDateRange('2024-09-24', '2024-09-26', 'ko')).toContain('2024');
  });

  it('falls back from the requested language to French, English, then Korean', () => {
    expect(pickLocale({ ko: '포럼', en: 'Forum' }, 'fr')).toBe('Forum');
    expect(pickLocale({ ko: '포럼' }, 'en')).toBe('포럼');
    expect(pickLocale({ fr: 'Forum', ko: '포럼' }, 'ko')).toBe('포럼');
  });
});

describe('Reading instants given by people', () => {
  it('takes an instant with an offset as it is', () => {
    const result = parseInstantInput('2024-09-24T09:00:00+09:00');
    expect(result).toEqual({ ok: true, instant: new Date('2024-09-24T00:00:00Z') });
  });

  it('reads a local time in the zone given, summer and winter', () => {
    expect(parseInstantInput('2024-03-21T09:00', 'Europe/Paris')).toEqual({ ok: true, instant: new Date('2024-03-21T08:00:00Z') });
    expect(parseInstantInput('2024-09-24T09:00', 'Europe/Paris')).toEqual({ ok: true, instant: new Date('2024-09-24T07:00:00Z') });
    expect(parseInstantInput('2024-09-24T09:00', 'Asia/Seoul')).toEqual({ ok: true, instant: new Date('2024-09-24T00:00:00Z') });
  });

  it('refuses a local time without a zone rather than guess one', () => {
    expect(parseInstantInput('2024-09-24T09:00')).toMatchObject({ ok: false, reason: 'needs_zone' });
  });

  it('refuses a local time the clocks skip in spring', () => {
    expect(parseInstantInput('2024-03-31T02:30', 'Europe/Paris')).toMatchObject({ ok: false, reason: 'nonexistent' });
  });

  it('asks which reading is meant for a local time the clocks pass twice in autumn', () => {
    const result = parseInstantInput('2024-10-27T02:30', 'Europe/Paris');
    expect(result).toMatchObject({
      ok: false,
      reason: 'ambiguous',
      candidates: ['2024-10-27T02:30:00+02:00', '2024-10-27T02:30:00+01:00'],
    });
  });

  it('refuses what is not a date-time', () => {
    for (const value of ['tomorrow', '2024-13-01T09:00', '2024-09-24 09:00', '2024-09-24T25:00+09:00']) {
      expect(parseInstantInput(value, 'Asia/Seoul')).toMatchObject({ ok: false, reason: 'malformed' });
    }
  });
});

describe('The hour the clocks pass twice', () => {
  // Paris leaves summer time at 01:00 UTC on Sunday 31 October 2027: 02:30 happens at 00:30 and at 01:30 UTC.
  it('knows which local times name two instants, on both sides and only there', () => {
    expect(isRepeatedLocalTime(new Date('2027-10-31T00:30:00Z'), 'Europe/Paris')).toBe(true);
    expect(isRepeatedLocalTime(new Date('2027-10-31T01:30:00Z'), 'Europe/Paris')).toBe(true);
    expect(isRepeatedLocalTime(new Date('2027-10-31T00:00:00Z'), 'Europe/Paris')).toBe(true);
    expect(isRepeatedLocalTime(new Date('2027-10-30T23:59:00Z'), 'Europe/Paris')).toBe(false);
    expect(isRepeatedLocalTime(new Date('2027-10-31T02:00:00Z'), 'Europe/Paris')).toBe(false);
    // Seoul keeps one offset all year.
    expect(isRepeatedLocalTime(new Date('2027-10-31T00:30:00Z'), 'Asia/Seoul')).toBe(false);
  });

  it('finds none around the spring gap, before or after 02:00 on the last Sunday of March', () => {
    // 28 March 2027: 01:30 (UTC+1) is 00:30 UTC, 03:30 (UTC+2) is 01:30 UTC; 02:00–03:00 does not exist.
    for (const instant of ['2027-03-28T00:30:00Z', '2027-03-28T00:59:00Z', '2027-03-28T01:00:00Z', '2027-03-28T01:30:00Z']) {
      expect(isRepeatedLocalTime(new Date(instant), 'Europe/Paris')).toBe(false);
    }
  });

  it('says which 02:30 it means, and nothing more elsewhere', () => {
    expect(readableTime(renderInstant(new Date('2027-10-31T00:30:00Z'), 'Europe/Paris').paris)).toBe('2027-10-31 02:30 (UTC+2)');
    expect(readableTime(renderInstant(new Date('2027-10-31T01:30:00Z'), 'Europe/Paris').paris)).toBe('2027-10-31 02:30 (UTC+1)');
    expect(readableTime(renderInstant(new Date('2027-10-31T02:30:00Z'), 'Europe/Paris').paris)).toBe('2027-10-31 03:30');
    expect(readableTime(renderInstant(new Date('2027-10-31T00:30:00Z'), 'Europe/Paris').seoul)).toBe('2027-10-31 09:30');
  });
});

describe('A start and an end, as people read them', () => {
  const range = (start: string, end: string, zone: 'paris' | 'seoul' | 'forum', options?: { startDate?: boolean }) =>
    readableRange(renderInstant(new Date(start), 'Europe/Paris')[zone], renderInstant(new Date(end), 'Europe/Paris')[zone], options);

  it('gives the end’s time alone on the same day', () => {
    expect(range('2027-06-01T07:00:00Z', '2027-06-01T09:00:00Z', 'paris')).toBe('2027-06-01 09:00 – 11:00');
  });

  it('gives the end’s date when the session crosses midnight', () => {
    // 21:00 in Seoul on 29 October 2027 is 12:00 UTC; midnight is 15:00 UTC.
    expect(range('2027-10-29T12:00:00Z', '2027-10-29T15:00:00Z', 'seoul')).toBe('2027-10-29 21:00 – 2027-10-30 00:00');
    expect(range('2027-10-29T12:00:00Z', '2027-10-29T15:00:00Z', 'paris')).toBe('2027-10-29 14:00 – 17:00');
    expect(range('2027-10-29T20:00:00Z', '2027-10-29T23:00:00Z', 'forum', { startDate: false })).toBe('22:00 – 2027-10-30 01:00');
  });

  it('says which 02:30 on the night the clocks go back', () => {
    expect(range('2027-10-31T00:30:00Z', '2027-10-31T01:30:00Z', 'paris')).toBe('2027-10-31 02:30 (UTC+2) – 02:30 (UTC+1)');
    expect(range('2027-10-31T00:30:00Z', '2027-10-31T01:30:00Z', 'forum', { startDate: false })).toBe('02:30 (UTC+2) – 02:30 (UTC+1)');
    expect(range('2027-10-31T00:30:00Z', '2027-10-31T01:30:00Z', 'seoul')).toBe('2027-10-31 09:30 – 10:30');
  });

  it('reads the spring night plainly: an hour from 01:30 to 03:30', () => {
    expect(range('2027-03-28T00:30:00Z', '2027-03-28T01:30:00Z', 'paris')).toBe('2027-03-28 01:30 – 03:30');
  });
});

describe('Time left before a deadline', () => {
  const HOUR = 3_600_000;
  // French puts a no-break space between the number and its unit.
  const left = (ms: number, locale: string) => timeLeft(ms, locale).replace(/\s/g, ' ');

  it('counts days from two days on, hours below, and at least one minute, in the reader’s language', () => {
    expect(left(5 * 24 * HOUR + 3 * HOUR, 'fr')).toBe('5 jours');
    expect(left(47 * HOUR, 'en')).toBe('47 hours');
    expect(left(2 * HOUR, 'ko')).toBe('2시간');
    expect(left(90_000, 'en')).toBe('2 minutes');
    expect(left(1_000, 'fr')).toBe('1 minute');
  });
});
