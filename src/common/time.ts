import { DateTime, IANAZone } from 'luxon';

export const PARIS = 'Europe/Paris';
export const SEOUL = 'Asia/Seoul';

const LOCAL_DATE = /^\d{4}-\d{2}-\d{2}$/;

export function isValidZone(zone: string): boolean {
  // Luxon accepts offsets such as "UTC+9"; only named IANA zones are meant here.
  return /^[A-Za-z_]+(?:\/[A-Za-z0-9_+-]+)*$/.test(zone) && IANAZone.isValidZone(zone);
}

/** A calendar date (YYYY-MM-DD) that exists, e.g. not 2024-02-30. */
export function isValidLocalDate(value: string): boolean {
  return LOCAL_DATE.test(value) && DateTime.fromISO(value, { zone: 'utc' }).isValid;
}

/**
 * The dates Passerelle takes, first and last inclusive: wide enough for any forum, narrow enough
 * that no date sends a computation (holidays, recurrences, zone offsets) across centuries.
 */
export const DATE_RANGE = { first: '1950-01-01', last: '2100-12-31' } as const;
/** The longest period (a date option, dates to avoid) counted from its first day, in years. */
export const MAX_SPAN_YEARS = 2;

/** A valid local date within DATE_RANGE. */
export function isLocalDateInRange(value: string): boolean {
  return isValidLocalDate(value) && value >= DATE_RANGE.first && value <= DATE_RANGE.last;
}

/** A 400 naming `endField` when [start, end] lasts longer than MAX_SPAN_YEARS, else null. */
export function spanTooLong(startDate: string, endDate: string): string | null {
  const limit = DateTime.fromISO(startDate, { zone: 'utc' }).plus({ years: MAX_SPAN_YEARS }).toISODate();
  return limit !== null && endDate >= limit
    ? `the period from ${startDate} to ${endDate} lasts more than ${MAX_SPAN_YEARS} years; it must end before ${limit}`
    : null;
}

export function compareLocalDates(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The local date that follows `date` (used for exclusive all-day ends). */
export function nextLocalDate(date: string): string {
  return DateTime.fromISO(date, { zone: 'utc' }).plus({ days: 1 }).toISODate() as string;
}

/** Midnight of a local date in a zone, as a Luxon DateTime in that zone. */
export function startOfLocalDate(date: string, zone: string): DateTime {
  return DateTime.fromISO(date, { zone }).startOf('day');
}

export interface ZonedRendering {
  zone: string;
  local: string;
}

export interface InstantRendering {
  instant: string;
  forum: ZonedRendering;
  paris: ZonedRendering;
  seoul: ZonedRendering;
}

const pad2 = (n: number) => String(Math.trunc(n)).padStart(2, '0');

export const QUARTER_HOUR_MS = 15 * 60_000;
const offsetCache = new Map<string, number>();

/**
 * A zone's UTC offset (minutes) at an instant. Zones change offset only on quarter-hour
 * boundaries, so one lookup serves a whole quarter hour; a programme renders thousands.
 */
function offsetAt(zone: string, ms: number): number {
  const quarter = Math.floor(ms / QUARTER_HOUR_MS);
  const key = `${zone}|${quarter}`;
  let offset = offsetCache.get(key);
  if (offset === undefined) {
    if (offsetCache.size > 50_000) {
      offsetCache.clear();
    }
    offset = IANAZone.create(zone).offset(quarter * QUARTER_HOUR_MS);
    offsetCache.set(key, offset);
  }
  return offset;
}

// Hot path of every programme and feed: plain arithmetic on the offset rather than a full
// DateTime per rendering.
function renderIn(instant: Date, zone: string): ZonedRendering {
  const offset = offsetAt(zone, instant.getTime());
  const wall = new Date(instant.getTime() + offset * 60_000).toISOString().slice(0, 19);
  const sign = offset < 0 ? '-' : '+';
  const minutes = Math.abs(offset);
  return { zone, local: `${wall}${sign}${pad2(minutes / 60)}:${pad2(minutes % 60)}` };
}

/** An instant with its rendering in the forum's zone, in Paris and in Seoul. */
export function renderInstant(instant: Date, forumZone: string): InstantRendering {
  return {
    instant: instant.toISOString(),
    forum: renderIn(instant, forumZone),
    paris: renderIn(instant, PARIS),
    seoul: renderIn(instant, SEOUL),
  };
}

const DAY_MS = 86_400_000;

/**
 * Whether the local time an instant shows in a zone also names another instant: the hour the
 * clocks pass twice when summer time ends (02:30 in Paris on 31 October 2027 is 00:30 and
 * 01:30 UTC). Such a local time says nothing on its own, in a calendar or in a sentence.
 */
export function isRepeatedLocalTime(instant: Date, zone: string): boolean {
  const ms = instant.getTime();
  const offset = offsetAt(zone, ms);
  // Any other reading of the same local time has one of the offsets the zone has a day either side.
  return [offsetAt(zone, ms - DAY_MS), offsetAt(zone, ms + DAY_MS)].some(
    (other) => other !== offset && offsetAt(zone, ms + (offset - other) * 60_000) === other,
  );
}

/** "UTC+2", "UTC+9", "UTC-3:30", from a rendered local time's offset. */
function utcOffsetOf(local: string): string {
  const [, sign, hours, minutes] = /([+-])(\d{2}):(\d{2})$/.exec(local) ?? ['', '+', '00', '00'];
  return `UTC${sign}${Number(hours)}${minutes === '00' ? '' : `:${minutes}`}`;
}

/** " (UTC+2)" after a local time the zone shows twice, so the reader knows which one; nothing otherwise. */
function whichOne(rendering: ZonedRendering): string {
  return isRepeatedLocalTime(new Date(rendering.local), rendering.zone) ? ` (${utcOffsetOf(rendering.local)})` : '';
}

/** "2024-09-25 14:00", or "2027-10-31 02:30 (UTC+2)" for a local time the clocks pass twice. */
export function readableTime(rendering: ZonedRendering): string {
  return `${wallClock(rendering.local)}${whichOne(rendering)}`;
}

/**
 * How people read a start and an end in one zone, wherever Passerelle writes one: "2024-09-25
 * 14:00 – 16:00"; the end's date when it differs ("2027-10-29 21:00 – 2027-10-30 00:00"); the
 * offset of a local time the clocks pass twice ("2027-10-31 02:30 (UTC+2) – 02:30 (UTC+1)").
 * `startDate: false` leaves the start's date out, for a page that gives the day above.
 */
export function readableRange(start: ZonedRendering, end: ZonedRendering, options: { startDate?: boolean } = {}): string {
  const from = readableTime(start);
  const to = end.local.slice(0, 10) === start.local.slice(0, 10) ? `${end.local.slice(11, 16)}${whichOne(end)}` : readableTime(end);
  return `${options.startDate === false ? from.slice(11) : from} – ${to}`;
}

/** "24–26 septembre 2024" style range of local dates, in the reader's language. */
export function formatLocalDateRange(start: string, end: string, locale: string): string {
  const format = new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
  const toDate = (date: string) => new Date(`${date}T00:00:00Z`);
  return format.formatRange(toDate(start), toDate(end));
}

const OFFSET_SUFFIX = /(?:Z|[+-]\d{2}:?\d{2})$/i;
const LOCAL_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,3})?)?$/;

export type InstantInput =
  | { ok: true; instant: Date }
  | {
      ok: false;
      reason: 'malformed' | 'out_of_range' | 'needs_zone' | 'bad_zone' | 'nonexistent' | 'ambiguous';
      message: string;
      candidates?: string[];
    };

/**
 * Reads an instant given either with an offset ("2024-09-24T09:00:00+09:00") or as a local
 * date-time with an IANA zone. Never guesses: a local time with no zone, one that the clocks
 * skip (spring forward) and one they pass twice (autumn back) are refused, the last with both
 * readings offered.
 */
export function parseInstantInput(value: string, zone?: string): InstantInput {
  const parsed = parseInstantText(value, zone);
  if (parsed.ok) {
    // The date as written (local, or at the given offset), else the instant's in UTC.
    const written = /^\d{4}-\d{2}-\d{2}/.exec(value)?.[0];
    const date = Number.isNaN(parsed.instant.getTime()) ? '' : (written ?? parsed.instant.toISOString().slice(0, 10));
    if (date < DATE_RANGE.first || date > DATE_RANGE.last) {
      return {
        ok: false,
        reason: 'out_of_range',
        message: `"${value}" lies outside the dates Passerelle takes, ${DATE_RANGE.first} to ${DATE_RANGE.last}`,
      };
    }
  }
  return parsed;
}

function parseInstantText(value: string, zone?: string): InstantInput {
  if (OFFSET_SUFFIX.test(value)) {
    const parsed = DateTime.fromISO(value, { setZone: true });
    return parsed.isValid
      ? { ok: true, instant: parsed.toJSDate() }
      : { ok: false, reason: 'malformed', message: `"${value}" is not an ISO-8601 date-time` };
  }
  if (!LOCAL_DATE_TIME.test(value) || !DateTime.fromISO(value, { zone: 'utc' }).isValid) {
    return { ok: false, reason: 'malformed', message: `"${value}" is not an ISO-8601 date-time such as 2024-09-24T09:00+09:00` };
  }
  if (!zone) {
    return { ok: false, reason: 'needs_zone', message: `"${value}" has no offset: add one (e.g. +09:00) or give timeZone` };
  }
  if (!isValidZone(zone)) {
    return { ok: false, reason: 'bad_zone', message: `timeZone "${zone}" is not an IANA time zone` };
  }
  const wall = DateTime.fromISO(value, { zone: 'utc' });
  const wallText = wall.toFormat("yyyy-MM-dd'T'HH:mm:ss.SSS");
  // The zone's offsets a day either side cover every reading a wall-clock time can have.
  const offsets = new Set([-1, 0, 1].map((days) => DateTime.fromMillis(wall.toMillis() + days * 86_400_000, { zone }).offset));
  const readings = [...offsets]
    .map((offset) => DateTime.fromMillis(wall.toMillis() - offset * 60_000, { zone }))
    .filter((reading) => reading.toFormat("yyyy-MM-dd'T'HH:mm:ss.SSS") === wallText)
    .sort((a, b) => a.toMillis() - b.toMillis());
  if (readings.length === 0) {
    return { ok: false, reason: 'nonexistent', message: `${value} does not exist in ${zone}: the clocks skip it (summer time begins)` };
  }
  if (readings.length > 1) {
    const candidates = readings.map((r) => r.toISO({ suppressMilliseconds: true }) as string);
    return {
      ok: false,
      reason: 'ambiguous',
      message: `${value} happens twice in ${zone} (summer time ends): say which with an offset, ${candidates.join(' or ')}`,
      candidates,
    };
  }
  return { ok: true, instant: readings[0].toJSDate() };
}

/** The local date of an instant in a zone. */
export function localDateOf(instant: Date, zone: string): string {
  return DateTime.fromJSDate(instant, { zone }).toISODate() as string;
}

/** "2024-09-25 14:00": a rendered local time as people read it in an email or a calendar note. */
export function wallClock(local: string): string {
  return local.slice(0, 16).replace('T', ' ');
}

const HOUR_MS = 3_600_000;

/** "3 jours", "5 hours", "2시간": what is left before a deadline, in the reader's language. */
export function timeLeft(ms: number, locale: string): string {
  const [value, unit] =
    ms >= 48 * HOUR_MS
      ? [Math.floor(ms / (24 * HOUR_MS)), 'day']
      : ms >= HOUR_MS
        ? [Math.floor(ms / HOUR_MS), 'hour']
        : [Math.max(1, Math.ceil(ms / 60_000)), 'minute'];
  return new Intl.NumberFormat(locale, { style: 'unit', unit, unitDisplay: 'long' }).format(value);
}
