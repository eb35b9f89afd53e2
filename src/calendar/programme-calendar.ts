import { ICalAlarmType, type ICalCalendar, ICalEventStatus } from 'ical-generator';
import { DateTime } from 'luxon';
import { pickLocale, type Locale } from '../common/locale';
import type { Deadline } from '../deadlines/deadline.entity';
import type { Forum } from '../forums/forum.entity';
import type { Enrolment } from '../programme/enrolment.entity';
import type { Session } from '../programme/session.entity';
import { createCalendar, UID_DOMAIN } from './ical';
import { addEditionEvent, editionCalendar, forumUrl } from './forum-calendar';
import { sessionDescription, sessionLocation, sessionUid } from './session-invite';

const HOST_ROLE_LABELS: Record<Locale, Record<string, string>> = {
  fr: { host: 'accueil', co_host: 'co-organisation', speaker: 'intervention', moderator: 'modération', hosts: 'Avec', interpretation: 'Interprétation' },
  ko: { host: '주최', co_host: '공동 주최', speaker: '발표', moderator: '사회', hosts: '참여 기관', interpretation: '통역' },
  en: { host: 'host', co_host: 'co-host', speaker: 'speaker', moderator: 'moderator', hosts: 'With', interpretation: 'Interpretation' },
};


export interface FeedOptions {
  locale: Locale;
  publicUrl: string;
  refreshSeconds: number;
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

/** One session as an event; a waitlisted seat shows as tentative. */
export function addSessionEvent(calendar: ICalCalendar, session: Session, forum: Forum, options: FeedOptions, tentative = false): void {
  const labels = HOST_ROLE_LABELS[options.locale];
  const url = forumUrl(forum, options.publicUrl);
  const hosts = session.hosts.getItems().map((h) => `${pickLocale({ fr: h.organisation.name, ko: h.organisation.nameKo ?? undefined }, options.locale)} (${labels[h.role]})`);
  const extra = [
    hosts.length ? `${labels.hosts}: ${hosts.join(', ')}` : '',
    session.interpretation !== 'none' ? `${labels.interpretation}: ${session.interpretation} (${session.interpretationLanguages.join('↔')})` : '',
  ].filter(Boolean);
  calendar.createEvent({
    id: sessionUid(session.id),
    sequence: session.sequence,
    // The last change, not the request time: the bytes stay the same until the session changes.
    // Plain dates: with no calendar-level zone ical-generator writes them in UTC, and fast.
    stamp: session.updatedAt,
    lastModified: session.updatedAt,
    start: DateTime.fromJSDate(session.startsAt, { zone: forum.timeZone }),
    end: DateTime.fromJSDate(session.endsAt, { zone: forum.timeZone }),
    timezone: forum.timeZone,
    summary: pickLocale(session.title, options.locale),
    description: [sessionDescription(session, options.locale), ...extra].join('\n'),
    location: sessionLocation(session),
    url: `${url}#session-${session.id}`,
    status: session.status === 'cancelled' ? ICalEventStatus.CANCELLED : tentative ? ICalEventStatus.TENTATIVE : ICalEventStatus.CONFIRMED,
  });
}

/** The deadlines, as events at their due instant, each with an alarm a day before. */
export function deadlinesCalendar(forum: Forum, deadlines: Deadline[], options: FeedOptions): string {
  const name = `${pickLocale(forum.title, options.locale)} — ${options.locale === 'ko' ? '마감' : options.locale === 'en' ? 'deadlines' : 'échéances'}`;
  const calendar = createCalendar({ name, timeZone: forum.timeZone, method: 'PUBLISH', refreshSeconds: options.refreshSeconds, url: forumUrl(forum, options.publicUrl) });
  for (const deadline of deadlines) {
    addDeadlineEvent(calendar, deadline, options.locale);
  }
  return calendar.toString();
}

/** A deadline at its due instant, with an alarm a day before. */
export function addDeadlineEvent(calendar: ICalCalendar, deadline: Deadline, locale: Locale): void {
  const due = DateTime.fromJSDate(deadline.dueAt, { zone: deadline.timeZone });
  const event = calendar.createEvent({
    id: `deadline-${deadline.id}@${UID_DOMAIN}`,
    stamp: deadline.updatedAt,
    lastModified: deadline.updatedAt,
    start: due,
    end: due.plus({ minutes: 30 }),
    timezone: deadline.timeZone,
    summary: pickLocale(deadline.title, locale),
    description: `${deadline.enforcement === 'hard' ? '⚠ ' : ''}${pickLocale(deadline.title, locale)}`,
  });
  event.createAlarm({ type: ICalAlarmType.display, trigger: 24 * 3600, description: pickLocale(deadline.title, locale) });
  }

/** A delegate's own agenda: their seats, their waitlisted sessions (tentative), the edition's deadlines. */
export function personalCalendar(name: string, forum: Forum, enrolments: Enrolment[], deadlines: Deadline[], options: FeedOptions): string {
  const calendar = createCalendar({ name, timeZone: forum.timeZone, method: 'PUBLISH', refreshSeconds: options.refreshSeconds, url: forumUrl(forum, options.publicUrl) });
  for (const enrolment of enrolments) {
    addSessionEvent(calendar, enrolment.session, forum, options, enrolment.status === 'waitlisted');
  }
  for (const deadline of deadlines) {
    addDeadlineEvent(calendar, deadline, options.locale);
  }
  return calendar.toString();
}
