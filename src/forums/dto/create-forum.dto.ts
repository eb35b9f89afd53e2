import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, IsISO31661Alpha2, IsOptional, IsString, Matches, Max, MaxLength, Min, ValidateIf } from 'class-validator';
import {
  LocalizedDescriptionDto,
  LocalizedDescriptionField,
  LocalizedTitleDto,
  LocalizedTitleField,
} from '../../common/localized-text.dto';
import { IsIanaZone, IsLocalDate } from '../../common/validators';
import { FORUM_STATUSES, type ForumStatus } from '../forum.entity';

export const SLUG_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

export class CreateForumDto {
  @ApiProperty({ example: 'forum-franco-coreen-2024', description: 'Lower-case words joined by hyphens; used in public URLs.' })
  @IsString()
  @MaxLength(80)
  @Matches(SLUG_PATTERN, { message: 'slug must be lower-case letters and digits joined by single hyphens, e.g. forum-franco-coreen-2024' })
  slug!: string;

  @ApiPropertyOptional({
    example: 'franco-korean-forum',
    default: 'franco-korean-forum',
    description: 'The series the edition belongs to.',
  })
  @IsOptional()
  @IsString()
  @MaxLength(80)
  @Matches(SLUG_PATTERN, { message: 'series must be lower-case letters and digits joined by single hyphens' })
  series?: string;

  @ApiProperty({ example: 2, minimum: 1 })
  @IsInt()
  @Min(1)
  @Max(1000)
  editionNumber!: number;

  @LocalizedTitleField()
  title!: LocalizedTitleDto;

  @LocalizedDescriptionField()
  description?: LocalizedDescriptionDto;

  @ApiProperty({ example: 'KR', description: 'ISO 3166-1 alpha-2 country code of the host country.' })
  @IsString()
  @IsISO31661Alpha2({ message: 'hostCountry must be an ISO 3166-1 alpha-2 country code such as FR or KR' })
  hostCountry!: string;

  @ApiProperty({ example: 'Asia/Seoul', description: 'IANA time zone the edition takes place in.' })
  @IsString()
  @IsIanaZone()
  timeZone!: string;

  @ApiPropertyOptional({
    enum: FORUM_STATUSES,
    default: 'draft',
    description: 'draft → published → archived (a draft may also be archived directly, to record a past edition).',
  })
  @IsOptional()
  @IsIn(FORUM_STATUSES)
  status?: ForumStatus;

  @ApiPropertyOptional({
    example: 6,
    nullable: true,
    minimum: 1,
    description: 'How many delegates one organisation may send; null for no limit.',
  })
  @ValidateIf((_, value) => value !== null && value !== undefined)
  @IsInt()
  @Min(1)
  @Max(1000)
  maxDelegatesPerOrganisation?: number | null;

  @ApiPropertyOptional({
    example: '2024-09-24',
    nullable: true,
    format: 'date',
    description: 'First day once the dates are fixed (local date in timeZone). From 1950-01-01 to 2100-12-31.',
  })
  @ValidateIf((_, value) => value !== null && value !== undefined)
  @IsLocalDate()
  startDate?: string | null;

  @ApiPropertyOptional({
    example: '2024-09-26',
    nullable: true,
    format: 'date',
    description: 'Last day (inclusive); required with startDate. From 1950-01-01 to 2100-12-31.',
  })
  @ValidateIf((_, value) => value !== null && value !== undefined)
  @IsLocalDate()
  endDate?: string | null;
}
