import { DomainEvent } from '../events/domain-events';

/** A session was given more seats, or newly published: its waiting list may move up (participation listens). */
export const SeatsMayHaveFreed = new DomainEvent<{ sessionId: string }>('session.seats-may-have-freed');

/** A published session changed what calendars show, or was cancelled: its attendees' invites follow (participation listens). */
export const SessionCalendarChanged = new DomainEvent<{ sessionId: string; sequence: number }>('session.calendar-changed');

/** The confirmed seats of some sessions, by session id, for the session views (participation answers). */
export const ConfirmedSeatCounts = new DomainEvent<{ sessionIds: string[] }, Map<string, number>>('session.confirmed-seat-counts');
