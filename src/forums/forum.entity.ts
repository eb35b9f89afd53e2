import { Entity, Enum, Index, Property } from '@mikro-orm/decorators/legacy';
import { BaseEntity } from '../database/base.entity';
import type { LocalizedText } from '../common/locale';

export const FORUM_STATUSES = ['draft', 'published', 'archived'] as const;
export type ForumStatus = (typeof FORUM_STATUSES)[number];
export const DEFAULT_SERIES = 'franco-korean-forum';

/** An edition of a forum (e.g. the 2nd Franco-Korean Forum, Korea, 2024). */
@Entity({ tableName: 'forum' })
@Index({ properties: ['status', 'startDate'] })
@Index({ properties: ['series', 'editionNumber'] })
export class Forum extends BaseEntity {
  @Property({ type: 'text', unique: true })
  slug: string;

  /** The series the edition belongs to, e.g. franco-korean-forum; editions are numbered within it. */
  @Property({ type: 'text', default: DEFAULT_SERIES })
  series: string = DEFAULT_SERIES;

  @Property({ type: 'integer' })
  editionNumber: number;

  @Property({ type: 'json' })
  title: LocalizedText;

  @Property({ type: 'json' })
  description: LocalizedText = {};

  /** ISO 3166 alpha-2. */
  @Property({ type: 'string', length: 2 })
  hostCountry: string;

  /** IANA zone the edition happens in; local dates are read in it. */
  @Property({ type: 'text' })
  timeZone: string;

  @Enum({ items: () => FORUM_STATUSES, default: 'draft' })
  status: ForumStatus = 'draft';

  /** First day, once fixed (local date in `timeZone`). */
  @Property({ type: 'date', nullable: true })
  startDate: string | null = null;

  /** Last day, inclusive, once fixed. */
  @Property({ type: 'date', nullable: true })
  endDate: string | null = null;

  /** How many delegates one organisation may send; none means no limit. */
  @Property({ type: 'integer', nullable: true })
  maxDelegatesPerOrganisation: number | null = null;

  /** Set when the date poll stops taking votes (closed, or a date chosen). */
  @Property({ type: 'datetime', columnType: 'timestamptz', nullable: true })
  pollClosedAt: Date | null = null;

  constructor(fields: { slug: string; editionNumber: number; title: LocalizedText; hostCountry: string; timeZone: string }) {
    super();
    this.slug = fields.slug;
    this.editionNumber = fields.editionNumber;
    this.title = fields.title;
    this.hostCountry = fields.hostCountry;
    this.timeZone = fields.timeZone;
  }
}
