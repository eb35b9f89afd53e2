import { pickLocale, type Locale, type LocalizedText } from '../common/locale';
import { renderInstant, wallClock } from '../common/time';

/** Fields as the change history stores them: before and after, instants as ISO-8601 text. */
export type FieldChanges = Record<string, { before: unknown; after: unknown }>;

/** What of a session its attendees see in their calendar and in an update email. */
export interface VisibleFacts {
  title: LocalizedText;
  startsAt: Date;
  endsAt: Date;
  venueName: string | null;
  venueAddress: string | null;
  venueCity: string | null;
  onlineUrl: string | null;
  meetingPoint: string | null;
  forum: { timeZone: string };
}

/** One line of an update email: what it was, what it is. */
export interface BeforeAfter {
  before: string;
  after: string;
}

/** What an update email says, in the reader's language; a null line did not change for them. */
export interface ChangeWording {
  title: BeforeAfter | null;
  time: { beforeParis: string; beforeSeoul: string; afterParis: string; afterSeoul: string } | null;
  place: BeforeAfter | null;
  meetingPoint: BeforeAfter | null;
}

const TEXT_FIELDS = ['venueName', 'venueAddress', 'venueCity', 'onlineUrl', 'meetingPoint'] as const;
const NOTHING = '—';

/** Several changes in a row as one: each field from its first "before" to its last "after". */
export function netChanges(history: readonly { changes: FieldChanges }[]): FieldChanges {
  const net: FieldChanges = {};
  for (const { changes } of history) {
    for (const [field, change] of Object.entries(changes)) {
      net[field] = { before: field in net ? net[field].before : change.before, after: change.after };
    }
  }
  return net;
}

/**
 * The session as it was before `changes`, told beside the session as it is now. Null when nothing
 * the reader sees differs (a change in another language's title, a move undone): no email then.
 */
export function changeWording(current: VisibleFacts, changes: FieldChanges, locale: Locale): ChangeWording | null {
  const before = factsBefore(current, changes);
  const title = compared(pickLocale(before.title, locale), pickLocale(current.title, locale));
  const [was, now] = [timeSpan(before), timeSpan(current)];
  const time =
    was.paris === now.paris && was.seoul === now.seoul
      ? null
      : { beforeParis: was.paris, beforeSeoul: was.seoul, afterParis: now.paris, afterSeoul: now.seoul };
  const place = compared(placeText(before), placeText(current));
  const meetingPoint = compared(before.meetingPoint ?? NOTHING, current.meetingPoint ?? NOTHING);
  return title || time || place || meetingPoint ? { title, time, place, meetingPoint } : null;
}

/** Where a session takes place, in one line: venue, address and city, then the online link. */
export function placeText(facts: Pick<VisibleFacts, 'venueName' | 'venueAddress' | 'venueCity' | 'onlineUrl'>): string {
  const venue = [facts.venueName, facts.venueAddress, facts.venueCity].filter(Boolean).join(', ');
  return [venue, facts.onlineUrl].filter(Boolean).join(' · ') || NOTHING;
}

/** "2024-11-01 06:00–09:00", in Paris and in Seoul; both ends in full when the day changes. */
function timeSpan(facts: Pick<VisibleFacts, 'startsAt' | 'endsAt' | 'forum'>): { paris: string; seoul: string } {
  const start = renderInstant(facts.startsAt, facts.forum.timeZone);
  const end = renderInstant(facts.endsAt, facts.forum.timeZone);
  const span = (from: string, to: string) => {
    const [a, b] = [wallClock(from), wallClock(to)];
    return a.slice(0, 10) === b.slice(0, 10) ? `${a}–${b.slice(11)}` : `${a} – ${b}`;
  };
  return { paris: span(start.paris.local, end.paris.local), seoul: span(start.seoul.local, end.seoul.local) };
}

function compared(before: string, after: string): BeforeAfter | null {
  return before === after ? null : { before, after };
}

function factsBefore(current: VisibleFacts, changes: FieldChanges): VisibleFacts {
  const before: VisibleFacts = { ...current };
  const was = (field: string): unknown => changes[field]?.before;
  if ('title' in changes && was('title') && typeof was('title') === 'object') {
    before.title = was('title') as LocalizedText;
  }
  for (const field of ['startsAt', 'endsAt'] as const) {
    if (field in changes && typeof was(field) === 'string') {
      before[field] = new Date(was(field) as string);
    }
  }
  for (const field of TEXT_FIELDS) {
    if (field in changes) {
      const value = was(field);
      before[field] = typeof value === 'string' ? value : null;
    }
  }
  return before;
}
