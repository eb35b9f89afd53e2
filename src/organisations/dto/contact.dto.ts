import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsOptional, IsString, Matches, MaxLength, ValidateIf } from 'class-validator';
import { LOCALES, type Locale } from '../../common/locale';
import { IsEmailAddress } from '../../common/validators';

const NOT_BLANK = /\S/;

export class CreateContactDto {
  @ApiProperty({ example: 'Caroline' })
  @IsString()
  @MaxLength(100)
  @Matches(NOT_BLANK, { message: 'firstName must not be empty or blank' })
  firstName!: string;

  @ApiProperty({ example: 'Millan', description: 'Family name, kept as written (홍 for 홍준호).' })
  @IsString()
  @MaxLength(100)
  @Matches(NOT_BLANK, { message: 'lastName must not be empty or blank' })
  lastName!: string;

  @ApiPropertyOptional({ example: 'Adjointe au maire chargée des relations internationales', nullable: true })
  @ValidateIf((_, value) => value !== null)
  @IsOptional()
  @IsString()
  @MaxLength(300)
  function?: string | null;

  @ApiProperty({ example: 'c.millan@ville-issy.fr' })
  @IsEmailAddress()
  @MaxLength(254)
  email!: string;

  @ApiPropertyOptional({ example: '+33 1 41 23 80 00', nullable: true })
  @ValidateIf((_, value) => value !== null)
  @IsOptional()
  @IsString()
  @Matches(/^\+?[0-9 ().-]{4,30}$/, { message: 'phone must be digits, spaces and + ( ) . - (4 to 30 characters)' })
  phone?: string | null;

  @ApiPropertyOptional({ enum: LOCALES, default: 'fr' })
  @IsOptional()
  @IsIn(LOCALES)
  locale?: Locale;

  @ApiPropertyOptional({ default: false, description: 'Receive the weekly shared agenda (coming deadlines and sessions).' })
  @IsOptional()
  @IsBoolean()
  wantsDigest?: boolean;
}

export class UpdateContactDto extends PartialType(CreateContactDto) {}
