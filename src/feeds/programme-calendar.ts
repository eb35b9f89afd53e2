import { ICalAlarmType, type ICalCalendar, ICalEventStatus } from 'ical-generator';
import { calendarText } from '../common/escape';
import { pickLocale, type Locale } from '../common/locale';
import type { Deadline } from '../deadlines/deadline.entity';
import type { Forum } from '../forums/forum.entity';
import type { Enrolment } from '../participation/enrolment.entity';
import { interpretationText } from '../programme/interpretation';
import type { Session } from '../programme/session.entity';
import { createCalendar, eventTimes, type Organiser, organizerOf, summaryText, UID_DOMAIN } from '../ical/ical';
import { addEditionEvent, editionCalendar, forumUrl } from '../forums/forum-calendar';
import { sessionDescription, sessionLocation, sessionUid } from '../programme/session-invite';

const HOST_ROLE_LABELS: Record<Locale, Record<string, string>> = {
  fr: {
    host: 'accueil',
    co_host: 'co-organisation',
    speaker: 'intervention',
    moderator: 'modération',
    hosts: 'Avec',
    interpretation: 'Interprétation',
  },
  ko: { host: '주최', co_host: '공동 주최', speaker: '발표', moderator: '사회', hosts: '참여 기관', interpretation: '통역' },
  en: { host: 'host', co_host: 'co-host', speaker: 'speaker', moderator: 'moderator', hosts: 'With', interpretation: 'Interpretation' },
};

export interface FeedOptions {
  locale: Locale;
  publicUrl: string;
  refreshSeconds: number;
  /** The ORGANIZER of every event: RFC 5546 asks one of a PUBLISH too. */
  organiser: Organiser;
}

/** The public programme: the edition, and its published (and recently cancelled) sessions. */
export function programmeCalendar(forum: Forum, sessions: Session[], options: FeedOptions): string {
  const calendar = editionCalendar(forum, { ...options, method: 'PUBLISH' });
  addEditionEvent(calendar, forum, { ...options, stamp: forum.updatedAt });
  for (const session of sessions) {
    addSessionEvent(calendar, session, forum, options);
  }
  return calendar.toString();
}

/** What a session's event says below its times and place: who hosts it, its interpretation. */
function sessionFeedDescription(session: Session, locale: Locale): string {
  const labels = HOST_ROLE_LABELS[locale];
  const hosts = session.hosts
    .getItems()
    .map((h) => `${pickLocale({ fr: h.organisation.name, ko: h.organisation.nameKo ?? undefined }, locale)} (${labels[h.role]})`);
  const extra = [
    hosts.length ? `${labels.hosts}: ${hosts.join(', ')}` : '',
    session.interpretation !== 'none'
      ? `${labels.interpretation}: ${interpretationText(session.interpretation, session.interpretationLanguages, locale)}`
      : '',
  ].filter(Boolean);
  return [sessionDescription(session, locale), ...extra].join('\n');
}

/**
 * One session as an event; a waitlisted seat shows as tentative. `sequence` is the attendee's
 * own in a personal feed (what their last invite said), the session's otherwise.
 */
export function addSessionEvent(
  calendar: ICalCalendar,
  session: Session,
  forum: Forum,
  options: FeedOptions,
  tentative = false,
  sequence = session.sequence,
): void {
  calendar.createEvent({
    id: sessionUid(session.id),
    sequence,
    // The last change, not the request time: the bytes stay the same until the session changes.
    // Plain dates: with no calendar-level zone ical-generator writes them in UTC, and fast.
    stamp: session.updatedAt,
    lastModified: session.updatedAt,
    ...eventTimes(session.startsAt, session.endsAt, forum.timeZone),
    summary: summaryText(pickLocale(session.title, options.locale)),
    description: calendarText(sessionFeedDescription(session, options.locale)),
    location: sessionLocation(session),
    url: `${forumUrl(forum, options.publicUrl)}#session-${session.id}`,
    organizer: organizerOf(options.organiser),
    status: session.status === 'cancelled' ? ICalEventStatus.CANCELLED : tentative ? ICalEventStatus.TENTATIVE : ICalEventStatus.CONFIRMED,
  });
}

/** The deadlines, as events at their due instant, each with an alarm a day before. */
export function deadlinesCalendar(forum: Forum, deadlines: Deadline[], options: FeedOptions): string {
  const name = `${pickLocale(forum.title, options.locale)} — ${options.locale === 'ko' ? '마감' : options.locale === 'en' ? 'deadlines' : 'échéances'}`;
  const calendar = createCalendar({
    name,
    timeZone: forum.timeZone,
    method: 'PUBLISH',
    refreshSeconds: options.refreshSeconds,
    url: forumUrl(forum, options.publicUrl),
  });
  for (const deadline of deadlines) {
    addDeadlineEvent(calendar, deadline, options);
  }
  return calendar.toString();
}

const DEADLINE_EVENT_MS = 30 * 60_000;

/** A deadline at its due instant, with an alarm a day before. */
export function addDeadlineEvent(calendar: ICalCalendar, deadline: Deadline, options: Pick<FeedOptions, 'locale' | 'organiser'>): void {
  const title = summaryText(pickLocale(deadline.title, options.locale));
  const event = calendar.createEvent({
    id: `deadline-${deadline.id}@${UID_DOMAIN}`,
    stamp: deadline.updatedAt,
    lastModified: deadline.updatedAt,
    ...eventTimes(deadline.dueAt, new Date(deadline.dueAt.getTime() + DEADLINE_EVENT_MS), deadline.timeZone),
    summary: title,
    description: `${deadline.enforcement === 'hard' ? '⚠ ' : ''}${title}`,
    organizer: organizerOf(options.organiser),
  });
  event.createAlarm({ type: ICalAlarmType.display, trigger: 24 * 3600, description: title });
}

/**
 * A delegate's own agenda: their seats, their waitlisted sessions (tentative), the edition's
 * deadlines. `sequences` holds the SEQUENCE of the last invite each session sent them
 * (invite_state), so the feed and their mailbox speak of the same version; a session that never
 * invited them (a waitlisted one) keeps its own.
 */
export function personalCalendar(
  name: string,
  forum: Forum,
  enrolments: Enrolment[],
  deadlines: Deadline[],
  options: FeedOptions,
  sequences: ReadonlyMap<string, number> = new Map(),
  /** What other rooms add to the agenda: the delegation’s placed bilateral meetings. */
  more: (calendar: ICalCalendar) => void = () => undefined,
): string {
  const calendar = createCalendar({
    name,
    timeZone: forum.timeZone,
    method: 'PUBLISH',
    refreshSeconds: options.refreshSeconds,
    url: forumUrl(forum, options.publicUrl),
  });
  for (const enrolment of enrolments) {
    const session = enrolment.session;
    // Never below the session's own: a change not yet sent still outranks the last invite.
    const sequence = Math.max(session.sequence, sequences.get(session.id) ?? 0);
    addSessionEvent(calendar, session, forum, options, enrolment.status === 'waitlisted', sequence);
  }
  for (const deadline of deadlines) {
    addDeadlineEvent(calendar, deadline, options);
  }
  more(calendar);
  return calendar.toString();
}
