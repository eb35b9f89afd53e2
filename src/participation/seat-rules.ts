import type { Principal } from '../access/principal';
import { isActive, type RegistrationStatus } from '../common/registration-status';
import { deadlineVerdict } from '../deadlines/deadline-kinds';
import type { Enforcement } from '../deadlines/deadline.entity';

/**
 * The rules of seats and waitlists, in one place, without the database: the batch of new
 * enrolments (seat-batch.ts) and the promotions after a departure (EnrolmentsService) decide with
 * these, from rows they read under the session's lock.
 */

/** Whether a session has a seat left: no capacity means no limit. */
export function hasFreeSeat(capacity: number | null, taken: number): boolean {
  return capacity === null || taken < capacity;
}

/** Where a new enrolment goes. */
export type Admission = 'seat' | 'waitlist' | 'time_clash';

/**
 * A seat while one is free, unless the delegate already holds a seat elsewhere at that time
 * (refused: they must leave that one first); the end of the waitlist once the session is full,
 * whatever else they hold, since a clash may be gone by the time a seat frees up.
 */
export function admission(capacity: number | null, taken: number, seatedElsewhere: boolean): Admission {
  if (!hasFreeSeat(capacity, taken)) {
    return 'waitlist';
  }
  return seatedElsewhere ? 'time_clash' : 'seat';
}

/**
 * Who of the waitlist takes the free seats: the first in line, in order, skipping anyone now
 * seated elsewhere at that time (they keep their place in line).
 */
export function promotions<T extends { seatedElsewhere: boolean }>(capacity: number | null, taken: number, line: readonly T[]): T[] {
  const promoted: T[] = [];
  for (const candidate of line) {
    if (!hasFreeSeat(capacity, taken + promoted.length)) {
      break;
    }
    if (!candidate.seatedElsewhere) {
      promoted.push(candidate);
    }
  }
  return promoted;
}

/** Who asks for an enrolment, and for whom, as the batch reads them. */
export interface EnrolmentAsked {
  forumRef: string;
  registrationId: string;
  principal: Principal | undefined;
}

export interface EnrolmentContext {
  session: { forumId: string; forumSlug: string };
  delegate: { registrationId: string; forumId: string; organisationId: string; registrationStatus: RegistrationStatus };
  /** The passed deadlines that govern enrolling, soonest first. */
  passedDeadlines: readonly { enforcement: Enforcement }[];
}

/**
 * What the route checks before an enrolment, all true: the delegate's registration is the one
 * named, of this edition, taking part, of the caller's own organisation (a member's link), and no
 * hard deadline refuses it. The route's own checks (DelegatesService.enrol) say which one fails.
 */
export function mayEnrol(asked: EnrolmentAsked, { session, delegate, passedDeadlines }: EnrolmentContext): boolean {
  const principal = asked.principal;
  return (
    (asked.forumRef === session.forumId || asked.forumRef === session.forumSlug) &&
    delegate.registrationId === asked.registrationId &&
    delegate.forumId === session.forumId &&
    isActive(delegate.registrationStatus) &&
    (principal?.kind !== 'authority' || principal.organisationId === delegate.organisationId) &&
    deadlineVerdict(passedDeadlines, principal?.kind === 'organiser').refusedBy === null
  );
}
