import { ICalAttendeeRole, ICalAttendeeStatus, type ICalCalendar, ICalEventStatus } from 'ical-generator';
import { DateTime } from 'luxon';
import { createCalendar, eventTimes, type Organiser, organizerOf, summaryText, UID_DOMAIN } from '../ical/ical';
import { calendarParameter, calendarText } from '../common/escape';
import type { Locale } from '../common/locale';
import { readableRange, renderInstant } from '../common/time';

/** What a calendar says of a bilateral meeting, read in the reader's language. */
export interface MeetingFacts {
  id: string;
  sequence: number;
  startsAt: Date;
  endsAt: Date;
  table: string;
  /** The two delegations' names, in the reader's language. */
  sides: readonly [string, string];
  interpreter: string | null;
  forum: { title: string; timeZone: string };
}

/** One UID per meeting in every invite and feed, so a calendar holding both shows one event. */
export function meetingUid(meetingId: string): string {
  return `meeting-${meetingId}@${UID_DOMAIN}`;
}

const WORDS: Record<Locale, { meeting: string; paris: string; seoul: string; table: string; interpreter: string }> = {
  fr: { meeting: 'Rencontre bilatérale', paris: 'Heure de Paris', seoul: 'Heure de Séoul', table: 'Table', interpreter: 'Interprète' },
  ko: { meeting: '양자 회담', paris: '파리 시간', seoul: '서울 시간', table: '테이블', interpreter: '통역사' },
  en: { meeting: 'Bilateral meeting', paris: 'Paris time', seoul: 'Seoul time', table: 'Table', interpreter: 'Interpreter' },
};

export function meetingTitle(meeting: Pick<MeetingFacts, 'sides'>, locale: Locale): string {
  return `${WORDS[locale].meeting}${locale === 'fr' ? ' : ' : ': '}${meeting.sides[0]} ↔ ${meeting.sides[1]}`;
}

/** Both times (Paris and Seoul), the table and the interpreter, as a description says them. */
export function meetingDescription(meeting: MeetingFacts, locale: Locale): string {
  const words = WORDS[locale];
  const start = renderInstant(meeting.startsAt, meeting.forum.timeZone);
  const end = renderInstant(meeting.endsAt, meeting.forum.timeZone);
  const lines = [
    `${words.paris}: ${readableRange(start.paris, end.paris)}`,
    `${words.seoul}: ${readableRange(start.seoul, end.seoul)}`,
    `${words.table}: ${meeting.table}`,
  ];
  if (meeting.interpreter) {
    lines.push(`${words.interpreter}: ${meeting.interpreter}`);
  }
  return `${lines.join('\n')}\n\n${meeting.forum.title}`;
}

function addEvent(
  calendar: ICalCalendar,
  meeting: MeetingFacts,
  locale: Locale,
  extra: {
    sequence: number;
    stamp: Date;
    cancelled: boolean;
    organiser: Organiser;
    attendee?: { email: string; name: string };
    url: string;
  },
): void {
  calendar.createEvent({
    id: meetingUid(meeting.id),
    sequence: extra.sequence,
    stamp: DateTime.fromJSDate(extra.stamp, { zone: 'utc' }),
    ...eventTimes(meeting.startsAt, meeting.endsAt, meeting.forum.timeZone),
    summary: summaryText(meetingTitle(meeting, locale)),
    description: calendarText(meetingDescription(meeting, locale)),
    location: calendarText(meeting.table) || undefined,
    url: extra.url,
    status: extra.cancelled ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
    organizer: organizerOf(extra.organiser),
    attendees: extra.attendee
      ? [
          {
            email: extra.attendee.email,
            name: calendarParameter(extra.attendee.name),
            rsvp: false,
            status: ICalAttendeeStatus.NEEDSACTION,
            role: ICalAttendeeRole.REQ,
          },
        ]
      : [],
  });
}

export interface MeetingInviteOptions {
  method: 'REQUEST' | 'CANCEL';
  locale: Locale;
  attendee: { email: string; name: string };
  organiser: Organiser;
  stamp: Date;
  url: string;
}

/** An iTIP REQUEST (placed, or its place changed: same UID, higher SEQUENCE) or CANCEL for one attendee. */
export function meetingInvite(meeting: MeetingFacts, options: MeetingInviteOptions): string {
  const calendar = createCalendar({
    name: meetingTitle(meeting, options.locale),
    timeZone: meeting.forum.timeZone,
    method: options.method,
  });
  addEvent(calendar, meeting, options.locale, {
    sequence: meeting.sequence,
    stamp: options.stamp,
    cancelled: options.method === 'CANCEL',
    organiser: options.organiser,
    attendee: options.attendee,
    url: options.url,
  });
  return calendar.toString();
}

/** Meetings as events of a feed (PUBLISH): a delegate's agenda, an interpreter's schedule. */
export function addMeetingEvents(
  calendar: ICalCalendar,
  meetings: readonly MeetingFacts[],
  locale: Locale,
  organiser: Organiser,
  stamp: Date,
  url: string,
): void {
  for (const meeting of meetings) {
    addEvent(calendar, meeting, locale, { sequence: meeting.sequence, stamp, cancelled: false, organiser, url });
  }
}

/** A subscribable feed (PUBLISH) of meetings: an interpreter's schedule. */
export function meetingsFeed(
  name: string,
  timeZone: string,
  meetings: readonly MeetingFacts[],
  locale: Locale,
  organiser: Organiser,
  stamp: Date,
  url: string,
): string {
  const calendar = createCalendar({ name, timeZone, method: 'PUBLISH', refreshSeconds: 3600 });
  addMeetingEvents(calendar, meetings, locale, organiser, stamp, url);
  return calendar.toString();
}
