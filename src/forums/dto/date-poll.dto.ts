import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsOptional, IsString, MaxLength, ValidateIf } from 'class-validator';
import { LOCALES, type Locale } from '../../common/locale';
import { IsLocalDate } from '../../common/validators';
import { VOTE_ANSWERS, type VoteAnswer } from '../date-option.entity';

export class CreateDateOptionDto {
  @ApiProperty({
    example: '2024-09-24',
    format: 'date',
    description: "First day, local date in the forum's zone. From 1950-01-01 to 2100-12-31.",
  })
  @IsLocalDate()
  startDate!: string;

  @ApiProperty({
    example: '2024-09-26',
    format: 'date',
    description: 'Last day, inclusive; less than two years after startDate. From 1950-01-01 to 2100-12-31.',
  })
  @IsLocalDate()
  endDate!: string;

  @ApiPropertyOptional({ example: 'Après Chuseok', nullable: true })
  @ValidateIf((_, value) => value !== null)
  @IsOptional()
  @IsString()
  @MaxLength(1_000)
  note?: string | null;

  @ApiPropertyOptional({ default: false })
  @IsOptional()
  @IsBoolean()
  preferred?: boolean;
}

export class UpdateDateOptionDto extends PartialType(CreateDateOptionDto) {}

export class VoteDto {
  @ApiProperty({ enum: VOTE_ANSWERS })
  @IsIn(VOTE_ANSWERS, { message: `answer must be one of ${VOTE_ANSWERS.join(', ')}` })
  answer!: VoteAnswer;

  @ApiPropertyOptional({ nullable: true, example: 'Conseil municipal le 25' })
  @ValidateIf((_, value) => value !== null)
  @IsOptional()
  @IsString()
  @MaxLength(2_000)
  comment?: string | null;
}

export class PollQuery {
  @ApiPropertyOptional({ enum: LOCALES, default: 'fr', description: 'Language of holiday names.' })
  @IsOptional()
  @IsIn(LOCALES, { message: 'lang must be one of fr, ko, en' })
  lang?: Locale;
}
