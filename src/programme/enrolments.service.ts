import { HttpStatus, Injectable, Logger } from '@nestjs/common';
import { LockMode } from '@mikro-orm/core';
import { EntityManager } from '@mikro-orm/postgresql';
import { randomUUID } from 'node:crypto';
import { InvitesService } from '../calendar/invites.service';
import { Clock } from '../common/clock';
import { renderInstant, wallClock } from '../common/time';
import { AppConfig } from '../config/app-config';
import { NotificationsService } from '../notifications/notifications.service';
import { Contact } from '../organisations/contact.entity';
import { pickLocale, type LocalizedText } from '../common/locale';
import { ProblemCode, ProblemException } from '../common/problem';
import type { Delegate } from '../registrations/registration.entity';
import { Enrolment } from './enrolment.entity';
import { Session } from './session.entity';

export interface SeatChange {
  enrolment: Enrolment;
  wasConfirmed: boolean;
  /** The delegates moved from the waitlist to a seat by this change. */
  promoted: Enrolment[];
}

const titleOf = (session: Session) => pickLocale(session.title, 'fr');

interface LockedSession {
  id: string;
  capacity: number | null;
  status: string;
  startsAt: string;
  endsAt: string;
  title: LocalizedText | string;
}

interface SeatState {
  existingId: string | null;
  taken: number | string;
  clashId: string | null;
  now: string;
}

function json<T>(value: T | string): T {
  return typeof value === 'string' ? (JSON.parse(value) as T) : value;
}

/**
 * Seats and waitlists. Every change runs in one transaction holding a row lock on the session
 * (SELECT … FOR UPDATE): the count of confirmed seats and the insert cannot interleave, so a
 * session is never oversold, and the waitlist keeps the order in which requests got the lock.
 */
@Injectable()
export class EnrolmentsService {
  private readonly logger = new Logger(EnrolmentsService.name);

  constructor(
    private readonly em: EntityManager,
    private readonly invites: InvitesService,
    private readonly notifications: NotificationsService,
    private readonly clock: Clock,
    private readonly config: AppConfig,
  ) {}

  /** Tells a delegate they wait, and where in line. */
  private async announceWaitlisted(delegate: Delegate, enrolment: Enrolment): Promise<void> {
    try {
      const em = this.em.fork();
      const session = await em.findOneOrFail(Session, { id: enrolment.session.id }, { populate: ['forum'] });
      const contact = await em.findOneOrFail(Contact, { id: delegate.contact.id });
      const start = renderInstant(session.startsAt, session.forum.timeZone);
      const messages = await this.notifications.composeAll([
        {
          kind: 'enrolment_waitlisted',
          recipient: contact.email,
          locale: delegate.locale,
          template: 'enrolment-waitlisted',
          dedupeKey: `waitlisted-${enrolment.id}`,
          scheduledFor: this.clock.now(),
          forum: session.forum,
          data: {
            name: contact.firstName,
            title: pickLocale(session.title, delegate.locale),
            forum: pickLocale(session.forum.title, delegate.locale),
            position: (await this.waitlistPosition(enrolment)) ?? 0,
            whenParis: wallClock(start.paris.local),
            whenSeoul: wallClock(start.seoul.local),
            url: `${this.config.get('publicUrl')}/forums/${session.forum.slug}`,
          },
        },
      ]);
      await this.notifications.enqueue(messages);
    } catch (error) {
      this.logger.error({ err: error, enrolmentId: enrolment.id }, 'Could not write the waitlist notice.');
    }
  }

  /** Calendar invites follow seats; a failure to write them never undoes the seat. */
  private async notify(delegateId: string, sessionId: string, method: 'REQUEST' | 'CANCEL', reason: string): Promise<void> {
    try {
      await this.invites.send(delegateId, sessionId, method, reason);
    } catch (error) {
      this.logger.error({ err: error, delegateId, sessionId, method }, 'Could not write the calendar invite.');
    }
  }

  private async notifyPromoted(promoted: Enrolment[]): Promise<void> {
    for (const enrolment of promoted) {
      await this.notify(enrolment.delegate.id, enrolment.session.id, 'REQUEST', `enrol-${enrolment.id}`);
    }
  }

  async listFor(delegate: Delegate): Promise<Enrolment[]> {
    return this.em.find(Enrolment, { delegate }, { populate: ['session'], orderBy: { session: { startsAt: 'asc' } } });
  }

  /**
   * Enrols a delegate (again: no change), confirmed while seats remain, else at the end of the
   * waitlist. The locked section is three short statements, so the lock is held briefly.
   */
  async enrol(delegate: Delegate, sessionId: string, late: boolean): Promise<Enrolment> {
    const forumId = delegate.registration.forum.id;
    const id = randomUUID();
    const outcome = await this.em.transactional(async (em) => {
      // The delegate and the session together, in one statement: every path locks in this order.
      const [session] = await em.execute<LockedSession[]>(
        `select s.id, s.capacity, s.status, s.starts_at as "startsAt", s.ends_at as "endsAt", s.title
           from session s join delegate d on d.id = ?
          where s.id = ? and s.forum_id = ?
          for update of s, d`,
        [delegate.id, sessionId, forumId],
      );
      if (!session) {
        throw ProblemException.notFound('Session of this edition', sessionId);
      }
      if (session.status !== 'published') {
        throw ProblemException.conflict(ProblemCode.Conflict, `"${pickLocale(json(session.title), 'fr')}" is ${session.status}: it takes no enrolments.`);
      }
      // Read under the lock: this statement's snapshot sees every enrolment committed before it.
      const [state] = await em.execute<SeatState[]>(
        `select (select id from enrolment where delegate_id = ? and session_id = ?) as "existingId",
                (select count(*) from enrolment where session_id = ? and status = 'confirmed') as taken,
                (select o.id from enrolment e join session o on o.id = e.session_id
                  where e.delegate_id = ? and e.status = 'confirmed' and o.id <> ? and o.status = 'published'
                    and o.starts_at < ? and o.ends_at > ? limit 1) as "clashId",
                clock_timestamp() as now`,
        [delegate.id, sessionId, sessionId, delegate.id, sessionId, session.endsAt, session.startsAt],
      );
      if (state.existingId) {
        return { id: state.existingId, clashId: null, session, created: false };
      }
      const hasSeat = session.capacity === null || Number(state.taken) < session.capacity;
      if (hasSeat && state.clashId) {
        return { id: null, clashId: state.clashId, session, created: false };
      }
      await em.execute(
        `insert into enrolment (id, created_at, updated_at, delegate_id, session_id, status, queued_at, confirmed_at, late)
         values (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        [id, state.now, state.now, delegate.id, sessionId, hasSeat ? 'confirmed' : 'waitlisted', state.now, hasSeat ? state.now : null, late],
      );
      return { id, clashId: null, session, created: true };
    });
    if (outcome.clashId) {
      const clash = await this.em.findOneOrFail(Session, { id: outcome.clashId });
      const title = pickLocale(json(outcome.session.title), 'fr');
      throw new ProblemException(HttpStatus.CONFLICT, ProblemCode.TimeClash, `"${title}" overlaps "${titleOf(clash)}", where this delegate already has a seat.`, {
        sessions: [
          { id: sessionId, title },
          { id: clash.id, title: titleOf(clash) },
        ],
      });
    }
    const enrolment = await this.em.findOneOrFail(Enrolment, { id: outcome.id as string }, { populate: ['session'], refresh: true });
    if (outcome.created && enrolment.status === 'confirmed') {
      await this.notify(delegate.id, sessionId, 'REQUEST', `enrol-${enrolment.id}`);
    }
    if (outcome.created && enrolment.status === 'waitlisted') {
      await this.announceWaitlisted(delegate, enrolment);
    }
    return enrolment;
  }

  /** Leaves a session; a freed seat goes to the first on the waitlist who can take it. */
  async leave(delegate: Delegate, sessionId: string): Promise<SeatChange> {
    const change = await this.em.transactional(async (em) => {
      await em.execute('select id from delegate where id = ? for update', [delegate.id]);
      const session = await em.findOne(Session, { id: sessionId, forum: delegate.registration.forum }, { lockMode: LockMode.PESSIMISTIC_WRITE });
      const enrolment = session ? await em.findOne(Enrolment, { delegate, session }) : null;
      if (!session || !enrolment) {
        throw ProblemException.notFound('Enrolment in session', sessionId);
      }
      const wasConfirmed = enrolment.status === 'confirmed';
      em.remove(enrolment);
      await em.flush();
      return { enrolment, wasConfirmed, promoted: await this.promote(em, session) };
    });
    if (change.wasConfirmed) {
      await this.notify(delegate.id, sessionId, 'CANCEL', `leave-${change.enrolment.id}`);
    }
    await this.notifyPromoted(change.promoted);
    return change;
  }

  /** Gives free seats (after a raised capacity or departures) to the waitlist, in order. */
  async fillSeats(sessionId: string): Promise<Enrolment[]> {
    const promoted = await this.em.transactional(async (em) => {
      const session = await em.findOne(Session, { id: sessionId }, { lockMode: LockMode.PESSIMISTIC_WRITE });
      return session ? this.promote(em, session) : [];
    });
    await this.notifyPromoted(promoted);
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
      await this.notify(enrolment.delegate.id, enrolment.session.id, 'CANCEL', `leave-${enrolment.id}`);
    }
    for (const sessionId of new Set(released.map((e) => e.session.id))) {
      await this.fillSeats(sessionId);
    }
  }

  /** 1 for the next in line; null when the enrolment has a seat. */
  async waitlistPosition(enrolment: Enrolment): Promise<number | null> {
    if (enrolment.status !== 'waitlisted') {
      return null;
    }
    const ahead = await this.em.count(Enrolment, {
      session: enrolment.session,
      status: 'waitlisted',
      $or: [{ queuedAt: { $lt: enrolment.queuedAt } }, { queuedAt: enrolment.queuedAt, id: { $lt: enrolment.id } }],
    });
    return ahead + 1;
  }

  /** Confirmed seats per session, in one query. */
  async confirmedCounts(sessionIds: string[]): Promise<Map<string, number>> {
    if (sessionIds.length === 0) {
      return new Map();
    }
    const rows = await this.em.getConnection().execute<{ session_id: string; confirmed: string }[]>(
      `select session_id, count(*) as confirmed from enrolment where status = 'confirmed' and session_id in (${sessionIds.map(() => '?').join(', ')}) group by session_id`,
      sessionIds,
    );
    return new Map(rows.map((r) => [r.session_id, Number(r.confirmed)]));
  }

  private async promote(em: EntityManager, session: Session): Promise<Enrolment[]> {
    if (session.status !== 'published') {
      return [];
    }
    const confirmed = await em.count(Enrolment, { session, status: 'confirmed' });
    let free = session.capacity === null ? Number.POSITIVE_INFINITY : session.capacity - confirmed;
    const promoted: Enrolment[] = [];
    if (free <= 0) {
      return promoted;
    }
    const waiting = await em.find(Enrolment, { session, status: 'waitlisted' }, { populate: ['delegate'], orderBy: { queuedAt: 'asc', id: 'asc' } });
    const [{ now }] = await em.execute<{ now: string }[]>('select clock_timestamp() as now');
    for (const candidate of waiting) {
      if (free <= 0) {
        break;
      }
      // Someone now seated elsewhere at that time keeps their place in line instead.
      if (await this.clashOf(em, candidate.delegate, session)) {
        continue;
      }
      candidate.status = 'confirmed';
      candidate.confirmedAt = new Date(now);
      promoted.push(candidate);
      free -= 1;
    }
    await em.flush();
    return promoted;
  }

  private async clashOf(em: EntityManager, delegate: Delegate, session: Session): Promise<Enrolment | null> {
    return em.findOne(
      Enrolment,
      { delegate, status: 'confirmed', session: { id: { $ne: session.id }, status: 'published', startsAt: { $lt: session.endsAt }, endsAt: { $gt: session.startsAt } } },
      { populate: ['session'] },
    );
  }
}
