import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, IsUUID, Matches, Max, MaxLength, Min } from 'class-validator';
import { LOCALES, type Locale } from '../../common/locale';
import { IsEmailAddress } from '../../common/validators';
import { ROLES, type Role } from '../../access/principal';

export class SignInLinkRequestDto {
  @ApiProperty({ example: 'inssafe@cites-unies-france.org' })
  @IsEmailAddress()
  @MaxLength(254)
  email!: string;
}

export class SessionRequestDto {
  @ApiProperty({ description: 'The token of the emailed sign-in link.' })
  @IsString()
  @MaxLength(200)
  token!: string;
}

export class AccessLinkRequestDto {
  @ApiProperty({ example: 'c.millan@ville-issy.fr' })
  @IsEmailAddress()
  @MaxLength(254)
  email!: string;

  @ApiProperty({ format: 'uuid' })
  @IsUUID('all', { message: 'forumId must be a forum id (UUID)' })
  forumId!: string;
}

export class CreateUserDto {
  @ApiProperty({ example: 'inssafe@cites-unies-france.org' })
  @IsEmailAddress()
  @MaxLength(254)
  email!: string;

  @ApiProperty({ example: 'Inssafe El Idrissi' })
  @IsString()
  @MaxLength(200)
  @Matches(/\S/, { message: 'name must not be empty or blank' })
  name!: string;

  @ApiProperty({ enum: ROLES })
  @IsIn(ROLES, { message: `role must be one of ${ROLES.join(', ')}` })
  role!: Role;

  @ApiPropertyOptional({ enum: LOCALES, default: 'fr' })
  @IsOptional()
  @IsIn(LOCALES)
  locale?: Locale;
}

export class UpdateUserDto extends PartialType(CreateUserDto) {
  @ApiPropertyOptional({ description: 'A disabled account cannot sign in; its tokens stop working.' })
  @IsOptional()
  @IsBoolean()
  disabled?: boolean;
}

export class CreateTokenDto {
  @ApiProperty({ example: 'Script d’export' })
  @IsString()
  @MaxLength(100)
  @Matches(/\S/, { message: 'name must not be empty or blank' })
  name!: string;

  @ApiPropertyOptional({
    minimum: 1,
    maximum: 730,
    default: 90,
    description: 'Days before it expires (90 when not given); every token expires.',
  })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(730)
  expiresInDays?: number;
}

export class ListAccessLinksQuery {
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID('all', { message: 'forumId must be a forum id (UUID)' })
  forumId?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID('all', { message: 'organisationId must be an organisation id (UUID)' })
  organisationId?: string;
}
