import * as ical from 'node-ical';
import type { ReceivedMail } from '../../scripts/smtp-sink';

/** The VEVENTs of an iCalendar text, read by an independent parser. */
export function parseEvents(text: string): ical.VEvent[] {
  return Object.values(ical.sync.parseICS(text)).filter((component): component is ical.VEvent => component?.type === 'VEVENT');
}

/** X-WR-CALNAME and X-WR-CALDESC as node-ical reads them. */
export function parseCalendarTexts(text: string): { calName: string | undefined; calDesc: string | undefined } {
  const calendar = Object.values(ical.sync.parseICS(text)).find((component) => component?.type === 'VCALENDAR') as
    Record<string, unknown> | undefined;
  const textAt = (key: string) => (typeof calendar?.[key] === 'string' ? calendar[key] : undefined);
  return { calName: textAt('WR-CALNAME'), calDesc: textAt('WR-CALDESC') };
}

/** A property's text, whether the parser gave it bare or with parameters. */
export function textOf(value: ical.ParameterValue | undefined): string | undefined {
  if (value === undefined || typeof value === 'string') {
    return value;
  }
  return value.val;
}

/** The calendar attached to an email as received (text/calendar or application/ics), '' when none. */
export function calendarAttachment(mail: ReceivedMail): string {
  return mail.parsed.attachments.find((a) => /calendar|ics/.test(a.contentType))?.content.toString('utf8') ?? '';
}
