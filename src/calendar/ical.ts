import { getVtimezoneComponent } from '@touch4it/ical-timezones';
import ical, { ICalCalendar, ICalCalendarMethod } from 'ical-generator';
import type { IcsMethod } from '../outbox/message.entity';

export const PRODUCT_ID = { company: 'Cites Unies France', product: 'Passerelle', language: 'FR' } as const;

/** UIDs never change for the same object, whatever the feed or invite carries it. */
export const UID_DOMAIN = 'passerelle';

export function forumUid(forumId: string): string {
  return `forum-${forumId}@${UID_DOMAIN}`;
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
    name: shell.name,
    description: shell.description,
    prodId: PRODUCT_ID,
    method: ICalCalendarMethod[shell.method],
    timezone: { name: null, generator: getVtimezoneComponent },
    ttl: shell.refreshSeconds ?? null,
    url: shell.url ?? null,
    x: { 'X-WR-TIMEZONE': shell.timeZone },
  });
}
