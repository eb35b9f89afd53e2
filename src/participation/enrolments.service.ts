import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { LockMode } from '@mikro-orm/core';
import { EntityManager } from '@mikro-orm/postgresql';
import type { Principal } from '../access/principal';
import { type DepartureCause, InvitesService } from './invites.service';
import type { SessionFacts } from '../programme/session-invite';
import { KeyedBatcher } from '../common/batcher';
import { Clock } from '../common/clock';
import { pickLocale } from '../common/locale';
import { ProblemCode, ProblemException } from '../common/problem';
import { isUnavailable } from '../common/problem-details.filter';
import { sqlArray } from '../common/sql-array';
import { readableTime, renderInstant } from '../common/time';
import { PublicUrls } from '../config/public-urls';
import { DomainEvents } from '../events/domain-events';
import { type MessageDraft, Outbox, type WaitingMessage } from '../outbox/outbox.service';
import type { Delegate } from './registration.entity';
import { Enrolment } from './enrolment.entity';
import {
  allocateSeats,
  type LockedSession,
  type NewSeat,
  type Seat,
  type SeatOutcome,
  type SeatRequest,
  clash,
  seatedElsewhere,
  seatHeldElsewhere,
} from './seat-batch';
import { hasFreeSeat, promotions } from './seat-rules';
import { Session } from '../programme/session.entity';
import { ConfirmedSeatCounts, SeatsMayHaveFreed } from '../programme/session-events';

export type { Seat } from './seat-batch';

export interface SeatChange {
  enrolment: Enrolment;
  wasConfirmed: boolean;
  /** The delegates moved from the waitlist to a seat by this change. */
  promoted: Enrolment[];
}

/** An enrolment as the route receives it. */
export interface EnrolRequest {
  forumRef: string;
  registrationId: string;
  delegateId: string;
  sessionId: string;
  principal: Principal | undefined;
}

// Far above any real burst; it only bounds the size of one statement's arrays.
const MAX_BATCH = 500;

function settle(outcome: SeatOutcome): Seat | null {
  switch (outcome.kind) {
    case 'seat':
      return outcome.seat;
    case 'unsure':
      return null;
    case 'refused':
    case 'failed':
      throw outcome.error;
  }
}

/**
 * Seats and waitlists. Every change runs in one transaction holding a row lock on the session
 * (SELECT … FOR NO KEY UPDATE): the count of confirmed seats and the insert cannot interleave, so
 * a session is never oversold, and the waitlist keeps the order in which requests were taken.
 * Enrolments arriving together for one session share a transaction (see `seats`).
 */
@Injectable()
export class EnrolmentsService implements OnModuleInit {
  private readonly logger = new Logger(EnrolmentsService.name);

  constructor(
    private readonly em: EntityManager,
    private readonly invites: InvitesService,
    private readonly outbox: Outbox,
    private readonly clock: Clock,
    private readonly urls: PublicUrls,
    private readonly events: DomainEvents,
  ) {}

  /** The programme says when seats may have freed and asks for the seats taken; the seats are kept here. */
  onModuleInit(): void {
    this.events.on(SeatsMayHaveFreed, async ({ sessionId }) => {
      await this.fillSeats(sessionId);
    });
    this.events.on(ConfirmedSeatCounts, ({ sessionIds }) => this.confirmedCounts(sessionIds));
  }

  /**
   * Group commit per session: the enrolments that arrive together, and those that arrive while a
   * batch is in its transaction, are taken together by the next one, in arrival order. Their
   * correctness rests on the lock each batch takes, not on this queue: several API processes
   * stay safe, this one only saves transactions.
   */
  private readonly seats = new KeyedBatcher<SeatRequest, SeatOutcome>(
    (sessionId, requests) => this.takeSeats(sessionId, requests),
    MAX_BATCH,
    () => this.enqueueSoon(this.afterBurst.splice(0)),
  );

  /** The notices of committed batches whose session still has enrolments coming in. */
  private readonly afterBurst: WaitingMessage[] = [];

  /** The cancel after a departure follows the commit; a failure to write it never undoes the change. */
  private async notifyDeparture(delegateId: string, sessionId: string, cause: DepartureCause, reason: string): Promise<void> {
    try {
      await this.invites.sendDeparture(delegateId, sessionId, cause, reason);
    } catch (error) {
      this.logger.error({ err: error, delegateId, sessionId, cause }, 'Could not write the calendar cancel.');
    }
  }

  async listFor(delegate: Delegate): Promise<Enrolment[]> {
    return this.em.find(Enrolment, { delegate }, { populate: ['session'], orderBy: { session: { startsAt: 'asc' } } });
  }

  /**
   * An enrolment as asked, checked (`mayEnrol`) and taken in the session's next batch. Null when a
   * check fails (no such registration, another organisation's delegate, a hard deadline passed…):
   * the caller's own checks then name the error. Reached through DelegatesService.enrol only.
   */
  async request(request: EnrolRequest): Promise<Seat | null> {
    const { sessionId, ...rest } = request;
    return settle(await this.seats.add(sessionId, rest));
  }

  /**
   * Enrols a delegate whose registration and deadline the caller checked (again: no change),
   * confirmed while seats remain, else at the end of the waitlist. Reached through
   * DelegatesService.enrol only, after `request` could not vouch for the request.
   */
  async enrol(delegate: Delegate, sessionId: string, late: boolean): Promise<Seat> {
    const forumId = delegate.registration.forum.id;
    const seat = settle(
      await this.seats.add(sessionId, {
        delegateId: delegate.id,
        forumRef: forumId,
        registrationId: delegate.registration.id,
        principal: undefined,
        checked: { forumId, late },
      }),
    );
    if (!seat) {
      throw ProblemException.notFound('Session of this edition', sessionId);
    }
    return seat;
  }

  private async takeSeats(sessionId: string, requests: SeatRequest[]): Promise<SeatOutcome[]> {
    try {
      return await this.takeSeatsTogether(sessionId, requests);
    } catch (error) {
      // A database that is down fails them all at once (503); replaying them would only wait longer.
      if (requests.length === 1 || isUnavailable(error)) {
        return requests.map((): SeatOutcome => ({ kind: 'failed', error }));
      }
      // One request that breaks the batch must not take the others down: each alone, in order.
      this.logger.warn({ err: error, sessionId, count: requests.length }, 'A batch of enrolments failed; taking them one by one.');
      const outcomes: SeatOutcome[] = [];
      for (const request of requests) {
        outcomes.push(
          ...(await this.takeSeatsTogether(sessionId, [request]).catch((failure: unknown): SeatOutcome[] => [
            { kind: 'failed', error: failure },
          ])),
        );
      }
      return outcomes;
    }
  }

  /** One transaction: the seats, then their notices in the outbox, committed together. */
  private async takeSeatsTogether(sessionId: string, requests: SeatRequest[]): Promise<SeatOutcome[]> {
    const { outcomes, messages } = await this.em.fork().transactional(async (em) => {
      const { session, outcomes, created } = await allocateSeats(em, sessionId, requests, this.clock.now());
      return { outcomes, messages: session ? await this.composeNotices(em, session, created) : [] };
    });
    // Their mail jobs wait until the session's burst is answered (see `seats`).
    this.afterBurst.push(...messages);
    return outcomes;
  }

  /**
   * After commit, off the response path: the mail jobs are added once the answers are written
   * (200 enrolments at once are answered before their 200 jobs are added, not after), and the
   * reconciler re-adds any lost (a process stopped in between).
   */
  private enqueueSoon(messages: WaitingMessage[]): void {
    if (messages.length > 0) {
      setImmediate(() => {
        this.outbox
          .queueAfterCommit(messages)
          .catch((error: unknown) =>
            this.logger.warn({ err: error, count: messages.length }, 'Could not enqueue enrolment notices now; the reconciler will.'),
          );
      });
    }
  }

  /** A calendar invite for each new seat, a notice with the place in line for each new wait. */
  private async composeNotices(em: EntityManager, session: LockedSession, created: NewSeat[]): Promise<WaitingMessage[]> {
    if (created.length === 0) {
      return [];
    }
    const start = renderInstant(new Date(session.startsAt), session.timeZone);
    const url = this.urls.forum(session.forumSlug);
    const drafts: MessageDraft[] = created
      .filter((c) => c.seat.status === 'waitlisted')
      .map((c) => ({
        kind: 'enrolment_waitlisted',
        recipient: c.email,
        locale: c.locale,
        template: 'enrolment-waitlisted',
        dedupeKey: `waitlisted-${c.seat.id}`,
        scheduledFor: this.clock.now(),
        forumId: session.forumId,
        data: {
          name: c.firstName,
          title: pickLocale(session.title, c.locale),
          forum: pickLocale(session.forumTitle, c.locale),
          position: c.seat.waitlistPosition ?? 0,
          whenParis: readableTime(start.paris),
          whenSeoul: readableTime(start.seoul),
          url,
        },
      }));
    const seated = created.filter((c) => c.seat.status === 'confirmed');
    if (seated.length > 0) {
      const enrolmentOf = new Map(seated.map((c) => [c.seat.delegateId, c.seat.id]));
      const facts: SessionFacts = {
        ...session,
        startsAt: new Date(session.startsAt),
        endsAt: new Date(session.endsAt),
        forum: { id: session.forumId, slug: session.forumSlug, title: session.forumTitle, timeZone: session.timeZone },
      };
      const attendees = seated.map((c) => ({
        id: c.seat.delegateId,
        locale: c.locale,
        email: c.email,
        firstName: c.firstName,
        lastName: c.lastName,
      }));
      drafts.push(
        ...(await this.invites.requestDrafts(em, facts, attendees, (a) => `invite-${session.id}-${a.id}-enrol-${enrolmentOf.get(a.id)}`)),
      );
    }
    return this.outbox.write(em, drafts);
  }

  /**
   * Leaves a session; a freed seat goes to the first on the waitlist who can take it. `cause`
   * says why in the cancel the delegate gets (they declined the invitation, say).
   */
  async leave(delegate: Delegate, sessionId: string, cause: DepartureCause = 'left'): Promise<SeatChange> {
    const { change, messages } = await this.em.transactional(async (em) => {
      // The session first, then the delegate: the order every seat change locks in.
      const session = await em.findOne(
        Session,
        { id: sessionId, forum: delegate.registration.forum },
        { lockMode: LockMode.PESSIMISTIC_WRITE },
      );
      await em.execute('select id from delegate where id = ? for no key update', [delegate.id]);
      const enrolment = session ? await em.findOne(Enrolment, { delegate, session }) : null;
      if (!session || !enrolment) {
        throw ProblemException.notFound('Enrolment in session', sessionId);
      }
      const wasConfirmed = enrolment.status === 'confirmed';
      em.remove(enrolment);
      await em.flush();
      const { promoted, messages } = await this.promote(em, session);
      return { change: { enrolment, wasConfirmed, promoted }, messages };
    });
    this.enqueueSoon(messages);
    if (change.wasConfirmed) {
      await this.notifyDeparture(delegate.id, sessionId, cause, `leave-${change.enrolment.id}`);
    }
    return change;
  }

  /** Gives free seats (after a raised capacity or departures) to the waitlist, in order. */
  async fillSeats(sessionId: string): Promise<Enrolment[]> {
    const { promoted, messages } = await this.em.transactional(async (em) => {
      const session = await em.findOne(Session, { id: sessionId }, { lockMode: LockMode.PESSIMISTIC_WRITE });
      return session ? this.promote(em, session) : { promoted: [], messages: [] };
    });
    this.enqueueSoon(messages);
    return promoted;
  }

  /** Removes all enrolments of these delegates (a cancelled or excused registration) and refills the seats. */
  async releaseAll(delegateIds: string[]): Promise<void> {
    if (delegateIds.length === 0) {
      return;
    }
    const released = await this.em.fork().find(Enrolment, { delegate: { $in: delegateIds } });
    await this.em.fork().nativeDelete(Enrolment, { delegate: { $in: delegateIds } });
    for (const enrolment of released.filter((e) => e.status === 'confirmed')) {
      await this.notifyDeparture(enrolment.delegate.id, enrolment.session.id, 'withdrawn', `leave-${enrolment.id}`);
    }
    for (const sessionId of new Set(released.map((e) => e.session.id))) {
      await this.fillSeats(sessionId);
    }
  }

  /** 1 for the next in line; null when the enrolment has a seat. Compared in SQL: queue times differ by microseconds. */
  async waitlistPosition(enrolment: Enrolment): Promise<number | null> {
    if (enrolment.status !== 'waitlisted') {
      return null;
    }
    const [{ ahead }] = await this.em.getConnection().execute<{ ahead: string }[]>(
      `select count(*) as ahead from enrolment w join enrolment me on me.id = ?
        where w.session_id = me.session_id and w.status = 'waitlisted' and (w.queued_at, w.id) < (me.queued_at, me.id)`,
      [enrolment.id],
    );
    return Number(ahead) + 1;
  }

  /** Confirmed seats per session, in one query. */
  async confirmedCounts(sessionIds: string[]): Promise<Map<string, number>> {
    if (sessionIds.length === 0) {
      return new Map();
    }
    const rows = await this.em
      .getConnection()
      .execute<{ session_id: string; confirmed: string }[]>(
        `select session_id, count(*) as confirmed from enrolment where status = 'confirmed' and session_id in (${sessionIds.map(() => '?').join(', ')}) group by session_id`,
        sessionIds,
      );
    return new Map(rows.map((r) => [r.session_id, Number(r.confirmed)]));
  }

  /** A session's seated delegates and its waitlist in order, with who they are and for whom. */
  async roster(forumId: string, sessionId: string): Promise<{ session: Session; seated: Enrolment[]; waiting: Enrolment[] }> {
    const session = await this.em.findOne(Session, { id: sessionId, forum: forumId });
    if (!session) {
      throw ProblemException.notFound('Session of this edition', sessionId);
    }
    const enrolments = await this.em.find(
      Enrolment,
      { session },
      { populate: ['delegate.contact', 'delegate.registration.organisation'], orderBy: { queuedAt: 'asc', id: 'asc' } },
    );
    return {
      session,
      seated: enrolments.filter((e) => e.status === 'confirmed'),
      waiting: enrolments.filter((e) => e.status === 'waitlisted'),
    };
  }

  /**
   * An organiser moves a waiting delegate to a place in line (1 is next); the others keep their
   * order. The line is the order of `queued_at`: its times are dealt out again in the new order,
   * each nudged a microsecond past the one before, under the session's lock.
   */
  async moveInLine(forumId: string, sessionId: string, enrolmentId: string, position: number): Promise<number> {
    return this.em.fork().transactional(async (em) => {
      const { line } = await this.lockLine(em, forumId, sessionId, enrolmentId);
      const target = Math.min(Math.max(1, position), line.length);
      const order = line.filter((id) => id !== enrolmentId);
      order.splice(target - 1, 0, enrolmentId);
      await this.dealLine(em, sessionId, order);
      return target;
    });
  }

  /**
   * An organiser promotes a waiting delegate: a seat now if one is free (never one more than the
   * capacity), with the invite written through the outbox as for any freed seat; otherwise first
   * in line, to take the next seat freed. A delegate seated elsewhere at that time is refused.
   */
  async promoteInLine(
    forumId: string,
    sessionId: string,
    enrolmentId: string,
  ): Promise<{ status: 'confirmed' | 'waitlisted'; waitlistPosition: number | null }> {
    const { outcome, messages } = await this.em.fork().transactional(async (em) => {
      const { session, line, enrolment } = await this.lockLine(em, forumId, sessionId, enrolmentId);
      await em.execute('select id from delegate where id = ? for no key update', [enrolment.delegate.id]);
      const confirmed = await em.count(Enrolment, { session, status: 'confirmed' });
      const free = session.status === 'published' && hasFreeSeat(session.capacity, confirmed);
      if (!free) {
        await this.dealLine(em, sessionId, [enrolmentId, ...line.filter((id) => id !== enrolmentId)]);
        return { outcome: { status: 'waitlisted' as const, waitlistPosition: 1 }, messages: [] };
      }
      const other = await seatHeldElsewhere(em, session, enrolment.delegate.id);
      if (other) {
        throw clash(session, session.id, other);
      }
      const [{ now }] = await em.execute<{ now: string }[]>('select clock_timestamp() as now');
      enrolment.status = 'confirmed';
      enrolment.confirmedAt = new Date(now);
      await em.flush();
      await em.populate(session, ['forum']);
      const { delegate } = enrolment;
      const attendee = {
        id: delegate.id,
        locale: delegate.locale,
        email: delegate.contact.email,
        firstName: delegate.contact.firstName,
        lastName: delegate.contact.lastName,
      };
      const drafts = await this.invites.requestDrafts(em, session, [attendee], (a) => `invite-${session.id}-${a.id}-enrol-${enrolment.id}`);
      return { outcome: { status: 'confirmed' as const, waitlistPosition: null }, messages: await this.outbox.write(em, drafts) };
    });
    this.enqueueSoon(messages);
    return outcome;
  }

  /** An organiser takes a delegate off a session, seated or waiting; a freed seat goes to the next in line. */
  async removeEnrolment(forumId: string, sessionId: string, enrolmentId: string): Promise<SeatChange> {
    const enrolment = await this.em.findOne(
      Enrolment,
      { id: enrolmentId, session: { id: sessionId, forum: forumId } },
      { populate: ['delegate.registration.forum'] },
    );
    if (!enrolment) {
      throw ProblemException.notFound('Enrolment in session', enrolmentId);
    }
    return this.leave(enrolment.delegate, sessionId, 'withdrawn');
  }

  /** The session locked, its line in order, and the waiting enrolment asked for. */
  private async lockLine(
    em: EntityManager,
    forumId: string,
    sessionId: string,
    enrolmentId: string,
  ): Promise<{ session: Session; line: string[]; enrolment: Enrolment }> {
    const session = await em.findOne(Session, { id: sessionId, forum: forumId }, { lockMode: LockMode.PESSIMISTIC_WRITE });
    const enrolment = session ? await em.findOne(Enrolment, { id: enrolmentId, session }, { populate: ['delegate.contact'] }) : null;
    if (!session || !enrolment) {
      throw ProblemException.notFound('Enrolment in session', enrolmentId);
    }
    if (enrolment.status !== 'waitlisted') {
      throw ProblemException.conflict(ProblemCode.Conflict, 'This delegate already has a seat: only a place in line is moved or promoted.');
    }
    const rows = await em.execute<{ id: string }[]>(
      `select id from enrolment where session_id = ? and status = 'waitlisted' order by queued_at, id`,
      [sessionId],
    );
    return { session, line: rows.map((row) => row.id), enrolment };
  }

  /** Gives the line's queue times, in their order, to the enrolments in the order wanted. */
  private async dealLine(em: EntityManager, sessionId: string, order: string[]): Promise<void> {
    await em.execute(
      `with slots as (select queued_at, row_number() over (order by queued_at, id) as n from enrolment where session_id = ? and status = 'waitlisted'),
            wanted as (select id, n from unnest(?::uuid[]) with ordinality as w(id, n))
       update enrolment e set queued_at = s.queued_at + (w.n - 1) * interval '1 microsecond', updated_at = now()
         from wanted w join slots s on s.n = w.n
        where e.id = w.id`,
      [sessionId, sqlArray(order)],
    );
  }

  /** Seats for the first in line who can take them, with their invites written in the same transaction. */
  private async promote(em: EntityManager, session: Session): Promise<{ promoted: Enrolment[]; messages: WaitingMessage[] }> {
    const promoted: Enrolment[] = [];
    if (session.status !== 'published') {
      return { promoted, messages: [] };
    }
    const confirmed = await em.count(Enrolment, { session, status: 'confirmed' });
    if (!hasFreeSeat(session.capacity, confirmed)) {
      return { promoted, messages: [] };
    }
    const waiting = await em.find(
      Enrolment,
      { session, status: 'waitlisted' },
      { populate: ['delegate.contact'], orderBy: { queuedAt: 'asc', id: 'asc' } },
    );
    const elsewhere = await seatedElsewhere(
      em,
      session,
      waiting.map((e) => e.delegate.id),
    );
    const line = waiting.map((enrolment) => ({ enrolment, seatedElsewhere: elsewhere.has(enrolment.delegate.id) }));
    const [{ now }] = await em.execute<{ now: string }[]>('select clock_timestamp() as now');
    for (const { enrolment } of promotions(session.capacity, confirmed, line)) {
      enrolment.status = 'confirmed';
      enrolment.confirmedAt = new Date(now);
      promoted.push(enrolment);
    }
    await em.flush();
    if (promoted.length === 0) {
      return { promoted, messages: [] };
    }
    await em.populate(session, ['forum']);
    const enrolmentOf = new Map(promoted.map((e) => [e.delegate.id, e.id]));
    const attendees = promoted.map(({ delegate }) => ({
      id: delegate.id,
      locale: delegate.locale,
      email: delegate.contact.email,
      firstName: delegate.contact.firstName,
      lastName: delegate.contact.lastName,
    }));
    const drafts = await this.invites.requestDrafts(
      em,
      session,
      attendees,
      (a) => `invite-${session.id}-${a.id}-enrol-${enrolmentOf.get(a.id)}`,
    );
    return { promoted, messages: await this.outbox.write(em, drafts) };
  }
}
