import { Injectable } from '@nestjs/common';
import { InjectQueue } from '@nestjs/bullmq';
import { EntityManager } from '@mikro-orm/postgresql';
import type { Queue } from 'bullmq';
import { Clock } from '../common/clock';
import { sqlArray } from '../common/sql-array';
import { pickLocale, type Locale } from '../common/locale';
import { readableTime, renderInstant } from '../common/time';
import { AppConfig } from '../config/app-config';
import { Forum } from '../forums/forum.entity';
import type { IcsMethod } from '../notifications/message.entity';
import { type MessageDraft, NotificationsService } from '../notifications/notifications.service';
import { fullName } from '../organisations/organisation.views';
import { Enrolment } from '../programme/enrolment.entity';
import { Session } from '../programme/session.entity';
import { Delegate } from '../registrations/registration.entity';
import { QueueName, sessionInvitesJob } from '../queues/job-catalogue';
import { FeedTokensService, type PersonalFeedLinks } from './feed-tokens.service';
import { type SessionFacts, sessionInvite } from './session-invite';

type InviteMethod = Extract<IcsMethod, 'REQUEST' | 'CANCEL'>;

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
 * changes, a CANCEL when the session is cancelled or the delegate leaves. Same UID throughout;
 * each attendee's SEQUENCE only goes up.
 */
@Injectable()
export class InvitesService {
  constructor(
    private readonly em: EntityManager,
    private readonly notifications: NotificationsService,
    @InjectQueue(QueueName.Calendar) private readonly queue: Queue,
    private readonly clock: Clock,
    private readonly config: AppConfig,
    private readonly feedTokens: FeedTokensService,
  ) {}

  /** To one attendee, now: `reason` makes the dedupe key (an enrolment, a departure). */
  async send(delegateId: string, sessionId: string, method: InviteMethod, reason: string): Promise<void> {
    const em = this.em.fork();
    const session = await em.findOne(Session, { id: sessionId }, { populate: ['forum'] });
    const delegate = await em.findOne(Delegate, { id: delegateId }, { populate: ['contact'] });
    if (!session || !delegate) {
      return;
    }
    const draft = await this.draft(em, session, delegate, method, `invite-${session.id}-${delegate.id}-${reason}`);
    await this.notifications.enqueue(await this.notifications.composeAll([draft]));
  }

  /** After a change calendars must see: one job per (session, sequence) fans the invites out. */
  async scheduleFanOut(sessionId: string, sequence: number): Promise<void> {
    const job = sessionInvitesJob(sessionId, sequence);
    await this.queue.add(job.name, job.data, job.opts);
  }

  /** Every confirmed attendee gets the new version (or the cancel); a newer change supersedes. */
  async fanOut(sessionId: string, sequence: number): Promise<number> {
    const em = this.em.fork();
    const session = await em.findOne(Session, { id: sessionId }, { populate: ['forum'] });
    if (!session || session.sequence !== sequence || session.status === 'draft') {
      return 0;
    }
    const method: InviteMethod = session.status === 'cancelled' ? 'CANCEL' : 'REQUEST';
    const enrolments = await em.find(Enrolment, { session, status: 'confirmed' }, { populate: ['delegate.contact'] });
    const drafts: MessageDraft[] = [];
    for (const enrolment of enrolments) {
      drafts.push(await this.draft(em, session, enrolment.delegate, method, `invite-${session.id}-${enrolment.delegate.id}-s${sequence}`));
    }
    await this.notifications.enqueue(await this.notifications.composeAll(drafts));
    return drafts.length;
  }

  /**
   * REQUESTs for many new attendees of one session at once, written by the caller in its own
   * transaction (a batch of seats): one statement for their sequences, one or two for their feed links.
   */
  async requestDrafts(em: EntityManager, session: SessionFacts, attendees: InviteAttendee[], dedupeKeyOf: (attendee: InviteAttendee) => string): Promise<MessageDraft[]> {
    if (attendees.length === 0) {
      return [];
    }
    const rows = await em.execute<{ delegateId: string; sequence: number }[]>(
      `insert into invite_state (id, created_at, updated_at, session_id, delegate_id, last_sequence)
       select gen_random_uuid(), now(), now(), ?, d, ? from unnest(?::uuid[]) as d
       on conflict (session_id, delegate_id)
       do update set last_sequence = greatest(invite_state.last_sequence + 1, excluded.last_sequence), updated_at = now()
       returning delegate_id as "delegateId", last_sequence as sequence`,
      [session.id, session.sequence, sqlArray(attendees.map((a) => a.id))],
    );
    const sequences = new Map(rows.map((r) => [r.delegateId, Number(r.sequence)]));
    const feeds = await this.feedTokens.currentMany(em, attendees.map((a) => a.id));
    const forum = em.getReference(Forum, session.forum.id);
    return attendees.map((a) => this.compose(session, forum, a, 'REQUEST', dedupeKeyOf(a), sequences.get(a.id) ?? session.sequence, feeds.get(a.id) ?? null));
  }

  private async draft(em: EntityManager, session: Session, delegate: Delegate, method: InviteMethod, dedupeKey: string): Promise<MessageDraft> {
    // The attendee's next SEQUENCE: above the last one they got, and at least the session's.
    const [{ sequence }] = await em.execute<{ sequence: number }[]>(
      `insert into invite_state (id, created_at, updated_at, session_id, delegate_id, last_sequence)
       values (gen_random_uuid(), now(), now(), ?, ?, ?)
       on conflict (session_id, delegate_id)
       do update set last_sequence = greatest(invite_state.last_sequence + 1, excluded.last_sequence), updated_at = now()
       returning last_sequence as sequence`,
      [session.id, delegate.id, session.sequence],
    );
    const contact = delegate.contact;
    // A confirmed seat also brings the subscribe link of the delegate's own agenda.
    const feed = method === 'REQUEST' ? await this.feedTokens.current(delegate) : null;
    const attendee = { id: delegate.id, locale: delegate.locale, email: contact.email, firstName: contact.firstName, lastName: contact.lastName };
    return this.compose(session, session.forum, attendee, method, dedupeKey, Number(sequence), feed);
  }

  private compose(session: SessionFacts, forum: Forum, attendee: InviteAttendee, method: InviteMethod, dedupeKey: string, sequence: number, feed: PersonalFeedLinks | null): MessageDraft {
    const locale = attendee.locale;
    const start = renderInstant(session.startsAt, session.forum.timeZone);
    const url = `${this.config.get('publicUrl')}/forums/${session.forum.slug}`;
    const title = pickLocale(session.title, locale);
    return {
      kind: method === 'CANCEL' ? 'session_cancel' : 'session_invite',
      recipient: attendee.email,
      locale,
      template: method === 'CANCEL' ? 'session-cancel' : 'session-invite',
      dedupeKey,
      scheduledFor: this.clock.now(),
      forum,
      data: {
        name: attendee.firstName,
        title,
        forum: pickLocale(session.forum.title, locale),
        whenParis: readableTime(start.paris),
        whenSeoul: readableTime(start.seoul),
        place: [session.venueName, session.venueCity].filter(Boolean).join(', ') || session.onlineUrl || '',
        url,
        ...(feed ? { feedHttps: feed.https, feedWebcal: feed.webcal } : {}),
      },
      calendar: {
        method,
        content: sessionInvite(session, {
          method,
          sequence,
          locale,
          attendee: { email: attendee.email, name: fullName(attendee.firstName, attendee.lastName) },
          organiser: { email: this.config.get('organisersEmail'), name: 'Passerelle' },
          stamp: this.clock.now(),
          url,
        }),
      },
    };
  }

}
