import { ApiProperty, ApiPropertyOptional, OmitType, PartialType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { LOCALES, type Locale } from '../../common/locale';
import { LocalizedTitleDto, LocalizedTitleField } from '../../common/localized-text.dto';
import { HasSomeLocale, IsLocalDate } from '../../common/validators';
import { CreateContactDto } from '../../organisations/dto/contact.dto';
import {
  DELEGATE_ROLES,
  type DelegateRole,
  QUESTION_KINDS,
  type QuestionKind,
  REGISTRATION_STATUSES,
  type RegistrationStatus,
  type Answers,
} from '../registration.entity';

const nullable = (_: object, value: unknown) => value !== null;

export class CreateQuestionDto {
  @LocalizedTitleField({ example: { fr: 'Souhaitez-vous accueillir une délégation coréenne ?', ko: '한국 대표단을 맞이하시겠습니까?' } })
  label!: LocalizedTitleDto;

  @ApiProperty({ enum: QUESTION_KINDS })
  @IsIn(QUESTION_KINDS, { message: `kind must be one of ${QUESTION_KINDS.join(', ')}` })
  kind!: QuestionKind;

  @ApiPropertyOptional({ type: [String], example: ['oui', 'non', 'peut-être'] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(30)
  @ArrayUnique()
  @IsString({ each: true })
  @MaxLength(200, { each: true })
  choices?: string[];

  @ApiPropertyOptional({ default: false })
  @IsOptional()
  @IsBoolean()
  required?: boolean;

  @ApiPropertyOptional({ minimum: 1 })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(1000)
  position?: number;
}

export class UpdateQuestionDto extends PartialType(CreateQuestionDto) {}

export class CreateRegistrationDto {
  @ApiProperty({ format: 'uuid', description: 'An organisation invited to the edition (a magic link: its own).' })
  @IsUUID('all', { message: 'organisationId must be an organisation id (UUID)' })
  organisationId!: string;

  @ApiPropertyOptional({ enum: REGISTRATION_STATUSES, default: 'interested' })
  @IsOptional()
  @IsIn(REGISTRATION_STATUSES, { message: `status must be one of ${REGISTRATION_STATUSES.join(', ')}` })
  status?: RegistrationStatus;

  @ApiPropertyOptional({ type: Object, description: 'Answers by question id: text, or the chosen value(s).', example: { '0b7c…': 'oui' } })
  @IsOptional()
  @IsObject()
  answers?: Answers;

  @ApiPropertyOptional({ type: [String], format: 'uuid', description: 'The edition’s themes, most wanted first.' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @ArrayUnique({ message: 'themeIds must not name a theme twice' })
  @IsUUID('all', { each: true, message: 'themeIds must contain theme ids (UUIDs)' })
  themeIds?: string[];

  @ApiPropertyOptional({ nullable: true })
  @ValidateIf(nullable)
  @IsOptional()
  @IsString()
  @MaxLength(5_000)
  notes?: string | null;
}

export class UpdateRegistrationDto extends PartialType(OmitType(CreateRegistrationDto, ['organisationId'] as const)) {}

export class CreateDelegateDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'A contact of the organisation; or give `contact` to create one.' })
  @IsOptional()
  @IsUUID('all', { message: 'contactId must be a contact id (UUID)' })
  contactId?: string;

  @ApiPropertyOptional({ type: CreateContactDto, description: 'A new contact of the organisation, created on the fly.' })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => CreateContactDto)
  contact?: CreateContactDto;

  @ApiProperty({ enum: DELEGATE_ROLES })
  @IsIn(DELEGATE_ROLES, { message: `role must be one of ${DELEGATE_ROLES.join(', ')}` })
  role!: DelegateRole;

  @ApiPropertyOptional({ nullable: true, example: 'Adjointe au maire chargée des relations internationales' })
  @ValidateIf(nullable)
  @IsOptional()
  @IsString()
  @MaxLength(300)
  printedFunction?: string | null;

  @ApiPropertyOptional({ enum: LOCALES })
  @IsOptional()
  @IsIn(LOCALES)
  locale?: Locale;

  @ApiPropertyOptional({ default: false, description: 'Needs FR↔KO interpretation.' })
  @IsOptional()
  @IsBoolean()
  needsInterpretation?: boolean;

  @ApiPropertyOptional({ nullable: true })
  @ValidateIf(nullable)
  @IsOptional()
  @IsString()
  @MaxLength(1_000)
  dietaryNotes?: string | null;

  @ApiPropertyOptional({ nullable: true })
  @ValidateIf(nullable)
  @IsOptional()
  @IsString()
  @MaxLength(1_000)
  accessNotes?: string | null;
}

export class UpdateDelegateDto extends PartialType(OmitType(CreateDelegateDto, ['contactId', 'contact'] as const)) {}

export class HostOfferDto {
  @ApiPropertyOptional({ type: [String], format: 'uuid' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @ArrayUnique()
  @IsUUID('all', { each: true, message: 'themeIds must contain theme ids (UUIDs)' })
  themeIds?: string[];

  @ApiPropertyOptional({ example: '2024-09-23', nullable: true, format: 'date', description: 'From 1950-01-01 to 2100-12-31.' })
  @ValidateIf((_, value) => value !== null && value !== undefined)
  @IsLocalDate()
  availableFrom?: string | null;

  @ApiPropertyOptional({ example: '2024-09-27', nullable: true, format: 'date', description: 'From 1950-01-01 to 2100-12-31.' })
  @ValidateIf((_, value) => value !== null && value !== undefined)
  @IsLocalDate()
  availableTo?: string | null;

  @ApiProperty({ minimum: 1, example: 15, description: 'How many visitors the authority can receive.' })
  @IsInt()
  @Min(1)
  @Max(10_000)
  visitors!: number;

  @ApiProperty({ example: 'Les éco-quartiers du Cœur de ville et du Fort d’Issy' })
  @IsString()
  @MaxLength(5_000)
  @Matches(/\S/, { message: 'description must not be empty or blank' })
  description!: string;
}

export class FieldVisitFromOfferDto {
  @ApiProperty({ example: '2024-09-25T14:00:00+09:00' })
  @IsString()
  @MaxLength(40)
  startsAt!: string;

  @ApiProperty({ example: '2024-09-25T17:00:00+09:00' })
  @IsString()
  @MaxLength(40)
  endsAt!: string;

  @ApiPropertyOptional({ example: 'Asia/Seoul' })
  @IsOptional()
  @IsString()
  timeZone?: string;

  @ApiPropertyOptional({ minimum: 1, description: 'Seats; by default the number of visitors offered.' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(10_000)
  capacity?: number;

  @ApiPropertyOptional({ type: LocalizedTitleDto, description: 'By default "Visite : <organisation>".' })
  @IsOptional()
  @IsObject()
  @HasSomeLocale()
  @ValidateNested()
  @Type(() => LocalizedTitleDto)
  title?: LocalizedTitleDto;
}
