import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayUnique, IsArray, IsInt, IsOptional, IsUUID, Max, Min } from 'class-validator';
import {
  LocalizedDescriptionDto,
  LocalizedDescriptionField,
  LocalizedTitleDto,
  LocalizedTitleField,
} from '../../common/localized-text.dto';

export class CreateThemeDto {
  @LocalizedTitleField({ example: { fr: 'Intelligence artificielle et villes coréennes', ko: '인공지능과 한국 도시' } })
  title!: LocalizedTitleDto;

  @LocalizedDescriptionField()
  description?: LocalizedDescriptionDto;

  @ApiPropertyOptional({ description: 'Place in the list, from 1; by default last.' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(1_000)
  position?: number;
}

export class UpdateThemeDto extends PartialType(CreateThemeDto) {}

export class ThemeRankingDto {
  @ApiProperty({ type: [String], format: 'uuid', description: 'Themes of the edition, most wanted first. Replaces the previous ranking.' })
  @IsArray()
  @ArrayMaxSize(50)
  @ArrayUnique({ message: 'themeIds must not name a theme twice' })
  @IsUUID('all', { each: true, message: 'themeIds must contain theme ids (UUIDs)' })
  themeIds!: string[];
}

export class ThemeInterestCounts {
  @ApiProperty({ description: 'Organisations that ranked the theme.' }) interested!: number;
  @ApiProperty({ description: 'Organisations that ranked it first.' }) firstChoice!: number;
  @ApiPropertyOptional({ nullable: true, type: Number, description: 'Average rank given (1 is best).' }) averageRank!: number | null;
}

export class ThemeView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) forumId!: string;
  @ApiProperty({ type: LocalizedTitleDto }) title!: LocalizedTitleDto;
  @ApiProperty({ type: LocalizedDescriptionDto }) description!: LocalizedDescriptionDto;
  @ApiProperty() position!: number;
  @ApiProperty({ type: ThemeInterestCounts }) interest!: ThemeInterestCounts;
}

export class ThemeRankingView {
  @ApiProperty({ format: 'uuid' }) organisationId!: string;
  @ApiProperty({ type: [String], format: 'uuid', description: 'Most wanted first.' }) themeIds!: string[];
}
