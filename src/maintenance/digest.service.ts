import { Injectable } from '@nestjs/common';
import { EntityManager } from '@mikro-orm/postgresql';
import { DateTime } from 'luxon';
import { Clock } from '../common/clock';
import { pickLocale } from '../common/locale';
import { ACTIVE_STATUSES } from '../common/registration-status';
import { readableTime, renderInstant } from '../common/time';
import { AppConfig } from '../config/app-config';
import { PublicUrls } from '../config/public-urls';
import { Deadline } from '../deadlines/deadline.entity';
import { PendingService } from '../deadlines/pending.service';
import { Invitation } from '../forums/invitation.entity';
import { Contact } from '../organisations/contact.entity';
import { organisationName } from '../organisations/organisation.views';
import { type MessageDraft, Outbox } from '../outbox/outbox.service';
import { unsubscribeKey, unsubscribeToken } from '../outbox/unsubscribe-token';
import { Session } from '../programme/session.entity';
import { Registration } from '../participation/registration.entity';

export const DIGEST_KIND = 'agenda_digest';
const HORIZON_DAYS = 30;

/**
 * The weekly shared agenda ("agenda partagé … sous forme de newsletter", July 2017): to each
 * contact who asked for it, the coming deadlines their organisation has not met and the coming
 * sessions of the editions it registered for. Nothing to say, no email.
 */
@Injectable()
export class DigestService {
  constructor(
    private readonly em: EntityManager,
    private readonly pending: PendingService,
    private readonly outbox: Outbox,
    private readonly clock: Clock,
    private readonly config: AppConfig,
    private readonly urls: PublicUrls,
  ) {}

  async send(): Promise<number> {
    const em = this.em.fork();
    const now = this.clock.now();
    const until = new Date(now.getTime() + HORIZON_DAYS * 24 * 3600_000);
    const contacts = (
      await em.find(Contact, { wantsDigest: true, erasedAt: null, organisation: { archivedAt: null } }, { populate: ['organisation'] })
    ).filter((c) => !c.unsubscribedFrom.includes(DIGEST_KIND));
    if (contacts.length === 0) {
      return 0;
    }
    const organisationIds = [...new Set(contacts.map((c) => c.organisation.id))];
    const invitations = await em.find(
      Invitation,
      { organisation: { $in: organisationIds }, forum: { status: { $ne: 'archived' } } },
      { populate: ['forum'] },
    );
    const registrations = await em.find(Registration, { organisation: { $in: organisationIds }, status: { $in: [...ACTIVE_STATUSES] } });
    const forumIds = [...new Set(invitations.map((i) => i.forum.id))];
    const deadlines = forumIds.length
      ? await em.find(
          Deadline,
          { forum: { $in: forumIds }, dueAt: { $gt: now, $lte: until } },
          { populate: ['forum'], orderBy: { dueAt: 'asc' } },
        )
      : [];
    const waitingOn = new Map<string, Set<string>>();
    for (const deadline of deadlines) {
      waitingOn.set(deadline.id, await this.pending.organisationsWaiting(deadline, em));
    }
    const registeredForums = [...new Set(registrations.map((r) => r.forum.id))];
    const sessions = registeredForums.length
      ? await em.find(
          Session,
          { forum: { $in: registeredForums }, status: 'published', startsAt: { $gt: now, $lte: until } },
          { populate: ['forum'], orderBy: { startsAt: 'asc' } },
        )
      : [];
    const week = DateTime.fromJSDate(now, { zone: 'Europe/Paris' }).toFormat("kkkk-'W'WW");
    const key = unsubscribeKey(this.config.get('adminToken'));
    const drafts: MessageDraft[] = [];
    for (const contact of contacts) {
      const organisation = contact.organisation.id;
      const invitedTo = new Set(invitations.filter((i) => i.organisation.id === organisation).map((i) => i.forum.id));
      const registeredTo = new Set(registrations.filter((r) => r.organisation.id === organisation).map((r) => r.forum.id));
      const ownDeadlines = deadlines.filter((d) => invitedTo.has(d.forum.id) && waitingOn.get(d.id)?.has(organisation));
      const ownSessions = sessions.filter((s) => registeredTo.has(s.forum.id));
      if (ownDeadlines.length === 0 && ownSessions.length === 0) {
        continue;
      }
      const locale = contact.locale;
      drafts.push({
        kind: DIGEST_KIND,
        recipient: contact.email,
        locale,
        template: 'agenda-digest',
        dedupeKey: `digest-${week}-${contact.id}`,
        scheduledFor: now,
        data: {
          name: contact.firstName,
          organisation: organisationName(contact.organisation, locale),
          deadlines: ownDeadlines.map((d) => {
            const due = renderInstant(d.dueAt, d.timeZone);
            return {
              title: pickLocale(d.title, locale),
              forum: pickLocale(d.forum.title, locale),
              paris: readableTime(due.paris),
              seoul: readableTime(due.seoul),
            };
          }),
          sessions: ownSessions.map((s) => {
            const start = renderInstant(s.startsAt, s.forum.timeZone);
            return {
              title: pickLocale(s.title, locale),
              forum: pickLocale(s.forum.title, locale),
              paris: readableTime(start.paris),
              seoul: readableTime(start.seoul),
            };
          }),
          unsubscribeUrl: this.urls.unsubscribe(unsubscribeToken(key, contact.id, DIGEST_KIND)),
        },
      });
    }
    await this.outbox.queueAfterCommit(await this.outbox.write(em, drafts));
    return drafts.length;
  }
}
