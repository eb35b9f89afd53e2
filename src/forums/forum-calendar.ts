import type { ICalCalendar } from 'ical-generator';
import { DateTime } from 'luxon';
import { calendarText } from '../common/escape';
import { pickLocale, type Locale } from '../common/locale';
import { nextLocalDate, startOfLocalDate } from '../common/time';
import { PublicUrls } from '../config/public-urls';
import type { Forum } from './forum.entity';
import type { IcsMethod } from '../outbox/message.entity';
import { createCalendar, forumUid, type Organiser, organizerOf, summaryText } from '../ical/ical';

export interface ForumCalendarOptions {
  locale: Locale;
  method: IcsMethod;
  publicUrl: string;
  /** DTSTAMP: the send time for an email; the last change for a feed, so its bytes stay stable. */
  stamp: Date;
  refreshSeconds?: number;
  /** The ORGANIZER: RFC 5546 asks one of a PUBLISH too. */
  organiser: Organiser;
}

export function forumUrl(forum: Forum, publicUrl: string): string {
  return new PublicUrls(publicUrl).forum(forum.slug);
}

/** An empty calendar named after the edition, in its zone. */
export function editionCalendar(forum: Forum, options: Omit<ForumCalendarOptions, 'stamp'>): ICalCalendar {
  return createCalendar({
    name: pickLocale(forum.title, options.locale),
    description: pickLocale(forum.description, options.locale) || undefined,
    timeZone: forum.timeZone,
    method: options.method,
    refreshSeconds: options.refreshSeconds,
    url: forumUrl(forum, options.publicUrl),
  });
}

/** The edition as an all-day event in its own zone (nothing when its dates are still open). */
export function addEditionEvent(
  calendar: ICalCalendar,
  forum: Forum,
  options: Pick<ForumCalendarOptions, 'locale' | 'publicUrl' | 'stamp' | 'organiser'>,
): void {
  if (!forum.startDate || !forum.endDate) {
    return;
  }
  calendar.createEvent({
    id: forumUid(forum.id),
    allDay: true,
    timezone: forum.timeZone,
    start: startOfLocalDate(forum.startDate, forum.timeZone),
    // DTEND of an all-day event is exclusive.
    end: startOfLocalDate(nextLocalDate(forum.endDate), forum.timeZone),
    summary: summaryText(pickLocale(forum.title, options.locale)),
    description: calendarText(pickLocale(forum.description, options.locale)) || undefined,
    url: forumUrl(forum, options.publicUrl),
    organizer: organizerOf(options.organiser),
    stamp: DateTime.fromJSDate(options.stamp, { zone: 'utc' }),
    lastModified: DateTime.fromJSDate(forum.updatedAt, { zone: 'utc' }),
  });
}

/** The edition alone, as a calendar (the organisers' notice). */
export function forumCalendar(forum: Forum, options: ForumCalendarOptions): string {
  const calendar = editionCalendar(forum, options);
  addEditionEvent(calendar, forum, options);
  return calendar.toString();
}
