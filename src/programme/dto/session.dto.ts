import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayUnique,
  IsArray,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUrl,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { LOCALES, type Locale } from '../../common/locale';
import {
  LocalizedDescriptionDto,
  LocalizedDescriptionField,
  LocalizedTitleDto,
  LocalizedTitleField,
} from '../../common/localized-text.dto';
import { PageQuery } from '../../common/pagination';
import { IsIanaZone, IsLocalDate } from '../../common/validators';
import {
  HOST_ROLES,
  type HostRole,
  INTERPRETATION_MODES,
  type InterpretationMode,
  SESSION_KINDS,
  SESSION_STATUSES,
  type SessionKind,
  type SessionStatus,
} from '../session.entity';

export class SessionHostDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID('all', { message: 'organisationId must be an organisation id (UUID)' })
  organisationId!: string;

  @ApiProperty({ enum: HOST_ROLES })
  @IsIn(HOST_ROLES, { message: `role must be one of ${HOST_ROLES.join(', ')}` })
  role!: HostRole;
}

const nullable = (_: object, value: unknown) => value !== null;

export class CreateSessionDto {
  @ApiProperty({ enum: SESSION_KINDS })
  @IsIn(SESSION_KINDS, { message: `kind must be one of ${SESSION_KINDS.join(', ')}` })
  kind!: SessionKind;

  @LocalizedTitleField({
    example: { fr: 'Séminaire : diplomatie locale et attractivité territoriale', ko: '세미나: 지방 외교와 지역 매력' },
  })
  title!: LocalizedTitleDto;

  @LocalizedDescriptionField()
  description?: LocalizedDescriptionDto;

  @ApiPropertyOptional({ format: 'uuid', nullable: true })
  @ValidateIf(nullable)
  @IsOptional()
  @IsUUID('all', { message: 'themeId must be a theme id (UUID)' })
  themeId?: string | null;

  @ApiProperty({
    example: '2024-09-24T09:00:00+09:00',
    description: 'An instant with its offset, or a local date-time with timeZone; its date from 1950-01-01 to 2100-12-31.',
  })
  @IsString()
  @MaxLength(40)
  startsAt!: string;

  @ApiProperty({ example: '2024-09-24T12:00:00+09:00' })
  @IsString()
  @MaxLength(40)
  endsAt!: string;

  @ApiPropertyOptional({ example: 'Asia/Seoul', description: 'Zone of startsAt/endsAt when they carry no offset. Never guessed.' })
  @IsOptional()
  @IsIanaZone()
  timeZone?: string;

  @ApiPropertyOptional({ nullable: true, example: 'Seoul Global Center' })
  @ValidateIf(nullable)
  @IsOptional()
  @IsString()
  @MaxLength(200)
  venueName?: string | null;

  @ApiPropertyOptional({ nullable: true })
  @ValidateIf(nullable)
  @IsOptional()
  @IsString()
  @MaxLength(500)
  venueAddress?: string | null;

  @ApiPropertyOptional({ nullable: true, example: 'Séoul' })
  @ValidateIf(nullable)
  @IsOptional()
  @IsString()
  @MaxLength(100)
  venueCity?: string | null;

  @ApiPropertyOptional({ nullable: true, example: 'https://visio.example.org/seminaire' })
  @ValidateIf(nullable)
  @IsOptional()
  @IsUrl({ protocols: ['https', 'http'], require_protocol: true }, { message: 'onlineUrl must be an http(s) URL' })
  @MaxLength(500)
  onlineUrl?: string | null;

  @ApiPropertyOptional({ nullable: true, minimum: 1, description: 'Seats; required for field visits.' })
  @ValidateIf(nullable)
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(100_000)
  capacity?: number | null;

  @ApiPropertyOptional({ enum: INTERPRETATION_MODES, default: 'none' })
  @IsOptional()
  @IsIn(INTERPRETATION_MODES)
  interpretation?: InterpretationMode;

  @ApiPropertyOptional({ type: [String], enum: LOCALES, example: ['fr', 'ko'] })
  @IsOptional()
  @IsArray()
  @ArrayUnique()
  @IsIn(LOCALES, { each: true, message: 'interpretationLanguages must be among fr, ko, en' })
  interpretationLanguages?: Locale[];

  @ApiPropertyOptional({ nullable: true, example: 'Hall de l’hôtel, 8 h 30' })
  @ValidateIf(nullable)
  @IsOptional()
  @IsString()
  @MaxLength(500)
  meetingPoint?: string | null;

  @ApiPropertyOptional({ nullable: true, example: 'Car depuis l’hôtel, 40 minutes' })
  @ValidateIf(nullable)
  @IsOptional()
  @IsString()
  @MaxLength(2_000)
  transportNotes?: string | null;

  @ApiPropertyOptional({ enum: ['draft', 'published'], default: 'draft', description: 'Cancel with POST …/cancel.' })
  @IsOptional()
  @IsIn(['draft', 'published'], { message: 'status must be draft or published (cancel with POST …/cancel)' })
  status?: Exclude<SessionStatus, 'cancelled'>;

  @ApiPropertyOptional({ type: [SessionHostDto], description: 'Replaces the hosts when given.' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => SessionHostDto)
  hosts?: SessionHostDto[];
}

export class UpdateSessionDto extends PartialType(CreateSessionDto) {}

export class CancelSessionDto {
  @ApiProperty({ example: 'Typhon : visite reportée' })
  @IsString()
  @MaxLength(1_000)
  @Matches(/\S/, { message: 'reason must not be empty or blank' })
  reason!: string;
}

export class ListSessionsQuery extends PageQuery {
  @ApiPropertyOptional({ enum: SESSION_STATUSES })
  @IsOptional()
  @IsIn(SESSION_STATUSES)
  status?: SessionStatus;

  @ApiPropertyOptional({ enum: SESSION_KINDS })
  @IsOptional()
  @IsIn(SESSION_KINDS)
  kind?: SessionKind;
}

export class ProgrammeQuery {
  @ApiPropertyOptional({ enum: LOCALES, default: 'fr' })
  @IsOptional()
  @IsIn(LOCALES, { message: 'lang must be one of fr, ko, en' })
  lang?: Locale;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID('all', { message: 'theme must be a theme id (UUID)' })
  theme?: string;

  @ApiPropertyOptional({ enum: SESSION_KINDS })
  @IsOptional()
  @IsIn(SESSION_KINDS, { message: `kind must be one of ${SESSION_KINDS.join(', ')}` })
  kind?: SessionKind;

  @ApiPropertyOptional({ example: '2024-09-24', format: 'date', description: "A day in the forum's zone. From 1950-01-01 to 2100-12-31." })
  @IsOptional()
  @IsLocalDate()
  day?: string;
}
