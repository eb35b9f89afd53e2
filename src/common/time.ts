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

function renderIn(instant: Date, zone: string): ZonedRendering {
  return { zone, local: DateTime.fromJSDate(instant, { zone }).toISO({ suppressMilliseconds: true }) as string };
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

/** "24–26 septembre 2024" style range of local dates, in the reader's language. */
export function formatLocalDateRange(start: string, end: string, locale: string): string {
  const format = new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
  const toDate = (date: string) => new Date(`${date}T00:00:00Z`);
  return format.formatRange(toDate(start), toDate(end));
}
