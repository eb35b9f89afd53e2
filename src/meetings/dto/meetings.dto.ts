import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsIn,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  IsNotEmpty,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import { LOCALES, type Locale } from '../../common/locale';
import { IsEmailAddress } from '../../common/validators';
import { ORGANISATION_KINDS } from '../../organisations/organisation.entity';
import { MEETING_REQUEST_STATES, type MeetingRequestState } from '../meeting.entities';
import { POPULATION_BANDS, type PopulationBand } from '../profile';
import { INTERPRETING_MODES, type InterpretingMode } from '../schedule.types';

const LANGUAGE = /^[a-z]{2}$/;

export class MeetingProfileDto {
  @ApiPropertyOptional({ type: [String], format: 'uuid', description: 'Themes of the edition the organisation offers experience in.' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @ArrayUnique({ message: 'offersThemeIds must not name a theme twice' })
  @IsUUID('all', { each: true, message: 'offersThemeIds must hold theme ids (UUID)' })
  offersThemeIds?: string[];

  @ApiPropertyOptional({ type: [String], example: ['mobilité douce', 'tri des déchets'] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(30)
  @IsString({ each: true })
  @IsNotEmpty({ each: true })
  @MaxLength(80, { each: true })
  offersCompetences?: string[];

  @ApiPropertyOptional({ type: [String], format: 'uuid', description: 'Themes of the edition the organisation seeks a partner on.' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @ArrayUnique({ message: 'seeksThemeIds must not name a theme twice' })
  @IsUUID('all', { each: true, message: 'seeksThemeIds must hold theme ids (UUID)' })
  seeksThemeIds?: string[];

  @ApiPropertyOptional({ type: [String], example: ['ville intelligente'] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(30)
  @IsString({ each: true })
  @IsNotEmpty({ each: true })
  @MaxLength(80, { each: true })
  seeksCompetences?: string[];

  @ApiPropertyOptional({ type: [String], enum: ORGANISATION_KINDS, description: 'Kinds of partner sought; empty: any.' })
  @IsOptional()
  @IsArray()
  @ArrayUnique()
  @IsIn(ORGANISATION_KINDS, { each: true, message: `partnerKinds must hold kinds among ${ORGANISATION_KINDS.join(', ')}` })
  partnerKinds?: string[];

  @ApiPropertyOptional({ type: [String], enum: POPULATION_BANDS, description: 'Sizes of partner sought; empty: any.' })
  @IsOptional()
  @IsArray()
  @ArrayUnique()
  @IsIn(POPULATION_BANDS, { each: true, message: `partnerSizes must hold sizes among ${POPULATION_BANDS.join(', ')}` })
  partnerSizes?: PopulationBand[];

  @ApiPropertyOptional({ type: [String], example: ['fr', 'en'], description: 'ISO 639-1 codes of the languages its delegates speak.' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(10)
  @ArrayUnique()
  @Matches(LANGUAGE, { each: true, message: 'languages must hold ISO 639-1 codes such as fr, ko, en' })
  languages?: string[];
}

export class CreateMeetingRequestDto {
  @ApiProperty({ format: 'uuid', description: 'The authority asked, registered to the edition.' })
  @IsUUID('all', { message: 'counterpartId must be an organisation id (UUID)' })
  counterpartId!: string;

  @ApiPropertyOptional({ type: [String], format: 'uuid', description: 'Themes of the edition to speak of.' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(10)
  @ArrayUnique({ message: 'topics must not name a theme twice' })
  @IsUUID('all', { each: true, message: 'topics must hold theme ids (UUID)' })
  topics?: string[];

  @ApiPropertyOptional({ maxLength: 2000 })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  note?: string;
}

export class MeetingRequestsQuery {
  @ApiPropertyOptional({ enum: MEETING_REQUEST_STATES })
  @IsOptional()
  @IsIn(MEETING_REQUEST_STATES, { message: `state must be one of ${MEETING_REQUEST_STATES.join(', ')}` })
  state?: MeetingRequestState;
}

export class LangQuery {
  @ApiPropertyOptional({ enum: LOCALES, description: 'The reader’s language; by default the magic link holder’s, else French.' })
  @IsOptional()
  @IsIn(LOCALES, { message: `lang must be one of ${LOCALES.join(', ')}` })
  lang?: Locale;
}

export class CreateMeetingBlockDto {
  @ApiProperty({ example: '2024-09-25T10:00:00+09:00', description: 'An instant with its offset, or a local date-time with timeZone.' })
  @IsString()
  startsAt!: string;

  @ApiProperty({ example: '2024-09-25T10:30:00+09:00' })
  @IsString()
  endsAt!: string;

  @ApiPropertyOptional({ example: 'Asia/Seoul', description: 'The IANA zone of local date-times given without an offset.' })
  @IsOptional()
  @IsString()
  timeZone?: string;

  @ApiProperty({ type: [String], example: ['Table 1', 'Table 2', 'Salle Han'] })
  @IsArray()
  @ArrayMinSize(1, { message: 'tables must name at least one table or room' })
  @ArrayMaxSize(200)
  @ArrayUnique({ message: 'tables must not name a table twice' })
  @IsString({ each: true })
  @IsNotEmpty({ each: true })
  @MaxLength(60, { each: true })
  tables!: string[];
}

export class UpdateMeetingBlockDto extends PartialType(CreateMeetingBlockDto) {}

export class AvailabilityDto {
  @ApiProperty({ example: '2024-09-25T09:00:00+09:00' }) @IsString() start!: string;
  @ApiProperty({ example: '2024-09-25T18:00:00+09:00' }) @IsString() end!: string;
}

export class CreateInterpreterDto {
  @ApiProperty({ maxLength: 200 })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  name!: string;

  @ApiProperty({ format: 'email' })
  @IsEmailAddress()
  @MaxLength(254)
  email!: string;

  @ApiPropertyOptional({ enum: LOCALES, default: 'fr' })
  @IsOptional()
  @IsIn(LOCALES, { message: `locale must be one of ${LOCALES.join(', ')}` })
  locale?: Locale;

  @ApiProperty({ type: [String], example: ['fr', 'ko'] })
  @IsArray()
  @ArrayMinSize(2, { message: 'languages must name at least two languages' })
  @ArrayUnique()
  @Matches(LANGUAGE, { each: true, message: 'languages must hold ISO 639-1 codes such as fr, ko, en' })
  languages!: string[];

  @ApiProperty({ type: [String], enum: INTERPRETING_MODES })
  @IsArray()
  @ArrayMinSize(1, { message: 'modes must name at least one mode' })
  @ArrayUnique()
  @IsIn(INTERPRETING_MODES, { each: true, message: `modes must hold modes among ${INTERPRETING_MODES.join(', ')}` })
  modes!: InterpretingMode[];

  @ApiPropertyOptional({ example: 'Asia/Seoul', description: 'The IANA zone of availability local date-times given without an offset.' })
  @IsOptional()
  @IsString()
  timeZone?: string;

  @ApiPropertyOptional({ type: [AvailabilityDto], nullable: true, description: 'When they can work; null or absent: no limit.' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => AvailabilityDto)
  availability?: AvailabilityDto[] | null;
}

export class UpdateInterpreterDto extends PartialType(CreateInterpreterDto) {}

export class AssignInterpreterDto {
  @ApiProperty({ enum: INTERPRETING_MODES })
  @IsIn(INTERPRETING_MODES, { message: `mode must be one of ${INTERPRETING_MODES.join(', ')}` })
  mode!: InterpretingMode;
}

export class RunScheduleDto {
  @ApiPropertyOptional({ default: false, description: 'Plan every meeting afresh instead of keeping placed meetings where they are.' })
  @IsOptional()
  @IsBoolean()
  replan?: boolean;
}

export class PlaceMeetingDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID('all', { message: 'blockId must be a meeting block id (UUID)' })
  blockId!: string;

  @ApiProperty({ example: 'Table 3' })
  @IsString()
  @IsNotEmpty()
  table!: string;

  @ApiPropertyOptional({
    format: 'uuid',
    nullable: true,
    description: 'An interpreter chosen by hand; null for none; absent: the least busy free one when needed.',
  })
  @IsOptional()
  @IsUUID('all', { message: 'interpreterId must be an interpreter id (UUID)' })
  interpreterId?: string | null;
}

export class MeetingsQuery {
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID('all', { message: 'blockId must be a meeting block id (UUID)' })
  blockId?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID('all', { message: 'interpreterId must be an interpreter id (UUID)' })
  interpreterId?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID('all', { message: 'organisationId must be an organisation id (UUID)' })
  organisationId?: string;

  @ApiPropertyOptional({ enum: ['placed', 'unplaced'] })
  @IsOptional()
  @IsIn(['placed', 'unplaced'], { message: 'placement must be placed or unplaced' })
  placement?: 'placed' | 'unplaced';
}
