import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  IsBoolean,
  IsIn,
  IsInt,
  IsISO31661Alpha2,
  IsOptional,
  IsString,
  IsUrl,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateIf,
} from 'class-validator';
import { LOCALES, type Locale } from '../../common/locale';
import { PageQuery } from '../../common/pagination';
import { ORGANISATION_KINDS, type OrganisationKind } from '../organisation.entity';

const NOT_BLANK = /\S/;
const toUpper = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.toUpperCase() : value);

export class CreateOrganisationDto {
  @ApiProperty({ example: 'Issy-les-Moulineaux' })
  @IsString()
  @MaxLength(200)
  @Matches(NOT_BLANK, { message: 'name must not be empty or blank' })
  name!: string;

  @ApiPropertyOptional({ example: '이시레물리노', nullable: true })
  @ValidateIf((_, value) => value !== null)
  @IsOptional()
  @IsString()
  @MaxLength(200)
  nameKo?: string | null;

  @ApiProperty({ example: 'FR', description: 'ISO 3166-1 alpha-2' })
  @IsString()
  @Transform(toUpper)
  @IsISO31661Alpha2({ message: 'country must be an ISO 3166-1 alpha-2 code such as FR or KR' })
  country!: string;

  @ApiProperty({ enum: ORGANISATION_KINDS })
  @IsIn(ORGANISATION_KINDS, { message: `kind must be one of ${ORGANISATION_KINDS.join(', ')}` })
  kind!: OrganisationKind;

  @ApiPropertyOptional({ example: 68000, nullable: true })
  @ValidateIf((_, value) => value !== null)
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(2_000_000_000)
  population?: number | null;

  @ApiPropertyOptional({ example: 'https://www.issy.com', nullable: true })
  @ValidateIf((_, value) => value !== null)
  @IsOptional()
  @IsUrl({ protocols: ['http', 'https'], require_protocol: true }, { message: 'website must be an http(s) URL' })
  @MaxLength(500)
  website?: string | null;

  @ApiPropertyOptional({ enum: LOCALES, default: 'fr' })
  @IsOptional()
  @IsIn(LOCALES)
  defaultLocale?: Locale;
}

export class UpdateOrganisationDto extends PartialType(CreateOrganisationDto) {}

export class ListOrganisationsQuery extends PageQuery {
  @ApiPropertyOptional({ example: 'KR' })
  @IsOptional()
  @Transform(toUpper)
  @IsISO31661Alpha2({ message: 'country must be an ISO 3166-1 alpha-2 code such as FR or KR' })
  country?: string;

  @ApiPropertyOptional({ enum: ORGANISATION_KINDS })
  @IsOptional()
  @IsIn(ORGANISATION_KINDS)
  kind?: OrganisationKind;

  @ApiPropertyOptional({ description: 'Part of the name, in Latin or Korean script, any case.' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  q?: string;

  @ApiPropertyOptional({ default: false, description: 'List archived organisations instead of current ones.' })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean({ message: 'archived must be true or false' })
  archived?: boolean;
}
