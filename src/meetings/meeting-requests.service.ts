import { HttpStatus, Injectable } from '@nestjs/common';
import { InjectQueue } from '@nestjs/bullmq';
import { LockMode } from '@mikro-orm/core';
import { EntityManager } from '@mikro-orm/postgresql';
import type { Queue } from 'bullmq';
import type { Principal } from '../access/principal';
import { Clock } from '../common/clock';
import { type Locale, pickLocale } from '../common/locale';
import { ProblemCode, ProblemException } from '../common/problem';
import { ACTIVE_STATUSES } from '../common/registration-status';
import { readableTime, renderInstant, startOfLocalDate } from '../common/time';
import { PublicUrls } from '../config/public-urls';
import { Forum } from '../forums/forum.entity';
import { ForumsService } from '../forums/forums.service';
import { Theme, ThemeInterest } from '../forums/theme.entity';
import { Contact } from '../organisations/contact.entity';
import { Organisation } from '../organisations/organisation.entity';
import { organisationName } from '../organisations/organisation.views';
import { Partnership } from '../organisations/partnership.entity';
import { type MessageDraft, Outbox, type WaitingMessage } from '../outbox/outbox.service';
import { meetingRequestJob, QueueName } from '../queues/job-catalogue';
import { Delegate, HostOffer, Registration } from '../participation/registration.entity';
import { MeetingProfileDto, CreateMeetingRequestDto } from './dto/meetings.dto';
import { Meeting, MeetingProfile, MeetingRequest, type MeetingRequestState } from './meeting.entities';
import { competenceKey, type MatchProfile } from './profile';
import { answerRefusal, meetingInterpretation, reminderDue, remindAtOf, requestTimes, stateAt } from './request-rules';
import { renderReasons } from './suggestion-reasons';
import { type SuggestionAuthority, suggestPartners, type SuggestionReason } from './suggestions';

export const MEETING_REQUEST_KIND = 'meeting_request';
export const MEETING_ANSWER_KIND = 'meeting_answer';

export interface SuggestionRead {
  organisation: Organisation;
  relation: 'new' | 'renew';
  score: number;
  reasons: SuggestionReason[];
  reasonTexts: string[];
}

/** Profiles, suggestions and meeting requests: what the members see and answer. */
@Injectable()
export class MeetingRequestsService {
  constructor(
    private readonly em: EntityManager,
    private readonly forums: ForumsService,
    private readonly outbox: Outbox,
    private readonly clock: Clock,
    private readonly urls: PublicUrls,
    @InjectQueue(QueueName.Meetings) private readonly queue: Queue,
  ) {}

  /** The edition, as the caller may see it (a magic link only its own, published). */
  forum(forumRef: string, principal: Principal | undefined): Promise<Forum> {
    return this.forums.get(forumRef, principal?.kind === 'organiser');
  }

  /** The edition, for an organisers' route (the guard has checked the role). */
  organiserForum(forumRef: string): Promise<Forum> {
    return this.forums.get(forumRef, true);
  }

  /** An organisation taking part in the edition (registered, interested or confirmed), or 404 naming it. */
  async participant(forum: Forum, organisationId: string, field?: string): Promise<Organisation> {
    const registration = await this.em.findOne(
      Registration,
      { forum, organisation: organisationId, status: { $in: [...ACTIVE_STATUSES] } },
      { populate: ['organisation'] },
    );
    if (!registration) {
      if (field) {
        throw new ProblemException(
          HttpStatus.UNPROCESSABLE_ENTITY,
          ProblemCode.ValidationFailed,
          `Organisation "${organisationId}" does not take part in this edition.`,
          { errors: [{ field, message: 'must be an organisation registered to the edition', constraint: 'registered' }] },
        );
      }
      throw ProblemException.notFound('Registered organisation', organisationId);
    }
    return registration.organisation;
  }

  // ── Profiles ──────────────────────────────────────────────────────────────

  async profile(
    forumRef: string,
    organisationId: string,
    principal: Principal | undefined,
  ): Promise<{ forum: Forum; organisation: Organisation; profile: MeetingProfile | null }> {
    const forum = await this.forum(forumRef, principal);
    const organisation = await this.participant(forum, organisationId);
    return { forum, organisation, profile: await this.em.findOne(MeetingProfile, { forum, organisation }) };
  }

  async putProfile(
    forumRef: string,
    organisationId: string,
    dto: MeetingProfileDto,
    principal: Principal | undefined,
  ): Promise<MeetingProfile> {
    const { forum, organisation, profile: existing } = await this.profile(forumRef, organisationId, principal);
    await this.themesOf(forum, dto.offersThemeIds ?? [], 'offersThemeIds');
    await this.themesOf(forum, dto.seeksThemeIds ?? [], 'seeksThemeIds');
    const profile = existing ?? new MeetingProfile({ forum, organisation });
    profile.offersThemeIds = (dto.offersThemeIds ?? []).map((id) => id.toLowerCase());
    profile.seeksThemeIds = (dto.seeksThemeIds ?? []).map((id) => id.toLowerCase());
    profile.offersCompetences = tags(dto.offersCompetences ?? []);
    profile.seeksCompetences = tags(dto.seeksCompetences ?? []);
    profile.partnerKinds = dto.partnerKinds ?? [];
    profile.partnerSizes = dto.partnerSizes ?? [];
    profile.languages = dto.languages ?? [];
    await this.em.persist(profile).flush();
    return profile;
  }

  /** Theme ids of the edition, or 400 naming the field. */
  async themesOf(forum: Forum, ids: readonly string[], field: string): Promise<Theme[]> {
    if (ids.length === 0) {
      return [];
    }
    const themes = await this.em.find(Theme, { forum, id: { $in: ids.map((id) => id.toLowerCase()) } });
    if (themes.length !== new Set(ids.map((id) => id.toLowerCase())).size) {
      throw ProblemException.validation([{ field, message: `${field} must hold themes of this edition`, constraint: 'editionTheme' }]);
    }
    return themes;
  }

  // ── Suggestions ───────────────────────────────────────────────────────────

  /** Counterparts of the other country for one organisation, best first, each reason in the reader's language. */
  async suggestions(forumRef: string, organisationId: string, locale: Locale, principal: Principal | undefined): Promise<SuggestionRead[]> {
    const forum = await this.forum(forumRef, principal);
    await this.participant(forum, organisationId);
    const registrations = await this.em.find(
      Registration,
      { forum, status: { $in: [...ACTIVE_STATUSES] } },
      { populate: ['organisation'] },
    );
    const organisations = new Map(registrations.map((r) => [r.organisation.id, r.organisation]));
    const ids = [...organisations.keys()];
    const [themes, interests, profiles, offers, partnerships] = await Promise.all([
      this.em.find(Theme, { forum }),
      this.em.find(ThemeInterest, { theme: { forum }, organisation: { $in: ids } }, { orderBy: { rank: 'asc' } }),
      this.em.find(MeetingProfile, { forum }),
      this.em.find(HostOffer, { registration: { forum } }, { populate: ['registration'] }),
      this.em.find(Partnership, { organisationA: { $in: ids }, organisationB: { $in: ids } }),
    ]);
    const rankings = new Map<string, string[]>();
    for (const interest of interests) {
      rankings.set(interest.organisation.id, [...(rankings.get(interest.organisation.id) ?? []), interest.theme.id]);
    }
    const profileOf = new Map(profiles.map((p) => [p.organisation.id, toMatchProfile(p)]));
    const offerOf = new Map(offers.map((o) => [o.registration.organisation.id, o.themeIds]));
    const authorities: SuggestionAuthority[] = ids.map((id) => {
      const organisation = organisations.get(id) as Organisation;
      return {
        id,
        country: organisation.country,
        kind: organisation.kind,
        population: organisation.population,
        themeRanking: rankings.get(id) ?? [],
        profile: profileOf.get(id) ?? null,
        hostOfferThemeIds: offerOf.get(id) ?? null,
      };
    });
    const [mine] = suggestPartners(
      authorities,
      partnerships.map((p) => ({ organisationIds: [p.organisationA.id, p.organisationB.id] as const, kind: p.kind, since: p.since })),
      { for: [organisationId] },
    );
    const titles = new Map(themes.map((t) => [t.id, pickLocale(t.title, locale)]));
    const labels = { themeTitle: (id: string) => titles.get(id) ?? id };
    return (mine?.suggestions ?? []).map((s) => ({
      organisation: organisations.get(s.counterpartId) as Organisation,
      relation: s.relation,
      score: s.score,
      reasons: s.reasons,
      reasonTexts: renderReasons(s.reasons, locale, labels),
    }));
  }

  // ── Requests ──────────────────────────────────────────────────────────────

  /** The requests an organisation made or received (organisers: every request), newest first; expiry applied as read. */
  async list(
    forumRef: string,
    organisationId: string | null,
    state: MeetingRequestState | undefined,
    principal: Principal | undefined,
  ): Promise<MeetingRequest[]> {
    const forum = await this.forum(forumRef, principal);
    if (organisationId) {
      await this.participant(forum, organisationId);
    }
    const requests = await this.em.find(
      MeetingRequest,
      organisationId ? { forum, $or: [{ requester: organisationId }, { counterpart: organisationId }] } : { forum },
      // Not managed: the expiry applied below is how they read, never written (the expiry job writes it and tells the requester).
      { populate: ['requester', 'counterpart'], orderBy: { createdAt: 'desc', id: 'asc' }, disableIdentityMap: true },
    );
    const now = this.clock.now();
    for (const request of requests) {
      request.state = stateAt(request, now);
    }
    return state ? requests.filter((r) => r.state === state) : requests;
  }

  async create(
    forumRef: string,
    organisationId: string,
    dto: CreateMeetingRequestDto,
    principal: Principal | undefined,
  ): Promise<MeetingRequest> {
    const forum = await this.forum(forumRef, principal);
    const requester = await this.participant(forum, organisationId);
    const counterpartId = dto.counterpartId.toLowerCase();
    if (counterpartId === requester.id) {
      throw ProblemException.validation([
        { field: 'counterpartId', message: 'counterpartId must be another organisation', constraint: 'notSelf' },
      ]);
    }
    const counterpart = await this.participant(forum, counterpartId, 'counterpartId');
    await this.themesOf(forum, dto.topics ?? [], 'topics');
    const now = this.clock.now();
    const open = await this.em.find(MeetingRequest, {
      forum,
      state: { $in: ['requested', 'accepted'] },
      $or: [
        { requester, counterpart },
        { requester: counterpart, counterpart: requester },
      ],
    });
    if (open.some((r) => stateAt(r, now) !== 'expired')) {
      throw ProblemException.conflict(
        ProblemCode.Conflict,
        'A meeting between these two organisations is already asked for or agreed.',
        'counterpartId',
      );
    }
    const start = forum.startDate ? startOfLocalDate(forum.startDate, forum.timeZone).toJSDate() : null;
    const times = requestTimes(now, start);
    const request = new MeetingRequest({ forum, requester, counterpart, expiresAt: times.expiresAt });
    request.topics = (dto.topics ?? []).map((id) => id.toLowerCase());
    request.note = dto.note?.trim() || null;
    const messages = await this.em.transactional(async (em) => {
      em.persist(request);
      await em.flush();
      return this.outbox.write(em, await this.requestDrafts(em, request, false));
    });
    await this.outbox.queueAfterCommit(messages);
    await this.scheduleJobs(request, times.remindAt, now);
    return request;
  }

  async answer(
    forumRef: string,
    organisationId: string,
    requestId: string,
    accept: boolean,
    principal: Principal | undefined,
  ): Promise<MeetingRequest> {
    const forum = await this.forum(forumRef, principal);
    await this.participant(forum, organisationId);
    const messages = await this.em.transactional(async (em) => {
      const request = await lockRequest(em, { id: requestId, forum: forum.id });
      if (!request || (request.requester.id !== organisationId && request.counterpart.id !== organisationId)) {
        throw ProblemException.notFound('Meeting request', requestId);
      }
      const now = this.clock.now();
      const refusal = answerRefusal({ ...request, counterpartId: request.counterpart.id }, organisationId, now);
      if (refusal === 'not_counterpart') {
        throw new ProblemException(HttpStatus.FORBIDDEN, ProblemCode.Forbidden, 'Only the organisation asked answers a meeting request.');
      }
      if (refusal) {
        throw ProblemException.conflict(
          ProblemCode.InvalidTransition,
          refusal === 'expired' ? 'The request expired before it was answered.' : `The request was already ${request.state}.`,
          'state',
        );
      }
      request.state = accept ? 'accepted' : 'declined';
      request.answeredAt = now;
      if (accept) {
        const needs = await this.interpretationNeeds(em, forum.id);
        const meeting = new Meeting({ request, forum, acceptedAt: now });
        meeting.interpretation = meetingInterpretation(needs, [request.requester.id, request.counterpart.id]);
        em.persist(meeting);
      }
      await em.flush();
      return this.outbox.write(em, await this.answerDrafts(em, request));
    });
    await this.outbox.queueAfterCommit(messages);
    const request = await this.em.findOneOrFail(
      MeetingRequest,
      { id: requestId },
      { populate: ['requester', 'counterpart'], refresh: true },
    );
    return request;
  }

  /** The organisations of an edition with a delegate who needs FR↔KO interpretation. */
  async interpretationNeeds(em: EntityManager, forumId: string): Promise<Set<string>> {
    const delegates = await em.find(
      Delegate,
      { needsInterpretation: true, registration: { forum: forumId, status: { $in: [...ACTIVE_STATUSES] } } },
      { populate: ['registration'] },
    );
    return new Set(delegates.map((d) => d.registration.organisation.id));
  }

  // ── Reminder and expiry (jobs) ───────────────────────────────────────────

  private async scheduleJobs(request: MeetingRequest, remindAt: Date, now: Date): Promise<void> {
    const jobs = [
      meetingRequestJob('reminder', request.id, remindAt.getTime() - now.getTime()),
      meetingRequestJob('expiry', request.id, request.expiresAt.getTime() - now.getTime()),
    ];
    // Redis away: the request still expires as read (stateAt), only the emails wait.
    await this.queue.addBulk(jobs).catch(() => undefined);
  }

  /**
   * Puts back the reminder and expiry jobs of unanswered requests that Redis lost (a flush, an
   * enqueue while it was away): a reminder still owed, an expiry at its time or at once if past.
   */
  async reconcile(): Promise<number> {
    const em = this.em.fork();
    const now = this.clock.now();
    const waiting = await em.find(MeetingRequest, { state: 'requested' }, { orderBy: { expiresAt: 'asc' }, limit: 1_000 });
    let rebuilt = 0;
    for (const request of waiting) {
      const owed: ('reminder' | 'expiry')[] = request.remindedAt === null && now < request.expiresAt ? ['reminder', 'expiry'] : ['expiry'];
      for (const kind of owed) {
        const at = kind === 'reminder' ? remindAtOf(request.createdAt, request.expiresAt) : request.expiresAt;
        const job = meetingRequestJob(kind, request.id, at.getTime() - now.getTime());
        if (!(await this.queue.getJob(job.opts.jobId as string))) {
          await this.queue.add(job.name, job.data, job.opts);
          rebuilt += 1;
        }
      }
    }
    return rebuilt;
  }

  /** The one reminder to the counterpart, if the request still waits for its answer. */
  async remind(requestId: string): Promise<boolean> {
    const messages = await this.em.fork().transactional(async (em) => {
      const request = await lockRequest(em, { id: requestId });
      const now = this.clock.now();
      if (!request || !reminderDue(request, now, now)) {
        return null;
      }
      request.remindedAt = now;
      await em.flush();
      return this.outbox.write(em, await this.requestDrafts(em, request, true));
    });
    if (messages) {
      await this.outbox.queueAfterCommit(messages);
    }
    return messages !== null;
  }

  /** An unanswered request past its time becomes expired, and its requester is told. */
  async expire(requestId: string): Promise<boolean> {
    const messages = await this.em.fork().transactional(async (em) => {
      const request = await lockRequest(em, { id: requestId });
      const now = this.clock.now();
      if (!request || request.state !== 'requested' || stateAt(request, now) !== 'expired') {
        return null;
      }
      request.state = 'expired';
      await em.flush();
      return this.outbox.write(em, await this.answerDrafts(em, request));
    });
    if (messages) {
      await this.outbox.queueAfterCommit(messages);
    }
    return messages !== null;
  }

  // ── Emails ───────────────────────────────────────────────────────────────

  private async contactsOf(em: EntityManager, organisation: Organisation, kind: string): Promise<Contact[]> {
    const contacts = await em.find(Contact, { organisation, erasedAt: null }, { orderBy: { createdAt: 'asc' } });
    return contacts.filter((c) => !c.unsubscribedFrom.includes(kind));
  }

  private async requestDrafts(em: EntityManager, request: MeetingRequest, reminder: boolean): Promise<MessageDraft[]> {
    const forum = request.forum;
    const themes = await em.find(Theme, { id: { $in: request.topics } }, { orderBy: { position: 'asc' } });
    const expires = renderInstant(request.expiresAt, forum.timeZone);
    return (await this.contactsOf(em, request.counterpart, MEETING_REQUEST_KIND)).map((contact) => ({
      kind: MEETING_REQUEST_KIND,
      recipient: contact.email,
      locale: contact.locale,
      template: 'meeting-request',
      dedupeKey: `meeting-request-${request.id}-${reminder ? 'reminder' : 'new'}-${contact.id}`,
      scheduledFor: this.clock.now(),
      forumId: forum.id,
      data: {
        name: contact.firstName,
        requester: organisationName(request.requester, contact.locale),
        forum: pickLocale(forum.title, contact.locale),
        topics: themes.map((t) => pickLocale(t.title, contact.locale)).join(', ') || '—',
        note: request.note ?? '',
        expiresParis: readableTime(expires.paris),
        expiresSeoul: readableTime(expires.seoul),
        url: this.urls.registration(forum.slug),
        reminder,
      },
    }));
  }

  private async answerDrafts(em: EntityManager, request: MeetingRequest): Promise<MessageDraft[]> {
    const forum = request.forum;
    return (await this.contactsOf(em, request.requester, MEETING_ANSWER_KIND)).map((contact) => ({
      kind: MEETING_ANSWER_KIND,
      recipient: contact.email,
      locale: contact.locale,
      template: 'meeting-answer',
      dedupeKey: `meeting-answer-${request.id}-${request.state}-${contact.id}`,
      scheduledFor: this.clock.now(),
      forumId: forum.id,
      data: {
        name: contact.firstName,
        counterpart: organisationName(request.counterpart, contact.locale),
        forum: pickLocale(forum.title, contact.locale),
        url: this.urls.registration(forum.slug),
        accepted: request.state === 'accepted',
        declined: request.state === 'declined',
        expired: request.state === 'expired',
      },
    }));
  }
}

export type { WaitingMessage };

/** The request's row locked for the transaction (answers, reminder and expiry never cross), then what it refers to. */
async function lockRequest(em: EntityManager, where: { id: string; forum?: string }): Promise<MeetingRequest | null> {
  const request = await em.findOne(MeetingRequest, where, { lockMode: LockMode.PESSIMISTIC_WRITE });
  if (request) {
    await em.populate(request, ['requester', 'counterpart', 'forum']);
  }
  return request;
}

function tags(values: readonly string[]): string[] {
  const seen = new Set<string>();
  const kept: string[] = [];
  for (const value of values) {
    const tag = value.trim().replace(/\s+/g, ' ');
    if (tag && !seen.has(competenceKey(tag))) {
      seen.add(competenceKey(tag));
      kept.push(tag);
    }
  }
  return kept;
}

export function toMatchProfile(profile: MeetingProfile): MatchProfile {
  return {
    offers: { themeIds: profile.offersThemeIds, competences: profile.offersCompetences },
    seeks: {
      themeIds: profile.seeksThemeIds,
      competences: profile.seeksCompetences,
      partnerKinds: profile.partnerKinds,
      partnerSizes: profile.partnerSizes,
    },
    languages: profile.languages,
  };
}
