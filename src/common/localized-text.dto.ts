import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Matches, MaxLength } from 'class-validator';

const NOT_BLANK = /\S/;
const NOT_BLANK_MESSAGE = { message: '$property must not be empty or blank' };

/** A short text in French, Korean and/or English (e.g. a title). */
export class LocalizedTitleDto {
  @ApiPropertyOptional({ example: '2e Forum franco-coréen' })
  @IsOptional()
  @IsString()
  @Matches(NOT_BLANK, NOT_BLANK_MESSAGE)
  @MaxLength(300)
  fr?: string;

  @ApiPropertyOptional({ example: '제2회 한불 지방정부 포럼' })
  @IsOptional()
  @IsString()
  @Matches(NOT_BLANK, NOT_BLANK_MESSAGE)
  @MaxLength(300)
  ko?: string;

  @ApiPropertyOptional({ example: '2nd Franco-Korean Forum' })
  @IsOptional()
  @IsString()
  @Matches(NOT_BLANK, NOT_BLANK_MESSAGE)
  @MaxLength(300)
  en?: string;
}

/** A longer text in French, Korean and/or English (e.g. a description). */
export class LocalizedDescriptionDto {
  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(20_000)
  fr?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(20_000)
  ko?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(20_000)
  en?: string;
}
