import { ICalAttendeeRole, ICalAttendeeStatus, ICalEventStatus } from 'ical-generator';
import { DateTime } from 'luxon';
import { calendarParameter, calendarText } from '../common/escape';
import { pickLocale, type Locale, type LocalizedText } from '../common/locale';
import { readableRange, renderInstant } from '../common/time';
import type { IcsMethod } from '../outbox/message.entity';
import type { SessionRecord } from './session.views';
import { createCalendar, eventTimes, type Organiser, organizerOf, summaryText, UID_DOMAIN } from '../ical/ical';

/**
 * What a calendar event says of a session: a Session entity with its forum, or the same facts
 * read by a query (a batch of seats has them from its lock and loads no entity).
 */
export type SessionFacts = Pick<
  SessionRecord,
  'id' | 'title' | 'description' | 'startsAt' | 'endsAt' | 'venueName' | 'venueAddress' | 'venueCity' | 'onlineUrl' | 'sequence'
> & {
  forum: { id: string; slug: string; title: LocalizedText; timeZone: string };
};

/** One UID per session, in every feed and every invite: a calendar holding both shows one event. */
export function sessionUid(sessionId: string): string {
  return `session-${sessionId}@${UID_DOMAIN}`;
}

const LABELS: Record<Locale, { paris: string; seoul: string; online: string; venue: string }> = {
  fr: { paris: 'Heure de Paris', seoul: 'Heure de Séoul', online: 'En ligne', venue: 'Lieu' },
  ko: { paris: '파리 시간', seoul: '서울 시간', online: '온라인', venue: '장소' },
  en: { paris: 'Paris time', seoul: 'Seoul time', online: 'Online', venue: 'Venue' },
};

/** LOCATION: the venue, else the link, as an iCalendar TEXT carries it. */
export function sessionLocation(session: SessionFacts): string | undefined {
  const place = [session.venueName, session.venueAddress, session.venueCity].filter(Boolean).join(', ');
  const location = place || session.onlineUrl;
  return location ? calendarText(location) || undefined : undefined;
}

/** The description calendars show: both times, the place or link, the session's text. */
export function sessionDescription(session: SessionFacts, locale: Locale): string {
  const labels = LABELS[locale];
  const start = renderInstant(session.startsAt, session.forum.timeZone);
  const end = renderInstant(session.endsAt, session.forum.timeZone);
  const lines = [`${labels.paris}: ${readableRange(start.paris, end.paris)}`, `${labels.seoul}: ${readableRange(start.seoul, end.seoul)}`];
  const place = [session.venueName, session.venueAddress, session.venueCity].filter(Boolean).join(', ');
  if (place) {
    lines.push(`${labels.venue}: ${place}`);
  }
  if (session.onlineUrl) {
    lines.push(`${labels.online}: ${session.onlineUrl}`);
  }
  const text = pickLocale(session.description, locale);
  return text ? `${lines.join('\n')}\n\n${text}` : lines.join('\n');
}

export interface InviteOptions {
  method: Extract<IcsMethod, 'REQUEST' | 'CANCEL'>;
  sequence: number;
  locale: Locale;
  attendee: { email: string; name: string };
  organiser: Organiser;
  stamp: Date;
  url: string;
  /** Whether the attendee's reply is read (RSVP=TRUE): only when the organisers' mailbox is. */
  rsvp: boolean;
}

/** An iTIP request or cancel (RFC 5546) for one attendee, in the forum's zone with its VTIMEZONE. */
export function sessionInvite(session: SessionFacts, options: InviteOptions): string {
  const zone = session.forum.timeZone;
  const title = pickLocale(session.title, options.locale);
  const calendar = createCalendar({ name: title, timeZone: zone, method: options.method });
  calendar.createEvent({
    id: sessionUid(session.id),
    sequence: options.sequence,
    stamp: DateTime.fromJSDate(options.stamp, { zone: 'utc' }),
    ...eventTimes(session.startsAt, session.endsAt, zone),
    summary: summaryText(title),
    description: calendarText(sessionDescription(session, options.locale)),
    location: sessionLocation(session),
    url: options.url,
    status: options.method === 'CANCEL' ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
    organizer: organizerOf(options.organiser),
    attendees: [
      {
        email: options.attendee.email,
        name: calendarParameter(options.attendee.name),
        rsvp: options.rsvp,
        status: ICalAttendeeStatus.NEEDSACTION,
        role: ICalAttendeeRole.REQ,
      },
    ],
  });
  return calendar.toString();
}
