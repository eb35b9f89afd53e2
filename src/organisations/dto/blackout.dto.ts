import { ApiProperty, PartialType } from '@nestjs/swagger';
import { IsString, Matches, MaxLength } from 'class-validator';
import { IsLocalDate } from '../../common/validators';

export class CreateBlackoutDto {
  @ApiProperty({ example: '2024-09-14', format: 'date', description: 'First day to avoid (local date). From 1950-01-01 to 2100-12-31.' })
  @IsLocalDate()
  startDate!: string;

  @ApiProperty({
    example: '2024-09-22',
    format: 'date',
    description: 'Last day to avoid, inclusive; less than two years after startDate. From 1950-01-01 to 2100-12-31.',
  })
  @IsLocalDate()
  endDate!: string;

  @ApiProperty({ example: 'Festival international de la ville' })
  @IsString()
  @MaxLength(300)
  @Matches(/\S/, { message: 'reason must not be empty or blank' })
  reason!: string;
}

export class UpdateBlackoutDto extends PartialType(CreateBlackoutDto) {}
