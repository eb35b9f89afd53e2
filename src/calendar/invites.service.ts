import { Injectable } from '@nestjs/common';
import { InjectQueue } from '@nestjs/bullmq';
import { EntityManager } from '@mikro-orm/postgresql';
import type { Queue } from 'bullmq';
import { Clock } from '../common/clock';
import { pickLocale } from '../common/locale';
import { renderInstant, wallClock } from '../common/time';
import { AppConfig } from '../config/app-config';
import type { IcsMethod } from '../notifications/message.entity';
import { type MessageDraft, NotificationsService } from '../notifications/notifications.service';
import { fullName } from '../organisations/organisation.views';
import { Enrolment } from '../programme/enrolment.entity';
import { Session } from '../programme/session.entity';
import { Delegate } from '../registrations/registration.entity';
import { QueueName, sessionInvitesJob } from '../queues/job-catalogue';
import { FeedTokensService } from './feed-tokens.service';
import { sessionInvite } from './session-invite';

type InviteMethod = Extract<IcsMethod, 'REQUEST' | 'CANCEL'>;

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
    const locale = delegate.locale;
    const contact = delegate.contact;
    const start = renderInstant(session.startsAt, session.forum.timeZone);
    const url = `${this.config.get('publicUrl')}/forums/${session.forum.slug}`;
    const title = pickLocale(session.title, locale);
    // A confirmed seat also brings the subscribe link of the delegate's own agenda.
    const feed = method === 'REQUEST' ? await this.feedTokens.current(delegate) : null;
    return {
      kind: method === 'CANCEL' ? 'session_cancel' : 'session_invite',
      recipient: contact.email,
      locale,
      template: method === 'CANCEL' ? 'session-cancel' : 'session-invite',
      dedupeKey,
      scheduledFor: this.clock.now(),
      forum: session.forum,
      data: {
        name: contact.firstName,
        title,
        forum: pickLocale(session.forum.title, locale),
        whenParis: wallClock(start.paris.local),
        whenSeoul: wallClock(start.seoul.local),
        place: [session.venueName, session.venueCity].filter(Boolean).join(', ') || session.onlineUrl || '',
        url,
        ...(feed ? { feedHttps: feed.https, feedWebcal: feed.webcal } : {}),
      },
      calendar: {
        method,
        content: sessionInvite(session, {
          method,
          sequence: Number(sequence),
          locale,
          attendee: { email: contact.email, name: fullName(contact.firstName, contact.lastName) },
          organiser: { email: this.config.get('organisersEmail'), name: 'Passerelle' },
          stamp: this.clock.now(),
          url,
        }),
      },
    };
  }
}
