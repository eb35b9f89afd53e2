import { ApiProperty, ApiPropertyOptional, OmitType, PartialType } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsIn, IsOptional, IsString, IsUUID, Matches, MaxLength, ValidateIf } from 'class-validator';
import { PageQuery } from '../../common/pagination';
import { PARTNERSHIP_KINDS, type PartnershipKind } from '../partnership.entity';

export class CreatePartnershipDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID('all', { message: 'organisationAId must be an organisation id (UUID)' })
  organisationAId!: string;

  @ApiProperty({ format: 'uuid' })
  @IsUUID('all', { message: 'organisationBId must be an organisation id (UUID)' })
  organisationBId!: string;

  @ApiProperty({ enum: PARTNERSHIP_KINDS })
  @IsIn(PARTNERSHIP_KINDS, { message: `kind must be one of ${PARTNERSHIP_KINDS.join(', ')}` })
  kind!: PartnershipKind;

  @ApiPropertyOptional({ example: '2007', description: 'A year (YYYY) or a date (YYYY-MM-DD).', nullable: true })
  @ValidateIf((_, value) => value !== null)
  @IsOptional()
  @Matches(/^(?:1[89]|20)\d{2}(?:-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01]))?$/, {
    message: 'since must be a year (YYYY) or a date (YYYY-MM-DD)',
  })
  since?: string | null;

  @ApiPropertyOptional({ type: [String], example: ['culture', 'numérique'] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @MaxLength(100, { each: true })
  themes?: string[];

  @ApiPropertyOptional({ nullable: true })
  @ValidateIf((_, value) => value !== null)
  @IsOptional()
  @IsString()
  @MaxLength(5_000)
  notes?: string | null;
}

export class UpdatePartnershipDto extends PartialType(OmitType(CreatePartnershipDto, ['organisationAId', 'organisationBId'] as const)) {}

export class ListPartnershipsQuery extends PageQuery {
  @ApiPropertyOptional({ format: 'uuid', description: 'Partnerships of this organisation, on either side.' })
  @IsOptional()
  @IsUUID('all', { message: 'organisationId must be an organisation id (UUID)' })
  organisationId?: string;

  @ApiPropertyOptional({ enum: PARTNERSHIP_KINDS })
  @IsOptional()
  @IsIn(PARTNERSHIP_KINDS)
  kind?: PartnershipKind;
}
