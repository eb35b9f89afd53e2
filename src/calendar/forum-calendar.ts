import { DateTime } from 'luxon';
import { pickLocale, type Locale } from '../common/locale';
import { nextLocalDate, startOfLocalDate } from '../common/time';
import type { Forum } from '../forums/forum.entity';
import type { IcsMethod } from '../notifications/message.entity';
import { createCalendar, forumUid } from './ical';

export interface ForumCalendarOptions {
  locale: Locale;
  method: IcsMethod;
  publicUrl: string;
  /** DTSTAMP: the send time for an email; the last change for a feed, so its bytes stay stable. */
  stamp: Date;
  refreshSeconds?: number;
}

/** The edition as an all-day event in its own zone (nothing when its dates are still open). */
export function forumCalendar(forum: Forum, options: ForumCalendarOptions): string {
  const title = pickLocale(forum.title, options.locale);
  const url = `${options.publicUrl}/forums/${forum.slug}`;
  const calendar = createCalendar({
    name: title,
    description: pickLocale(forum.description, options.locale) || undefined,
    timeZone: forum.timeZone,
    method: options.method,
    refreshSeconds: options.refreshSeconds,
    url,
  });
  if (forum.startDate && forum.endDate) {
    calendar.createEvent({
      id: forumUid(forum.id),
      allDay: true,
      timezone: forum.timeZone,
      start: startOfLocalDate(forum.startDate, forum.timeZone),
      // DTEND of an all-day event is exclusive.
      end: startOfLocalDate(nextLocalDate(forum.endDate), forum.timeZone),
      summary: title,
      description: pickLocale(forum.description, options.locale) || undefined,
      url,
      stamp: DateTime.fromJSDate(options.stamp, { zone: 'utc' }),
      lastModified: DateTime.fromJSDate(forum.updatedAt, { zone: 'utc' }),
    });
  }
  return calendar.toString();
}
