import { getVtimezoneComponent } from '@touch4it/ical-timezones';
import ical, { ICalCalendar, ICalCalendarMethod } from 'ical-generator';
import { DateTime } from 'luxon';
import { calendarParameter, calendarText, escapeCalendarText } from '../common/escape';
import { isRepeatedLocalTime } from '../common/time';
import type { IcsMethod } from '../outbox/message.entity';

export const PRODUCT_ID = { company: 'Cites Unies France', product: 'Passerelle', language: 'FR' } as const;

/** UIDs never change for the same object, whatever the feed or invite carries it. */
export const UID_DOMAIN = 'passerelle';

export function forumUid(forumId: string): string {
  return `forum-${forumId}@${UID_DOMAIN}`;
}

/**
 * What a SUMMARY says when the title leaves nothing to read (it was only controls): ical-generator
 * always writes SUMMARY, and libical refuses an empty one.
 */
const UNTITLED = '—';

/** A title as SUMMARY carries it (ical-generator escapes SUMMARY itself). */
export function summaryText(title: string): string {
  return calendarText(title) || UNTITLED;
}

/** The ORGANIZER of every event Passerelle writes: the organisers' shared mailbox (ORGANISERS_EMAIL). */
export interface Organiser {
  email: string;
  name: string;
}

export function organiser(email: string): Organiser {
  return { email, name: 'Passerelle' };
}

/** The ORGANIZER as ical-generator takes it, its CN fit for a parameter value. */
export function organizerOf(who: Organiser): { name: string; email: string } {
  return { name: calendarParameter(who.name), email: who.email };
}

export interface CalendarShell {
  name: string;
  description?: string;
  /** The zone named in X-WR-TIMEZONE (the forum's). */
  timeZone: string;
  method: IcsMethod;
  /** How often subscribers should refresh, in seconds. */
  refreshSeconds?: number;
  url?: string;
}

/**
 * A calendar whose VTIMEZONEs come from the zones its events use.
 * The calendar-level zone stays unset on purpose: ical-generator 11 would then write DTSTAMP
 * and LAST-MODIFIED as floating local times, which RFC 5545 forbids (they must be UTC).
 */
export function createCalendar(shell: CalendarShell): ICalCalendar {
  return ical({
    // ical-generator 11 writes NAME, X-WR-CALNAME and X-WR-CALDESC as given: escaped here.
    name: escapeCalendarText(shell.name),
    description: shell.description ? escapeCalendarText(shell.description) : undefined,
    prodId: PRODUCT_ID,
    method: ICalCalendarMethod[shell.method],
    timezone: { name: null, generator: getVtimezoneComponent },
    ttl: shell.refreshSeconds ?? null,
    url: shell.url ?? null,
    x: { 'X-WR-TIMEZONE': shell.timeZone },
  });
}

/** DTSTART and DTEND as ical-generator takes them. */
export interface EventTimes {
  start: DateTime | Date;
  end: DateTime | Date;
  timezone: string | null;
}

/**
 * An event's start and end in its zone (TZID, with the zone's VTIMEZONE), unless either falls
 * in the hour the clocks pass twice: a local time there names two instants, and readers take
 * the first (RFC 5545 §3.3.5), so such an event is written in UTC, which says the instant.
 */
export function eventTimes(start: Date, end: Date, zone: string): EventTimes {
  if (isRepeatedLocalTime(start, zone) || isRepeatedLocalTime(end, zone)) {
    // With no zone here nor on the calendar, ical-generator writes plain dates in UTC.
    return { start, end, timezone: null };
  }
  return { start: DateTime.fromJSDate(start, { zone }), end: DateTime.fromJSDate(end, { zone }), timezone: zone };
}
