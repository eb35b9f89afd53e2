import { HttpStatus } from '@nestjs/common';
import type { EntityManager } from '@mikro-orm/postgresql';
import { randomUUID } from 'node:crypto';
import type { Principal } from '../access/principal';
import { pickLocale, type Locale, type LocalizedText } from '../common/locale';
import { ProblemCode, ProblemException } from '../common/problem';
import type { RegistrationStatus } from '../common/registration-status';
import { sqlArray } from '../common/sql-array';
import { kindGoverning } from '../deadlines/deadline-kinds';
import type { Enforcement } from '../deadlines/deadline.entity';
import type { EnrolmentStatus } from './enrolment.entity';
import { admission, mayEnrol } from './seat-rules';

/** One enrolment asked for. The checks of the route are made here, unless `checked` says they were. */
export interface SeatRequest {
  delegateId: string;
  forumRef: string;
  registrationId: string;
  principal: Principal | undefined;
  checked?: { forumId: string; late: boolean };
}

/** A delegate's place in a session, as the response states it. */
export interface Seat {
  id: string;
  sessionId: string;
  delegateId: string;
  status: EnrolmentStatus;
  /** 1 for the next in line; null with a seat. */
  waitlistPosition: number | null;
  queuedAt: Date;
  confirmedAt: Date | null;
  /** When the delegate accepted the calendar invitation, if they did. */
  acceptedAt: Date | null;
  late: boolean;
  created: boolean;
}

export type SeatOutcome =
  | { kind: 'seat'; seat: Seat }
  | { kind: 'refused'; error: ProblemException }
  /** The batch cannot tell why this request is wrong (no such registration, a deadline…): the caller's own checks will. */
  | { kind: 'unsure' }
  | { kind: 'failed'; error: unknown };

/** The session as the lock returns it, with what the notices and invites need. */
export interface LockedSession {
  id: string;
  forumId: string;
  forumSlug: string;
  forumTitle: LocalizedText;
  timeZone: string;
  capacity: number | null;
  status: string;
  startsAt: string;
  endsAt: string;
  title: LocalizedText;
  description: LocalizedText;
  venueName: string | null;
  venueAddress: string | null;
  venueCity: string | null;
  onlineUrl: string | null;
  sequence: number;
}

/** Who was enrolled, with what the notices need. */
export interface NewSeat {
  seat: Seat;
  locale: Locale;
  email: string;
  firstName: string;
  lastName: string;
}

interface Person {
  id: string;
  locale: Locale;
  email: string;
  firstName: string;
  lastName: string;
  registrationId: string;
  forumId: string;
  organisationId: string;
  registrationStatus: RegistrationStatus;
}

interface State {
  delegateId: string;
  id: string | null;
  status: EnrolmentStatus | null;
  queuedAt: string | null;
  confirmedAt: string | null;
  acceptedAt: string | null;
  late: boolean | null;
  position: string | null;
  clashId: string | null;
  clashTitle: LocalizedText | null;
  taken: string;
  waiting: string;
  now: string;
  passedEnforcements: Enforcement[] | string;
}

/**
 * A seat the delegate in `delegateColumn` holds in another published session at the same time;
 * takes the session's id, its end and its start. The batch and the promotions both ask this.
 */
function seatElsewhere(delegateColumn: string): string {
  return `select o.id, o.title from enrolment c join session o on o.id = c.session_id
    where c.delegate_id = ${delegateColumn} and c.status = 'confirmed' and o.id <> ? and o.status = 'published' and o.starts_at < ? and o.ends_at > ?`;
}

/** Of these delegates, those holding a seat elsewhere at the time of the session. */
export async function seatedElsewhere(
  em: EntityManager,
  session: { id: string; startsAt: Date; endsAt: Date },
  delegateIds: string[],
): Promise<Set<string>> {
  if (delegateIds.length === 0) {
    return new Set();
  }
  const rows = await em.execute<{ delegateId: string }[]>(
    `select d as "delegateId" from unnest(?::uuid[]) as d where exists (${seatElsewhere('d')})`,
    [sqlArray(delegateIds), session.id, session.endsAt.toISOString(), session.startsAt.toISOString()],
  );
  return new Set(rows.map((row) => row.delegateId));
}

/** The session, overlapping this one, where the delegate already has a seat (null when none). */
export async function seatHeldElsewhere(
  em: EntityManager,
  session: { id: string; startsAt: Date; endsAt: Date },
  delegateId: string,
): Promise<{ id: string; title: LocalizedText } | null> {
  const [row] = await em.execute<{ id: string; title: LocalizedText | string }[]>(
    `select s.id, s.title from enrolment e join session s on s.id = e.session_id
      where e.delegate_id = ? and e.status = 'confirmed' and s.id <> ? and s.status <> 'cancelled' and s.starts_at < ? and s.ends_at > ?
      order by s.starts_at limit 1`,
    [delegateId, session.id, session.endsAt.toISOString(), session.startsAt.toISOString()],
  );
  return row ? { id: row.id, title: json(row.title) } : null;
}

/**
 * Takes a batch of enrolments for one session in the caller's transaction: the session row is
 * locked first, then the delegates in id order (every path locks in this order), and only then
 * are the seats counted, so the count cannot go stale and a session is never oversold. Requests
 * are served in the order given; each new row is queued one microsecond after the previous one,
 * so the waitlist keeps that order.
 */
export async function allocateSeats(
  em: EntityManager,
  sessionId: string,
  requests: SeatRequest[],
  now: Date,
): Promise<{ session: LockedSession | null; outcomes: SeatOutcome[]; created: NewSeat[] }> {
  const [row] = await em.execute<LockedSession[]>(
    `select s.id, s.forum_id as "forumId", f.slug as "forumSlug", f.title as "forumTitle", f.time_zone as "timeZone",
            s.capacity, s.status, s.starts_at as "startsAt", s.ends_at as "endsAt", s.title, s.description,
            s.venue_name as "venueName", s.venue_address as "venueAddress", s.venue_city as "venueCity", s.online_url as "onlineUrl", s.sequence
       from session s join forum f on f.id = s.forum_id
      where s.id = ? for no key update of s`,
    [sessionId],
  );
  if (!row) {
    return {
      session: null,
      outcomes: requests.map((r) =>
        r.checked ? refused(ProblemException.notFound('Session of this edition', sessionId)) : { kind: 'unsure' },
      ),
      created: [],
    };
  }
  const session: LockedSession = {
    ...row,
    title: json(row.title),
    forumTitle: json(row.forumTitle),
    description: json(row.description ?? {}),
    sequence: Number(row.sequence),
  };
  const ids = [...new Set(requests.map((r) => r.delegateId))].sort();
  const people = await em.execute<Person[]>(
    `select d.id, d.locale, c.email, c.first_name as "firstName", c.last_name as "lastName", d.registration_id as "registrationId",
            r.forum_id as "forumId", r.organisation_id as "organisationId", r.status as "registrationStatus"
       from delegate d join registration r on r.id = d.registration_id join contact c on c.id = d.contact_id
      where d.id = any(?::uuid[]) order by d.id for no key update of d`,
    [sqlArray(ids)],
  );
  // A new statement, after both locks: its snapshot sees every enrolment committed before them.
  const states = await em.execute<State[]>(
    `select d as "delegateId", e.id, e.status, e.queued_at as "queuedAt", e.confirmed_at as "confirmedAt", e.accepted_at as "acceptedAt", e.late,
            case when e.status = 'waitlisted' then 1 + (select count(*) from enrolment w where w.session_id = ? and w.status = 'waitlisted' and (w.queued_at, w.id) < (e.queued_at, e.id)) end as position,
            clash.id as "clashId", clash.title as "clashTitle", t.*
       from unnest(?::uuid[]) as d
       left join enrolment e on e.delegate_id = d and e.session_id = ?
       left join lateral (${seatElsewhere('d')} limit 1) clash on true
       cross join (
         select (select count(*) from enrolment where session_id = ? and status = 'confirmed') as taken,
                (select count(*) from enrolment where session_id = ? and status = 'waitlisted') as waiting,
                greatest(clock_timestamp(), (select max(queued_at) from enrolment where session_id = ?) + interval '1 microsecond')::text as now,
                array(select enforcement from deadline where forum_id = ? and kind = ? and due_at <= ? order by due_at) as "passedEnforcements") t`,
    [
      sessionId,
      sqlArray(ids),
      sessionId,
      sessionId,
      session.endsAt,
      session.startsAt,
      sessionId,
      sessionId,
      sessionId,
      session.forumId,
      kindGoverning('enrol'),
      now,
    ],
  );
  const person = new Map(people.map((p) => [p.id, p]));
  const state = new Map(states.map((s) => [s.delegateId, s]));
  const shared = states[0];
  const passedDeadlines = pgArray(shared.passedEnforcements).map((enforcement) => ({ enforcement }));
  let taken = Number(shared.taken);
  let waiting = Number(shared.waiting);
  const decided = new Map<string, SeatOutcome>();
  const inserts: NewSeat[] = [];
  const outcomes = requests.map((request): SeatOutcome => {
    const who = person.get(request.delegateId);
    const late = request.checked ? request.checked.late : passedDeadlines.length > 0;
    if (!who || !admits(request, who, session, passedDeadlines)) {
      return request.checked ? refused(ProblemException.notFound('Session of this edition', sessionId)) : { kind: 'unsure' };
    }
    if (session.status !== 'published') {
      return refused(
        ProblemException.conflict(
          ProblemCode.Conflict,
          `"${pickLocale(session.title, 'fr')}" is ${session.status}: it takes no enrolments.`,
        ),
      );
    }
    const earlier = decided.get(who.id);
    if (earlier) {
      // The same delegate twice in one batch: the second is an enrolment again, no change.
      return earlier.kind === 'seat' ? { kind: 'seat', seat: { ...earlier.seat, created: false } } : earlier;
    }
    const outcome = place(who, state.get(who.id) as State, late);
    decided.set(who.id, outcome);
    return outcome;
  });
  if (inserts.length > 0) {
    await em.execute(
      `insert into enrolment (id, created_at, updated_at, delegate_id, session_id, status, queued_at, confirmed_at, late)
       select x.id, q, q, x.delegate, ?, x.status, q, case when x.status = 'confirmed' then q end, x.late
         from unnest(?::uuid[], ?::uuid[], ?::text[], ?::int[], ?::boolean[]) as x(id, delegate, status, step, late),
              lateral (select ?::timestamptz + x.step * interval '1 microsecond' as q) t`,
      [
        sessionId,
        sqlArray(inserts.map((i) => i.seat.id)),
        sqlArray(inserts.map((i) => i.seat.delegateId)),
        sqlArray(inserts.map((i) => i.seat.status)),
        sqlArray(inserts.map((_, step) => step)),
        sqlArray(inserts.map((i) => i.seat.late)),
        shared.now,
      ],
    );
  }
  return { session, outcomes, created: inserts };

  function place(who: Person, mine: State, late: boolean): SeatOutcome {
    if (mine.id) {
      return {
        kind: 'seat',
        seat: {
          id: mine.id,
          sessionId,
          delegateId: who.id,
          status: mine.status as EnrolmentStatus,
          waitlistPosition: mine.position === null ? null : Number(mine.position),
          queuedAt: new Date(mine.queuedAt as string),
          confirmedAt: mine.confirmedAt ? new Date(mine.confirmedAt) : null,
          acceptedAt: mine.acceptedAt ? new Date(mine.acceptedAt) : null,
          late: mine.late === true,
          created: false,
        },
      };
    }
    const placed = admission(session.capacity, taken, mine.clashId !== null);
    if (placed === 'time_clash') {
      return refused(clash(session, sessionId, { id: mine.clashId as string, title: json(mine.clashTitle ?? {}) }));
    }
    const hasSeat = placed === 'seat';
    const queuedAt = new Date(shared.now);
    if (hasSeat) {
      taken += 1;
    } else {
      waiting += 1;
    }
    const seat: Seat = {
      id: randomUUID(),
      sessionId,
      delegateId: who.id,
      status: hasSeat ? 'confirmed' : 'waitlisted',
      waitlistPosition: hasSeat ? null : waiting,
      queuedAt,
      confirmedAt: hasSeat ? queuedAt : null,
      acceptedAt: null,
      late,
      created: true,
    };
    inserts.push({ seat, locale: who.locale, email: who.email, firstName: who.firstName, lastName: who.lastName });
    return { kind: 'seat', seat };
  }
}

/** The route's checks, all from rows already read (`mayEnrol`): anything off goes the long way. */
function admits(request: SeatRequest, who: Person, session: LockedSession, passedDeadlines: { enforcement: Enforcement }[]): boolean {
  if (request.checked) {
    return request.checked.forumId === session.forumId;
  }
  return mayEnrol(request, { session, delegate: who, passedDeadlines });
}

/** A PostgreSQL array as the driver returns it: parsed, or as its text form for an enum element type. */
function pgArray<T extends string>(value: T[] | string): T[] {
  return typeof value === 'string'
    ? (value
        .replace(/^\{|\}$/g, '')
        .split(',')
        .filter(Boolean) as T[])
    : value;
}

/** Raw queries return json columns parsed or not, depending on the column's path through the driver. */
function json<T>(value: T | string): T {
  return typeof value === 'string' ? (JSON.parse(value) as T) : value;
}

function refused(error: ProblemException): SeatOutcome {
  return { kind: 'refused', error };
}

/** TIME_CLASH naming both sessions: the one asked for and the one the delegate already has a seat in. */
export function clash(session: { title: LocalizedText }, sessionId: string, other: { id: string; title: LocalizedText }): ProblemException {
  const title = pickLocale(session.title, 'fr');
  const otherTitle = pickLocale(other.title, 'fr');
  return new ProblemException(
    HttpStatus.CONFLICT,
    ProblemCode.TimeClash,
    `"${title}" overlaps "${otherTitle}", where this delegate already has a seat.`,
    {
      sessions: [
        { id: sessionId, title },
        { id: other.id, title: otherTitle },
      ],
    },
  );
}
