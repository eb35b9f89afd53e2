import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional, type ApiPropertyOptions } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsObject, IsOptional, IsString, Matches, MaxLength, ValidateNested } from 'class-validator';
import { HasSomeLocale } from './validators';

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

/** A required title in fr/ko/en: at least one language, each text checked. */
export function LocalizedTitleField(options: ApiPropertyOptions = {}): PropertyDecorator {
  return applyDecorators(
    ApiProperty({ type: LocalizedTitleDto, ...options }),
    IsObject(),
    HasSomeLocale(),
    ValidateNested(),
    Type(() => LocalizedTitleDto),
  );
}

/** An optional description in fr/ko/en. */
export function LocalizedDescriptionField(options: ApiPropertyOptions = {}): PropertyDecorator {
  return applyDecorators(
    ApiPropertyOptional({ type: LocalizedDescriptionDto, ...options }),
    IsOptional(),
    IsObject(),
    ValidateNested(),
    Type(() => LocalizedDescriptionDto),
  );
}
