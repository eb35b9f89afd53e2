import { Injectable, Logger } from '@nestjs/common';
import { EntityManager, RequestContext } from '@mikro-orm/postgresql';
import { type AttendeeAnswer, readItip } from '../ical/itip-reply';
import { UID_DOMAIN } from '../ical/ical';
import { Clock } from '../common/clock';
import { ProblemException } from '../common/problem';
import { Enrolment } from '../participation/enrolment.entity';
import { EnrolmentsService } from '../participation/enrolments.service';
import { Delegate } from '../participation/registration.entity';
import { MailboxCursor } from './mailbox-cursor.entity';
import { type OpenMailbox, ReplyMailbox } from './reply-mailbox';

/** What one reading of the mailbox did. */
export interface RepliesRead {
  /** Messages looked at (calendar or not). */
  messages: number;
  /** Seats given up by a DECLINED answer. */
  declined: number;
  /** ACCEPTED answers recorded. */
  accepted: number;
  /** Answers logged and left: another PARTSTAT, an older SEQUENCE, nobody matching, no seat. */
  ignored: number;
  /** Calendars that could not be read. */
  unreadable: number;
}

type Outcome = Exclude<keyof RepliesRead, 'messages'>;

// A first reading of a full inbox goes on at the next poll rather than in one long one.
const MESSAGES_PER_POLL = 200;
const SESSION_UID = new RegExp(`^session-([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})@${UID_DOMAIN}$`, 'i');

/**
 * Attendees' answers to invites (iTIP REPLY, RFC 5546), read from the organisers' mailbox
 * (IMAP_URL): DECLINED gives the seat up, as leaving does, so the waitlist moves up and the
 * promoted get their invites; ACCEPTED is recorded on the enrolment; anything else is logged.
 */
@Injectable()
export class RepliesService {
  private readonly logger = new Logger(RepliesService.name);

  constructor(
    private readonly em: EntityManager,
    private readonly mailbox: ReplyMailbox,
    private readonly enrolments: EnrolmentsService,
    private readonly clock: Clock,
  ) {}

  /**
   * Reads the messages that arrived since the last reading, each once: a cursor (the last UID
   * read) moves past each message as soon as it is handled, and the replies are marked \Seen.
   * Other mail is left as it was. Nothing to do when IMAP_URL is unset.
   */
  async poll(): Promise<RepliesRead> {
    const read: RepliesRead = { messages: 0, declined: 0, accepted: 0, ignored: 0, unreadable: 0 };
    const address = this.mailbox.address;
    if (!address) {
      return read;
    }
    // One reader of a mailbox at a time, whatever the process: a second one waits, then finds nothing
    // left. The lock's transaction is the connection's own: an EntityManager transaction would draw
    // every change made meanwhile (a seat given up, its invites) into it, unseen until the end.
    const connection = this.em.getConnection();
    await connection.transactional(async (lock) => {
      await connection.execute('select pg_advisory_xact_lock(hashtext(?))', [`replies|${address.key}`], 'all', lock);
      await this.mailbox.open((box) => this.readNew(box, address.key, read));
    });
    return read;
  }

  private async readNew(box: OpenMailbox, key: string, read: RepliesRead): Promise<void> {
    const em = this.em.fork();
    let cursor = await em.findOne(MailboxCursor, { mailbox: key });
    if (!cursor) {
      cursor = new MailboxCursor({ mailbox: key, uidValidity: box.uidValidity, lastUid: 0 });
      em.persist(cursor);
    } else if (cursor.uidValidity !== box.uidValidity) {
      // The server renumbered the folder: read it again from the start (an answer read twice changes nothing).
      this.logger.warn(
        { mailbox: key, was: cursor.uidValidity, now: box.uidValidity },
        'The mailbox’s UIDVALIDITY changed: reading it again from the start.',
      );
      Object.assign(cursor, { uidValidity: box.uidValidity, lastUid: 0 });
    }
    await em.flush();
    for (const uid of await box.uidsAfter(cursor.lastUid, MESSAGES_PER_POLL)) {
      const calendars = await box.calendarsOf(uid);
      if (calendars.length > 0) {
        for (const outcome of await this.answer(calendars, uid)) {
          read[outcome] += 1;
        }
        await box.markSeen(uid);
      }
      cursor.lastUid = uid;
      await em.flush();
      read.messages += 1;
    }
  }

  /** The answers of one message's calendars (a client may send the same one twice: the first reply counts). */
  private async answer(calendars: string[], uid: number): Promise<Outcome[]> {
    const itips = calendars.map(readItip);
    const reply = itips.find((itip) => itip.kind === 'reply');
    if (!reply) {
      const malformed = itips.find((itip) => itip.kind === 'malformed');
      if (malformed) {
        this.logger.warn({ uid, problem: malformed.problem }, 'A calendar in the organisers’ mailbox could not be read; left aside.');
        return ['unreadable'];
      }
      this.logger.log(
        { uid, methods: itips.map((itip) => (itip.kind === 'other' ? itip.method : '')) },
        'A calendar that is not a reply; left aside.',
      );
      return ['ignored'];
    }
    const sessionId = SESSION_UID.exec(reply.uid)?.[1]?.toLowerCase();
    if (!sessionId) {
      this.logger.log({ uid, eventUid: reply.uid }, 'A reply to an event that is not one of our sessions; left aside.');
      return ['ignored'];
    }
    const outcomes: Outcome[] = [];
    for (const answer of reply.answers) {
      outcomes.push(await this.answerFor(sessionId, reply.sequence, answer, uid));
    }
    return outcomes;
  }

  /** One attendee's answer: matched by session and contact email, and only if it answers their latest invite. */
  private async answerFor(sessionId: string, sequence: number, answer: AttendeeAnswer, uid: number): Promise<Outcome> {
    const em = this.em.fork();
    const context = { uid, sessionId, attendee: answer.email, partstat: answer.partstat, sequence };
    const invited = await em.execute<{ delegateId: string; lastSequence: number }[]>(
      `select i.delegate_id as "delegateId", i.last_sequence as "lastSequence"
         from invite_state i join delegate d on d.id = i.delegate_id join contact c on c.id = d.contact_id
        where i.session_id = ? and lower(c.email) = lower(?)`,
      [sessionId, answer.email],
    );
    if (invited.length !== 1) {
      this.logger.log(
        { ...context, matches: invited.length },
        invited.length === 0
          ? 'A reply from nobody invited to this session; left aside.'
          : 'A reply whose address several delegates share; left aside.',
      );
      return 'ignored';
    }
    const [{ delegateId, lastSequence }] = invited;
    if (sequence < Number(lastSequence)) {
      this.logger.log({ ...context, lastSequence }, 'A reply to an older version of the invite; left aside.');
      return 'ignored';
    }
    switch (answer.partstat) {
      case 'DECLINED':
        return this.decline(em, delegateId, sessionId, context);
      case 'ACCEPTED':
        return this.accept(em, delegateId, sessionId, context);
      default:
        this.logger.log(context, 'A reply that neither accepts nor declines; left as it is.');
        return 'ignored';
    }
  }

  /** The seat goes as if the delegate had left: the waitlist moves up and the delegate gets the cancel. */
  private async decline(em: EntityManager, delegateId: string, sessionId: string, context: Record<string, unknown>): Promise<Outcome> {
    const enrolment = await em.findOne(
      Enrolment,
      { delegate: delegateId, session: sessionId },
      { populate: ['delegate.registration.forum', 'delegate.contact'] },
    );
    if (enrolment?.status !== 'confirmed') {
      this.logger.log({ ...context, enrolment: enrolment?.status ?? null }, 'A decline from someone without a seat; nothing to free.');
      return 'ignored';
    }
    const delegate: Delegate = enrolment.delegate;
    try {
      await RequestContext.create(this.em, () => this.enrolments.leave(delegate, sessionId, 'declined'));
    } catch (error) {
      // Gone in the meantime (the delegate left on the page): what the reply asked is done.
      if (error instanceof ProblemException) {
        this.logger.log({ ...context, problem: error.message }, 'A decline for a seat already given up.');
        return 'ignored';
      }
      throw error;
    }
    this.logger.log(context, 'A delegate declined the invitation: the seat is given up.');
    return 'declined';
  }

  private async accept(em: EntityManager, delegateId: string, sessionId: string, context: Record<string, unknown>): Promise<Outcome> {
    const enrolment = await em.findOne(Enrolment, { delegate: delegateId, session: sessionId, status: 'confirmed' });
    if (!enrolment) {
      this.logger.log(context, 'An acceptance from someone without a seat; left aside.');
      return 'ignored';
    }
    enrolment.acceptedAt ??= this.clock.now();
    await em.flush();
    return 'accepted';
  }
}
