import { HttpStatus, Injectable } from '@nestjs/common';
import { EntityManager, raw, type FilterQuery } from '@mikro-orm/postgresql';
import { Page, toPage } from '../common/pagination';
import { type FieldError, ProblemCode, ProblemException } from '../common/problem';
import { instantOf } from '../common/instant-input';
import { localDateOf } from '../common/time';
import type { Forum } from '../forums/forum.entity';
import { ForumsService } from '../forums/forums.service';
import { Theme } from '../forums/theme.entity';
import { Organisation } from '../organisations/organisation.entity';
import { DomainEvents } from '../events/domain-events';
import { CreateSessionDto, ListSessionsQuery, SessionHostDto, UpdateSessionDto } from './dto/session.dto';
import { Session, SessionChange, SessionHost, type SessionKind } from './session.entity';
import { ConfirmedSeatCounts, SeatsMayHaveFreed, SessionCalendarChanged } from './session-events';

/** What a calendar shows: a change to any of these raises the sequence (once per change). */
const CALENDAR_FIELDS = new Set([
  'title',
  'startsAt',
  'endsAt',
  'venueName',
  'venueAddress',
  'venueCity',
  'onlineUrl',
  'meetingPoint',
  'status',
]);
const MIXED_HOST_KINDS: ReadonlySet<SessionKind> = new Set(['seminar', 'workshop']);
const FRANCE_AND_KOREA = ['FR', 'KR'];
/** How long a cancelled session stays in the feeds, so subscribed calendars see it go. */
const CANCELLED_IN_FEEDS_MS = 30 * 24 * 3600_000;

/** What is worth a second look but no error: a code for pages to word, the API's own sentence. */
export interface SessionWarning {
  code: 'EDITION_DATES_OPEN' | 'HOSTS_NOT_MIXED';
  message: string;
  /** The hosts' countries, for HOSTS_NOT_MIXED. */
  countries: string[];
}

type Changes = Record<string, { before: unknown; after: unknown }>;

function comparable(value: unknown): string {
  return JSON.stringify(value instanceof Date ? value.toISOString() : (value ?? null));
}

function snapshotValue(value: unknown): unknown {
  return value instanceof Date ? value.toISOString() : (value ?? null);
}

/** The programme's sessions: rules on time, place and hosts, and a history of every change. */
@Injectable()
export class SessionsService {
  constructor(
    private readonly em: EntityManager,
    private readonly forums: ForumsService,
    private readonly events: DomainEvents,
  ) {}

  async list(forumRef: string, query: ListSessionsQuery): Promise<Page<Session>> {
    const forum = await this.forums.get(forumRef, true);
    const where: FilterQuery<Session> = { forum };
    if (query.status) {
      where.status = query.status;
    }
    if (query.kind) {
      where.kind = query.kind;
    }
    const [items, total] = await this.em.findAndCount(Session, where, {
      populate: ['hosts.organisation', 'forum'],
      orderBy: { startsAt: 'asc', id: 'asc' },
      limit: query.perPage,
      offset: query.offset,
    });
    return toPage(items, total, query);
  }

  /** What a public feed shows: published sessions, and those cancelled in the last 30 days (so calendars drop them). */
  async forFeed(forum: Forum, themeId?: string): Promise<Session[]> {
    const cancelledSince = new Date(Date.now() - CANCELLED_IN_FEEDS_MS);
    const where: FilterQuery<Session> = {
      forum,
      $or: [{ status: 'published' }, { status: 'cancelled', updatedAt: { $gte: cancelledSince } }],
    };
    if (themeId) {
      where.theme = themeId;
    }
    return this.em.find(Session, where, { populate: ['hosts.organisation'], orderBy: { startsAt: 'asc', id: 'asc' } });
  }

  /** When a feed of these sessions changes by itself, with no write: the first cancelled one leaves it. */
  feedChangesAt(sessions: Session[]): Date | null {
    const leaving = sessions.filter((s) => s.status === 'cancelled').map((s) => s.updatedAt.getTime() + CANCELLED_IN_FEEDS_MS);
    return leaving.length > 0 ? new Date(Math.min(...leaving)) : null;
  }

  async get(forumRef: string, sessionId: string): Promise<Session> {
    const forum = await this.forums.get(forumRef, true);
    return this.session(forum, sessionId);
  }

  async create(forumRef: string, dto: CreateSessionDto, actor: string): Promise<{ session: Session; warnings: SessionWarning[] }> {
    const forum = await this.forums.get(forumRef, true);
    const startsAt = instantOf(dto.startsAt, dto.timeZone, 'startsAt');
    const endsAt = instantOf(dto.endsAt, dto.timeZone, 'endsAt');
    const session = new Session({ forum, kind: dto.kind, title: dto.title, startsAt, endsAt });
    session.description = dto.description ?? {};
    session.theme = dto.themeId ? await this.theme(forum, dto.themeId) : null;
    this.applyDetails(session, dto);
    session.status = dto.status ?? 'draft';
    const hosts = await this.hostsOf(session, dto.hosts ?? []);
    const warnings = this.check(session, hosts);
    await this.em.transactional(async (em) => {
      await this.ensureVenueFree(em, session);
      em.persist(session);
      em.persist(hosts);
      em.persist(
        new SessionChange({
          session,
          sequence: session.sequence,
          visible: false,
          changes: { created: { before: null, after: session.status } },
          changedBy: actor,
        }),
      );
    });
    return { session, warnings };
  }

  /** Applies a change; the sequence grows by one if anything a calendar shows changed. */
  async update(
    forumRef: string,
    sessionId: string,
    dto: UpdateSessionDto,
    actor: string,
  ): Promise<{ session: Session; warnings: SessionWarning[] }> {
    const forum = await this.forums.get(forumRef, true);
    const session = await this.session(forum, sessionId);
    if (session.status === 'cancelled') {
      throw ProblemException.conflict(ProblemCode.SessionCancelled, 'This session is cancelled; create a new one rather than change it.');
    }
    if (dto.status === 'draft' && session.status === 'published') {
      throw ProblemException.conflict(
        ProblemCode.InvalidTransition,
        'A published session cannot go back to draft: cancel it (POST …/cancel) so calendars remove it.',
        'status',
      );
    }
    const before = this.snapshot(session);
    if (dto.kind !== undefined) {
      session.kind = dto.kind;
    }
    if (dto.title !== undefined) {
      session.title = dto.title;
    }
    if (dto.description !== undefined) {
      session.description = dto.description;
    }
    if (dto.themeId !== undefined) {
      session.theme = dto.themeId ? await this.theme(forum, dto.themeId) : null;
    }
    if (dto.startsAt !== undefined) {
      session.startsAt = instantOf(dto.startsAt, dto.timeZone, 'startsAt');
    }
    if (dto.endsAt !== undefined) {
      session.endsAt = instantOf(dto.endsAt, dto.timeZone, 'endsAt');
    }
    this.applyDetails(session, dto);
    if (dto.status !== undefined) {
      session.status = dto.status;
    }
    const hosts = dto.hosts ? await this.hostsOf(session, dto.hosts) : session.hosts.getItems();
    const warnings = this.check(session, hosts);
    const after = this.snapshot(session, dto.hosts ? hosts : undefined);
    const changes: Changes = {};
    for (const [field, value] of Object.entries(after)) {
      if (comparable(value) !== comparable(before[field])) {
        changes[field] = { before: snapshotValue(before[field]), after: snapshotValue(value) };
      }
    }
    if (Object.keys(changes).length === 0) {
      return { session, warnings };
    }
    const visible = Object.keys(changes).some((field) => CALENDAR_FIELDS.has(field));
    if (visible) {
      session.sequence += 1;
    }
    await this.em.transactional(async (em) => {
      await this.ensureVenueFree(em, session);
      em.persist(session);
      if (dto.hosts) {
        session.hosts.set(hosts);
      }
      em.persist(new SessionChange({ session, sequence: session.sequence, visible, changes, changedBy: actor }));
    });
    if (changes.capacity || changes.status) {
      // More seats, or a session newly published: the waitlist moves up.
      await this.events.emit(SeatsMayHaveFreed, { sessionId: session.id });
    }
    if (visible && session.status === 'published') {
      await this.fanOut(session);
    }
    return { session, warnings };
  }

  async cancel(forumRef: string, sessionId: string, reason: string, actor: string): Promise<Session> {
    const forum = await this.forums.get(forumRef, true);
    const session = await this.session(forum, sessionId);
    if (session.status === 'cancelled') {
      throw ProblemException.conflict(ProblemCode.SessionCancelled, 'This session is already cancelled.');
    }
    const previous = session.status;
    session.status = 'cancelled';
    session.cancelReason = reason.trim();
    session.sequence += 1;
    this.em.persist(
      new SessionChange({
        session,
        sequence: session.sequence,
        visible: true,
        changes: { status: { before: previous, after: 'cancelled' }, cancelReason: { before: null, after: session.cancelReason } },
        changedBy: actor,
      }),
    );
    await this.em.flush();
    if (previous === 'published') {
      await this.fanOut(session);
    }
    return session;
  }

  /** Only drafts go: a published session is cancelled, so calendars that hold it remove it. */
  async remove(forumRef: string, sessionId: string): Promise<void> {
    const forum = await this.forums.get(forumRef, true);
    const session = await this.session(forum, sessionId);
    if (session.status !== 'draft') {
      throw ProblemException.conflict(
        ProblemCode.SessionPublished,
        `A ${session.status} session cannot be deleted${session.status === 'published' ? ': cancel it, with a reason (POST …/cancel)' : ''}.`,
      );
    }
    await this.em.remove(session).flush();
  }

  /** Attendees' calendars follow the change (participation sends the invites). */
  private async fanOut(session: Session): Promise<void> {
    await this.events.emit(SessionCalendarChanged, { sessionId: session.id, sequence: session.sequence });
  }

  /** Confirmed seats per session, in one query (participation keeps the seats). */
  async confirmedCounts(sessionIds: string[]): Promise<Map<string, number>> {
    const answers = await this.events.emit(ConfirmedSeatCounts, { sessionIds });
    return new Map(answers.flatMap((counts) => [...counts]));
  }

  async changes(forumRef: string, sessionId: string): Promise<SessionChange[]> {
    const session = await this.get(forumRef, sessionId);
    return this.em.find(SessionChange, { session }, { orderBy: { createdAt: 'asc', sequence: 'asc' } });
  }

  private applyDetails(session: Session, dto: UpdateSessionDto): void {
    const text = (value: string | null | undefined, current: string | null) => (value === undefined ? current : value?.trim() || null);
    session.venueName = text(dto.venueName, session.venueName);
    session.venueAddress = text(dto.venueAddress, session.venueAddress);
    session.venueCity = text(dto.venueCity, session.venueCity);
    session.onlineUrl = text(dto.onlineUrl, session.onlineUrl);
    session.meetingPoint = text(dto.meetingPoint, session.meetingPoint);
    session.transportNotes = text(dto.transportNotes, session.transportNotes);
    if (dto.capacity !== undefined) {
      session.capacity = dto.capacity;
    }
    if (dto.interpretation !== undefined) {
      session.interpretation = dto.interpretation;
    }
    if (dto.interpretationLanguages !== undefined) {
      session.interpretationLanguages = dto.interpretationLanguages;
    }
  }

  /** The rules: errors throw 400 naming the field; what is merely worth a look comes back as warnings. */
  private check(session: Session, hosts: SessionHost[]): SessionWarning[] {
    const errors: FieldError[] = [];
    const warnings: SessionWarning[] = [];
    const forum = session.forum;
    if (session.endsAt <= session.startsAt) {
      errors.push({
        field: 'endsAt',
        message: `endsAt (${session.endsAt.toISOString()}) must be after startsAt (${session.startsAt.toISOString()})`,
      });
    }
    const firstDay = localDateOf(session.startsAt, forum.timeZone);
    const lastDay = localDateOf(new Date(session.endsAt.getTime() - 1), forum.timeZone);
    if (forum.startDate && forum.endDate) {
      if (firstDay < forum.startDate || lastDay > forum.endDate) {
        errors.push({
          field: firstDay < forum.startDate ? 'startsAt' : 'endsAt',
          message: `the session must lie within the edition's dates, ${forum.startDate} to ${forum.endDate} (${forum.timeZone})`,
        });
      }
    } else {
      warnings.push({
        code: 'EDITION_DATES_OPEN',
        message: "The edition's dates are not fixed yet: check this session once they are.",
        countries: [],
      });
    }
    if (!session.venueName && !session.onlineUrl) {
      errors.push({ field: 'venueName', message: 'a session needs a venue (venueName) or an online link (onlineUrl), or both' });
    }
    if (session.kind === 'field_visit') {
      if (!session.capacity) {
        errors.push({ field: 'capacity', message: 'a field visit needs a capacity (its number of seats)' });
      }
      if (!hosts.some((h) => h.role === 'host')) {
        errors.push({ field: 'hosts', message: 'a field visit needs a host organisation (a host with role "host")' });
      }
    }
    if (session.interpretation !== 'none' && session.interpretationLanguages.length < 2) {
      errors.push({ field: 'interpretationLanguages', message: 'interpretation needs the languages it joins, e.g. ["fr", "ko"]' });
    }
    if (errors.length > 0) {
      throw ProblemException.validation(errors);
    }
    if (MIXED_HOST_KINDS.has(session.kind)) {
      const countries = new Set(hosts.map((h) => h.organisation.country));
      if (!FRANCE_AND_KOREA.every((c) => countries.has(c))) {
        warnings.push({
          code: 'HOSTS_NOT_MIXED',
          message: `A ${session.kind} is best led by French and Korean authorities together; its hosts come from ${[...countries].join(', ') || 'nowhere yet'}.`,
          countries: [...countries],
        });
      }
    }
    return warnings;
  }

  private async hostsOf(session: Session, hosts: SessionHostDto[]): Promise<SessionHost[]> {
    const ids = hosts.map((h) => h.organisationId.toLowerCase());
    const organisations = ids.length ? await this.em.find(Organisation, { id: { $in: ids } }) : [];
    const errors: FieldError[] = [];
    ids.forEach((id, index) => {
      if (!organisations.some((o) => o.id === id)) {
        errors.push({ field: `hosts.${index}.organisationId`, message: `no organisation has the id ${id}` });
      } else if (ids.indexOf(id) !== index) {
        errors.push({ field: `hosts.${index}.organisationId`, message: 'an organisation is listed twice' });
      }
    });
    if (errors.length > 0) {
      throw ProblemException.validation(errors);
    }
    const existing = new Map(session.hosts.isInitialized() ? session.hosts.getItems().map((h) => [h.organisation.id, h]) : []);
    return hosts.map((h, index) => {
      const organisation = organisations.find((o) => o.id === ids[index]) as Organisation;
      const kept = existing.get(organisation.id);
      if (kept) {
        kept.role = h.role;
        return kept;
      }
      return new SessionHost({ session, organisation, role: h.role });
    });
  }

  /**
   * The same venue is not booked twice at once, in any edition. An advisory lock on the venue
   * serialises concurrent bookings, so two requests cannot both see it free.
   */
  private async ensureVenueFree(em: EntityManager, session: Session): Promise<void> {
    if (!session.venueName || session.status === 'cancelled') {
      return;
    }
    const name = session.venueName.toLowerCase();
    const city = (session.venueCity ?? '').toLowerCase();
    await em.execute('select pg_advisory_xact_lock(hashtext(?))', [`venue|${name}|${city}`]);
    const clash = await em.findOne(
      Session,
      {
        [raw('lower(venue_name)')]: name,
        [raw("coalesce(lower(venue_city), '')")]: city,
        status: { $ne: 'cancelled' },
        startsAt: { $lt: session.endsAt },
        endsAt: { $gt: session.startsAt },
        id: { $ne: session.id },
      },
      { populate: ['forum'] },
    );
    if (clash) {
      throw new ProblemException(
        HttpStatus.CONFLICT,
        ProblemCode.VenueTaken,
        `${session.venueName} is already booked then, for "${clash.title.fr ?? clash.title.en ?? clash.title.ko ?? clash.id}" (${clash.startsAt.toISOString()} – ${clash.endsAt.toISOString()}).`,
        {
          errors: [{ field: 'venueName', message: 'the venue is booked at that time' }],
          conflictingSessionId: clash.id,
        },
      );
    }
  }

  private snapshot(session: Session, hosts?: SessionHost[]): Record<string, unknown> {
    return {
      kind: session.kind,
      title: session.title,
      description: session.description,
      themeId: session.theme?.id ?? null,
      startsAt: session.startsAt,
      endsAt: session.endsAt,
      venueName: session.venueName,
      venueAddress: session.venueAddress,
      venueCity: session.venueCity,
      onlineUrl: session.onlineUrl,
      capacity: session.capacity,
      interpretation: session.interpretation,
      interpretationLanguages: session.interpretationLanguages,
      meetingPoint: session.meetingPoint,
      transportNotes: session.transportNotes,
      status: session.status,
      hosts: (hosts ?? session.hosts.getItems()).map((h) => `${h.organisation.id}:${h.role}`).sort(),
    };
  }

  private async session(forum: Forum, sessionId: string): Promise<Session> {
    const session = await this.em.findOne(Session, { id: sessionId, forum }, { populate: ['hosts.organisation', 'forum'] });
    if (!session) {
      throw ProblemException.notFound('Session', sessionId);
    }
    return session;
  }

  private async theme(forum: Forum, themeId: string): Promise<Theme> {
    const theme = await this.em.findOne(Theme, { id: themeId, forum });
    if (!theme) {
      throw ProblemException.validation([{ field: 'themeId', message: `no theme of this edition has the id ${themeId}` }]);
    }
    return theme;
  }
}
