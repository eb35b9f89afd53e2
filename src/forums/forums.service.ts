import { HttpStatus, Injectable } from '@nestjs/common';
import { EntityManager, UniqueConstraintViolationException } from '@mikro-orm/postgresql';
import { forumCalendar } from './forum-calendar';
import { organiser } from '../ical/ical';
import { Clock } from '../common/clock';
import { pickLocale, type Locale } from '../common/locale';
import { Page, toPage } from '../common/pagination';
import { UUID_PATTERN } from '../common/id.pipe';
import { ProblemCode, ProblemException } from '../common/problem';
import { formatLocalDateRange } from '../common/time';
import { AppConfig } from '../config/app-config';
import { PublicUrls } from '../config/public-urls';
import { type MessageDraft, Outbox } from '../outbox/outbox.service';
import { CreateForumDto } from './dto/create-forum.dto';
import { ListForumsQuery } from './dto/list-forums.query';
import { UpdateForumDto } from './dto/update-forum.dto';
import { DEFAULT_SERIES, Forum, FORUM_STATUSES, type ForumStatus } from './forum.entity';

const PUBLIC_STATUSES: readonly ForumStatus[] = ['published', 'archived'];
const STATUS_TRANSITIONS: Record<ForumStatus, readonly ForumStatus[]> = {
  draft: ['published', 'archived'],
  published: ['archived'],
  archived: [],
};
// The organisers' shared mailbox reads French.
const ORGANISERS_LOCALE: Locale = 'fr';

@Injectable()
export class ForumsService {
  constructor(
    private readonly em: EntityManager,
    private readonly outbox: Outbox,
    private readonly config: AppConfig,
    private readonly urls: PublicUrls,
    private readonly clock: Clock,
  ) {}

  async list(query: ListForumsQuery, asOrganiser: boolean): Promise<Page<Forum>> {
    const visible = asOrganiser ? FORUM_STATUSES : PUBLIC_STATUSES;
    const statuses = query.status ? visible.filter((status) => status === query.status) : visible;
    const where = query.series ? { status: { $in: [...statuses] }, series: query.series } : { status: { $in: [...statuses] } };
    const [items, total] = await this.em.findAndCount(Forum, where, {
      orderBy: query.series ? { editionNumber: 'asc', id: 'asc' } : { startDate: 'desc nulls first', editionNumber: 'desc', id: 'asc' },
      limit: query.perPage,
      offset: query.offset,
    });
    return toPage(items, total, query);
  }

  /** By id or by slug; drafts are visible to organisers only. */
  async get(idOrSlug: string, asOrganiser: boolean): Promise<Forum> {
    const forum = await this.em.findOne(Forum, UUID_PATTERN.test(idOrSlug) ? { id: idOrSlug } : { slug: idOrSlug });
    if (!forum || (!asOrganiser && !PUBLIC_STATUSES.includes(forum.status))) {
      throw ProblemException.notFound('Forum', idOrSlug);
    }
    return forum;
  }

  async findPublishedBySlug(slug: string): Promise<Forum | null> {
    return this.em.findOne(Forum, { slug, status: 'published' });
  }

  async create(dto: CreateForumDto): Promise<Forum> {
    checkDates(dto.startDate ?? null, dto.endDate ?? null);
    const forum = new Forum({ ...dto, hostCountry: dto.hostCountry.toUpperCase() });
    forum.description = dto.description ?? {};
    forum.series = dto.series ?? DEFAULT_SERIES;
    forum.status = dto.status ?? 'draft';
    forum.startDate = dto.startDate ?? null;
    forum.endDate = dto.endDate ?? null;
    forum.maxDelegatesPerOrganisation = dto.maxDelegatesPerOrganisation ?? null;
    const messages = await this.saving(dto.slug, () =>
      this.em.transactional(async (em) => {
        await this.ensureSlugFree(em, dto.slug);
        em.persist(forum);
        return this.outbox.write(em, [this.createdNotice(forum)]);
      }),
    );
    await this.outbox.queueAfterCommit(messages);
    return forum;
  }

  async update(idOrSlug: string, dto: UpdateForumDto): Promise<Forum> {
    const forum = await this.get(idOrSlug, true);
    const startDate = dto.startDate === undefined ? forum.startDate : dto.startDate;
    const endDate = dto.endDate === undefined ? forum.endDate : dto.endDate;
    checkDates(startDate, endDate);
    if (dto.slug !== undefined && dto.slug !== forum.slug) {
      await this.ensureSlugFree(this.em, dto.slug);
      forum.slug = dto.slug;
    }
    if (dto.editionNumber !== undefined) {
      forum.editionNumber = dto.editionNumber;
    }
    if (dto.title !== undefined) {
      forum.title = dto.title;
    }
    if (dto.description !== undefined) {
      forum.description = dto.description;
    }
    if (dto.hostCountry !== undefined) {
      forum.hostCountry = dto.hostCountry.toUpperCase();
    }
    if (dto.timeZone !== undefined) {
      forum.timeZone = dto.timeZone;
    }
    if (dto.series !== undefined) {
      forum.series = dto.series;
    }
    if (dto.maxDelegatesPerOrganisation !== undefined) {
      forum.maxDelegatesPerOrganisation = dto.maxDelegatesPerOrganisation;
    }
    if (dto.status !== undefined && dto.status !== forum.status) {
      if (!STATUS_TRANSITIONS[forum.status].includes(dto.status)) {
        throw ProblemException.conflict(
          ProblemCode.InvalidTransition,
          `An edition cannot go from ${forum.status} to ${dto.status} (draft → published → archived).`,
          'status',
        );
      }
      forum.status = dto.status;
    }
    forum.startDate = startDate;
    forum.endDate = endDate;
    await this.saving(forum.slug, () => this.em.flush());
    return forum;
  }

  private createdNotice(forum: Forum): MessageDraft {
    const now = this.clock.now();
    const locale = ORGANISERS_LOCALE;
    return {
      kind: 'forum_created',
      recipient: this.config.get('organisersEmail'),
      locale,
      template: 'forum-created',
      dedupeKey: `forum-created-${forum.id}`,
      scheduledFor: now,
      forumId: forum.id,
      data: {
        title: pickLocale(forum.title, locale),
        editionNumber: forum.editionNumber,
        slug: forum.slug,
        status: forum.status,
        hostCountry: forum.hostCountry,
        timeZone: forum.timeZone,
        dates: forum.startDate && forum.endDate ? formatLocalDateRange(forum.startDate, forum.endDate, locale) : null,
        apiUrl: this.urls.forumApi(forum.id),
        feedUrl: this.urls.programmeFeed(forum.slug),
      },
      calendar: {
        method: 'PUBLISH',
        content: forumCalendar(forum, {
          locale,
          method: 'PUBLISH',
          publicUrl: this.urls.base,
          stamp: now,
          organiser: organiser(this.config.get('organisersEmail')),
        }),
      },
    };
  }

  private async ensureSlugFree(em: EntityManager, slug: string): Promise<void> {
    if ((await em.count(Forum, { slug })) > 0) {
      throw slugTaken(slug);
    }
  }

  /** A concurrent insert of the same slug loses at the unique index: report it the same way. */
  private async saving<T>(slug: string, work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      if (error instanceof UniqueConstraintViolationException) {
        throw slugTaken(slug);
      }
      throw error;
    }
  }
}

function slugTaken(slug: string): ProblemException {
  return new ProblemException(HttpStatus.CONFLICT, ProblemCode.SlugTaken, `A forum with slug "${slug}" already exists.`, {
    errors: [{ field: 'slug', message: 'slug is already used by another forum' }],
  });
}

function checkDates(startDate: string | null, endDate: string | null): void {
  if ((startDate === null) !== (endDate === null)) {
    const field = startDate === null ? 'startDate' : 'endDate';
    throw ProblemException.validation([{ field, message: `${field} is required when the other date is given (both or neither)` }]);
  }
  if (startDate !== null && endDate !== null && endDate < startDate) {
    throw ProblemException.validation([{ field: 'endDate', message: `endDate (${endDate}) must not be before startDate (${startDate})` }]);
  }
}
