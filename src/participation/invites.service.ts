import { Injectable, type OnModuleInit } from '@nestjs/common';
import { InjectQueue } from '@nestjs/bullmq';
import { EntityManager } from '@mikro-orm/postgresql';
import type { Queue } from 'bullmq';
import { Clock } from '../common/clock';
import { sqlArray } from '../common/sql-array';
import { pickLocale, type Locale } from '../common/locale';
import { readableTime, renderInstant } from '../common/time';
import { AppConfig } from '../config/app-config';
import { PublicUrls } from '../config/public-urls';
import { DomainEvents } from '../events/domain-events';
import { fullName } from '../organisations/organisation.views';
import type { IcsMethod } from '../outbox/message.entity';
import { type MessageDraft, Outbox, type WaitingMessage } from '../outbox/outbox.service';
import { Enrolment } from './enrolment.entity';
import { Session, SessionChange } from '../programme/session.entity';
import { SessionCalendarChanged } from '../programme/session-events';
import { Delegate } from './registration.entity';
import { QueueName, sessionInvitesJob } from '../queues/job-catalogue';
import { FeedTokensService, type PersonalFeedLinks } from './feed-tokens.service';
import { InviteState } from './invite-state.entity';
import { type ChangeWording, changeWording, type FieldChanges, netChanges, placeText } from './session-changes';
import { type SessionFacts, sessionInvite } from '../programme/session-invite';

type InviteMethod = Extract<IcsMethod, 'REQUEST' | 'CANCEL'>;

/** Why a delegate no longer holds a seat: they (or their delegation) left, they declined, their registration ended. */
export type DepartureCause = 'left' | 'declined' | 'withdrawn';

/** What an invite tells its attendee: each has its own email, and the calendar method it needs. */
type Notice =
  | { kind: 'seated' }
  | { kind: 'updated'; changes: ChangeWording }
  | { kind: 'cancelled'; reason: string }
  | { kind: 'departed'; cause: DepartureCause };

const NOTICE_MAILS: Record<Notice['kind'], { kind: string; template: string; method: InviteMethod }> = {
  seated: { kind: 'session_invite', template: 'session-invite', method: 'REQUEST' },
  updated: { kind: 'session_update', template: 'session-update', method: 'REQUEST' },
  cancelled: { kind: 'session_cancel', template: 'session-cancel', method: 'CANCEL' },
  departed: { kind: 'session_left', template: 'session-left', method: 'CANCEL' },
};

/** Who an invite goes to, as a batch of seats knows them (no entity needed). */
export interface InviteAttendee {
  id: string;
  locale: Locale;
  email: string;
  firstName: string;
  lastName: string;
}

/**
 * Calendar invites by email (iTIP): a REQUEST when a delegate gets a seat or the session
 * changes, a CANCEL when the session is cancelled or the delegate leaves, each with an email
 * that says which (and what changed, or why). Same UID throughout; each attendee's SEQUENCE
 * only goes up.
 */
@Injectable()
export class InvitesService implements OnModuleInit {
  constructor(
    private readonly em: EntityManager,
    private readonly outbox: Outbox,
    @InjectQueue(QueueName.Calendar) private readonly queue: Queue,
    private readonly clock: Clock,
    private readonly config: AppConfig,
    private readonly urls: PublicUrls,
    private readonly feedTokens: FeedTokensService,
    private readonly events: DomainEvents,
  ) {}

  onModuleInit(): void {
    this.events.on(SessionCalendarChanged, ({ sessionId, sequence }) => this.followSessionChange(sessionId, sequence));
  }

  /** Attendees' calendars follow a session's change: through the calendar queue, or at once if Redis is away. */
  async followSessionChange(sessionId: string, sequence: number): Promise<void> {
    try {
      await this.scheduleFanOut(sessionId, sequence);
    } catch {
      await this.fanOut(sessionId, sequence);
    }
  }

  /** The CANCEL to one attendee who no longer holds a seat, saying why; `reason` makes the dedupe key (a departure). */
  async sendDeparture(delegateId: string, sessionId: string, cause: DepartureCause, reason: string): Promise<void> {
    // The attendee's sequence and the cancel that carries it commit together.
    const messages = await this.em.fork().transactional(async (em) => {
      const session = await em.findOne(Session, { id: sessionId }, { populate: ['forum'] });
      const delegate = await em.findOne(Delegate, { id: delegateId }, { populate: ['contact'] });
      if (!session || !delegate) {
        return [];
      }
      return this.outbox.write(em, [
        await this.draft(em, session, delegate, { kind: 'departed', cause }, `invite-${session.id}-${delegate.id}-${reason}`),
      ]);
    });
    await this.outbox.queueAfterCommit(messages);
  }

  /** After a change calendars must see: one job per (session, sequence) fans the invites out. */
  async scheduleFanOut(sessionId: string, sequence: number): Promise<void> {
    const job = sessionInvitesJob(sessionId, sequence);
    await this.queue.add(job.name, job.data, job.opts);
  }

  /**
   * Every confirmed attendee gets the new version, told what changed since the version they hold
   * (or the cancel, with the organisers' reason); a newer change supersedes.
   */
  async fanOut(sessionId: string, sequence: number): Promise<number> {
    // The attendees' sequences and the invites that carry them commit together.
    const { messages, count } = await this.em.fork().transactional((em) => this.fanOutDrafts(em, sessionId, sequence));
    await this.outbox.queueAfterCommit(messages);
    return count;
  }

  private async fanOutDrafts(
    em: EntityManager,
    sessionId: string,
    sequence: number,
  ): Promise<{ messages: WaitingMessage[]; count: number }> {
    const session = await em.findOne(Session, { id: sessionId }, { populate: ['forum'] });
    if (!session || session.sequence !== sequence || session.status === 'draft') {
      return { messages: [], count: 0 };
    }
    const enrolments = await em.find(Enrolment, { session, status: 'confirmed' }, { populate: ['delegate.contact'] });
    const unseen =
      session.status === 'cancelled'
        ? null
        : await this.unseenChanges(
            em,
            session,
            enrolments.map((e) => e.delegate.id),
          );
    const drafts: MessageDraft[] = [];
    for (const { delegate } of enrolments) {
      let notice: Notice | null = { kind: 'cancelled', reason: session.cancelReason ?? '' };
      if (unseen) {
        const changes = changeWording(session, unseen(delegate.id), delegate.locale);
        // Already sent this version (seated since the change): nothing new to tell.
        notice = changes && { kind: 'updated', changes };
      }
      if (notice) {
        drafts.push(await this.draft(em, session, delegate, notice, `invite-${session.id}-${delegate.id}-s${sequence}`));
      }
    }
    return { messages: await this.outbox.write(em, drafts), count: drafts.length };
  }

  /** The visible changes each attendee was not sent yet: those after the version of their last invite. */
  private async unseenChanges(em: EntityManager, session: Session, delegateIds: string[]): Promise<(delegateId: string) => FieldChanges> {
    const held = new Map(
      (await em.find(InviteState, { session, delegate: { $in: delegateIds } })).map((state) => [state.delegate.id, state.sessionSequence]),
    );
    const history = await em.find(
      SessionChange,
      { session, visible: true, sequence: { $lte: session.sequence } },
      { orderBy: { sequence: 'asc', createdAt: 'asc' } },
    );
    return (delegateId) => netChanges(history.filter((change) => change.sequence > (held.get(delegateId) ?? 0)));
  }

  /**
   * REQUESTs for many new attendees of one session at once, written by the caller in its own
   * transaction (a batch of seats): one statement for their sequences, one or two for their feed links.
   */
  async requestDrafts(
    em: EntityManager,
    session: SessionFacts,
    attendees: InviteAttendee[],
    dedupeKeyOf: (attendee: InviteAttendee) => string,
  ): Promise<MessageDraft[]> {
    if (attendees.length === 0) {
      return [];
    }
    const rows = await em.execute<{ delegateId: string; sequence: number }[]>(
      `insert into invite_state (id, created_at, updated_at, session_id, delegate_id, last_sequence, session_sequence)
       select gen_random_uuid(), now(), now(), ?, d, ?, ? from unnest(?::uuid[]) as d
       on conflict (session_id, delegate_id)
       do update set last_sequence = greatest(invite_state.last_sequence + 1, excluded.last_sequence), session_sequence = excluded.session_sequence, updated_at = now()
       returning delegate_id as "delegateId", last_sequence as sequence`,
      [session.id, session.sequence, session.sequence, sqlArray(attendees.map((a) => a.id))],
    );
    const sequences = new Map(rows.map((r) => [r.delegateId, Number(r.sequence)]));
    const feeds = await this.feedTokens.currentMany(
      em,
      attendees.map((a) => a.id),
    );
    return attendees.map((a) =>
      this.compose(session, a, { kind: 'seated' }, dedupeKeyOf(a), sequences.get(a.id) ?? session.sequence, feeds.get(a.id) ?? null),
    );
  }

  private async draft(em: EntityManager, session: Session, delegate: Delegate, notice: Notice, dedupeKey: string): Promise<MessageDraft> {
    // The attendee's next SEQUENCE: above the last one they got, and at least the session's.
    const [{ sequence }] = await em.execute<{ sequence: number }[]>(
      `insert into invite_state (id, created_at, updated_at, session_id, delegate_id, last_sequence, session_sequence)
       values (gen_random_uuid(), now(), now(), ?, ?, ?, ?)
       on conflict (session_id, delegate_id)
       do update set last_sequence = greatest(invite_state.last_sequence + 1, excluded.last_sequence), session_sequence = excluded.session_sequence, updated_at = now()
       returning last_sequence as sequence`,
      [session.id, delegate.id, session.sequence, session.sequence],
    );
    const contact = delegate.contact;
    // A seat kept or given also brings the subscribe link of the delegate's own agenda.
    const feed = NOTICE_MAILS[notice.kind].method === 'REQUEST' ? await this.feedTokens.current(delegate) : null;
    const attendee = {
      id: delegate.id,
      locale: delegate.locale,
      email: contact.email,
      firstName: contact.firstName,
      lastName: contact.lastName,
    };
    return this.compose(session, attendee, notice, dedupeKey, Number(sequence), feed);
  }

  private compose(
    session: SessionFacts,
    attendee: InviteAttendee,
    notice: Notice,
    dedupeKey: string,
    sequence: number,
    feed: PersonalFeedLinks | null,
  ): MessageDraft {
    const locale = attendee.locale;
    const mail = NOTICE_MAILS[notice.kind];
    const start = renderInstant(session.startsAt, session.forum.timeZone);
    const url = this.urls.forum(session.forum.slug);
    const title = pickLocale(session.title, locale);
    // Replies are asked for only when someone reads them (IMAP_URL); the page frees a seat either way.
    const rsvp = this.config.get('imapUrl') !== null;
    return {
      kind: mail.kind,
      recipient: attendee.email,
      locale,
      template: mail.template,
      dedupeKey,
      scheduledFor: this.clock.now(),
      forumId: session.forum.id,
      data: {
        name: attendee.firstName,
        title,
        forum: pickLocale(session.forum.title, locale),
        whenParis: readableTime(start.paris),
        whenSeoul: readableTime(start.seoul),
        url,
        ...this.noticeData(notice, session, `${this.urls.registration(session.forum.slug)}#delegate-${attendee.id}`, rsvp),
        ...(feed ? { feedHttps: feed.https, feedWebcal: feed.webcal } : {}),
      },
      calendar: {
        method: mail.method,
        content: sessionInvite(session, {
          method: mail.method,
          sequence,
          locale,
          attendee: { email: attendee.email, name: fullName(attendee.firstName, attendee.lastName) },
          organiser: { email: this.config.get('organisersEmail'), name: 'Passerelle' },
          stamp: this.clock.now(),
          url,
          rsvp,
        }),
      },
    };
  }

  /** What each kind of email says beyond the session's title and time. */
  private noticeData(notice: Notice, session: SessionFacts, leaveUrl: string, rsvp: boolean): Record<string, unknown> {
    switch (notice.kind) {
      case 'seated':
        return { place: placeText(session), rsvp, leaveUrl };
      case 'updated':
        return { place: placeText(session), rsvp, leaveUrl, changes: notice.changes };
      case 'cancelled':
        return { reason: notice.reason };
      case 'departed':
        return { declined: notice.cause === 'declined', withdrawn: notice.cause === 'withdrawn' };
    }
  }
}
