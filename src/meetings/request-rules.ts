import type { Commitment, DelegationAgenda } from './schedule.types';

/** How long a request waits for its answer before it expires, so it does not hold a slot. */
export const REQUEST_LIFETIME_MS = 7 * 24 * 3600_000;
/** The one reminder goes this long before the expiry (or halfway, for a shorter wait). */
export const REMINDER_BEFORE_EXPIRY_MS = 2 * 24 * 3600_000;

export interface RequestTimes {
  expiresAt: Date;
  remindAt: Date;
}

/**
 * When a request made now expires and when its counterpart is reminded. It expires after the set
 * lifetime, or at the opening of the edition if that comes first (a request cannot wait past the
 * start), but never sooner than a day: a request made on the eve still has a day to be answered.
 */
export function requestTimes(now: Date, editionStart: Date | null, lifetimeMs = REQUEST_LIFETIME_MS): RequestTimes {
  let expires = now.getTime() + lifetimeMs;
  if (editionStart !== null) {
    expires = Math.min(expires, Math.max(editionStart.getTime(), now.getTime() + 24 * 3600_000));
  }
  return { expiresAt: new Date(expires), remindAt: remindAtOf(now, new Date(expires)) };
}

/** When the one reminder of a request made at `createdAt` and expiring at `expiresAt` goes. */
export function remindAtOf(createdAt: Date, expiresAt: Date): Date {
  const wait = expiresAt.getTime() - createdAt.getTime();
  return new Date(expiresAt.getTime() - Math.min(REMINDER_BEFORE_EXPIRY_MS, wait / 2));
}

export interface RequestLike {
  state: 'requested' | 'accepted' | 'declined' | 'expired';
  expiresAt: Date;
  remindedAt: Date | null;
}

/** The state as readers must see it: an unanswered request past its expiry is expired, whether or not the job has run. */
export function stateAt(request: RequestLike, now: Date): RequestLike['state'] {
  return request.state === 'requested' && now.getTime() >= request.expiresAt.getTime() ? 'expired' : request.state;
}

export type AnswerRefusal = 'not_counterpart' | 'already_answered' | 'expired';

/** Why the organisation cannot answer the request now, or null when it can. */
export function answerRefusal(request: RequestLike & { counterpartId: string }, organisationId: string, now: Date): AnswerRefusal | null {
  if (request.counterpartId !== organisationId) {
    return 'not_counterpart';
  }
  const state = stateAt(request, now);
  if (state === 'expired') {
    return 'expired';
  }
  return state === 'requested' ? null : 'already_answered';
}

/** Whether the one reminder is due: still unanswered, not reminded yet, and not expired. */
export function reminderDue(request: RequestLike, remindAt: Date, now: Date): boolean {
  return (
    request.state === 'requested' &&
    request.remindedAt === null &&
    now.getTime() >= remindAt.getTime() &&
    now.getTime() < request.expiresAt.getTime()
  );
}

/** One commitment of a delegation as the database reads it: a session its delegates attend or its organisation hosts. */
export interface CommitmentRow {
  organisationId: string;
  sessionId: string;
  kind: string;
  startsAt: Date;
  endsAt: Date;
}

/**
 * The delegations' agendas for the scheduler: each session or field visit once per organisation
 * (several delegates in one visit are one commitment), field visits as visits.
 */
export function delegationAgendas(organisationIds: readonly string[], rows: readonly CommitmentRow[]): DelegationAgenda[] {
  const byOrganisation = new Map<string, Map<string, Commitment>>(organisationIds.map((id) => [id, new Map()]));
  for (const row of rows) {
    const commitments = byOrganisation.get(row.organisationId);
    if (commitments && !commitments.has(row.sessionId)) {
      commitments.set(row.sessionId, {
        kind: row.kind === 'field_visit' ? 'visit' : 'session',
        id: row.sessionId,
        start: row.startsAt,
        end: row.endsAt,
      });
    }
  }
  return [...byOrganisation].map(([organisationId, commitments]) => ({
    organisationId,
    commitments: [...commitments.values()].sort((a, b) => a.start.getTime() - b.start.getTime()),
  }));
}

/** Spans that overlap (start included, end excluded). */
export function overlaps(a: { start: Date; end: Date }, b: { start: Date; end: Date }): boolean {
  return a.start.getTime() < b.end.getTime() && b.start.getTime() < a.end.getTime();
}

/** The interpretation a meeting needs: FR↔KO when either delegation has a delegate who needs it. */
export function meetingInterpretation(needs: ReadonlySet<string>, organisationIds: readonly [string, string]): [string, string] | null {
  return needs.has(organisationIds[0]) || needs.has(organisationIds[1]) ? ['fr', 'ko'] : null;
}
