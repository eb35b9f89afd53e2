import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { FORUM_STATUSES, type ForumStatus, type Forum } from './forum.entity';
import { LocalizedDescriptionDto, LocalizedTitleDto } from '../common/localized-text.dto';
import type { PublicUrls } from '../config/public-urls';

export class ForumLinks {
  @ApiProperty({ example: 'http://localhost:3000/api/forums/0b7c…' })
  self!: string;

  @ApiProperty({
    example: 'http://localhost:3000/calendar/forums/forum-franco-coreen-2024.ics',
    description: 'Public iCal feed (published editions only).',
  })
  calendar!: string;
}

/** A forum edition as the API returns it. */
export class ForumView {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty()
  slug!: string;

  @ApiProperty({ example: 'franco-korean-forum' })
  series!: string;

  @ApiProperty()
  editionNumber!: number;

  @ApiProperty({ type: LocalizedTitleDto })
  title!: LocalizedTitleDto;

  @ApiProperty({ type: LocalizedDescriptionDto })
  description!: LocalizedDescriptionDto;

  @ApiProperty({ example: 'KR' })
  hostCountry!: string;

  @ApiProperty({ example: 'Asia/Seoul' })
  timeZone!: string;

  @ApiProperty({ enum: FORUM_STATUSES })
  status!: ForumStatus;

  @ApiPropertyOptional({ nullable: true, example: '2024-09-24', type: String })
  startDate!: string | null;

  @ApiPropertyOptional({ nullable: true, example: '2024-09-26', type: String })
  endDate!: string | null;

  @ApiProperty({ description: 'True once startDate and endDate are fixed.' })
  datesFixed!: boolean;

  @ApiProperty({ description: 'True while the date poll takes votes.' })
  pollOpen!: boolean;

  @ApiPropertyOptional({ nullable: true, type: Number, description: 'Delegates one organisation may send.' })
  maxDelegatesPerOrganisation!: number | null;

  @ApiProperty()
  createdAt!: string;

  @ApiProperty()
  updatedAt!: string;

  @ApiProperty({ type: ForumLinks })
  links!: ForumLinks;
}

export class ForumPage {
  @ApiProperty({ type: [ForumView] })
  items!: ForumView[];

  @ApiProperty()
  page!: number;

  @ApiProperty()
  perPage!: number;

  @ApiProperty()
  total!: number;
}

export function toForumView(forum: Forum, urls: PublicUrls): ForumView {
  return {
    id: forum.id,
    slug: forum.slug,
    series: forum.series,
    editionNumber: forum.editionNumber,
    title: forum.title,
    description: forum.description,
    hostCountry: forum.hostCountry,
    timeZone: forum.timeZone,
    status: forum.status,
    startDate: forum.startDate,
    endDate: forum.endDate,
    datesFixed: forum.startDate !== null && forum.endDate !== null,
    pollOpen: forum.pollClosedAt === null,
    maxDelegatesPerOrganisation: forum.maxDelegatesPerOrganisation,
    createdAt: forum.createdAt.toISOString(),
    updatedAt: forum.updatedAt.toISOString(),
    links: {
      self: urls.forumApi(forum.id),
      calendar: urls.programmeFeed(forum.slug),
    },
  };
}
