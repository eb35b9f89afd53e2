import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsIn, IsOptional, IsString, MaxLength, registerDecorator, type ValidationOptions } from 'class-validator';
import { Duration } from 'luxon';
import type { Locale } from '../../common/locale';
import { LocalizedTitleDto, LocalizedTitleField } from '../../common/localized-text.dto';
import { InstantView } from '../../common/time.views';
import { IsIanaZone } from '../../common/validators';
import { DEADLINE_KINDS, type DeadlineKind, ENFORCEMENTS, type Enforcement } from '../deadline.entity';

/** ISO-8601 durations greater than zero: P14D, P3D, PT2H. */
function IsPositiveDurations(options?: ValidationOptions): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'isPositiveDurations',
      target: target.constructor,
      propertyName: propertyName as string,
      options: { message: '$property must be ISO-8601 durations greater than zero, such as P14D, P3D or PT2H', ...options },
      validator: {
        validate: (value: unknown) =>
          Array.isArray(value) &&
          value.every((v) => {
            if (typeof v !== 'string' || !/^P(?!$)(\d+Y)?(\d+M)?(\d+W)?(\d+D)?(T(?=\d)(\d+H)?(\d+M)?(\d+S)?)?$/.test(v)) {
              return false;
            }
            const duration = Duration.fromISO(v);
            return duration.isValid && duration.toMillis() > 0;
          }),
      },
    });
}

export class CreateDeadlineDto {
  @ApiProperty({
    enum: DEADLINE_KINDS,
    description:
      'What it governs: interest (registering), delegation (delegates), visit_choice (enrolments), host_offer; documents and custom only remind.',
  })
  @IsIn(DEADLINE_KINDS, { message: `kind must be one of ${DEADLINE_KINDS.join(', ')}` })
  kind!: DeadlineKind;

  @LocalizedTitleField({ example: { fr: 'Confirmer votre intérêt', ko: '참가 의향 확인' } })
  title!: LocalizedTitleDto;

  @ApiProperty({
    example: '2024-03-15T23:59',
    description: 'The instant the organiser states: with an offset, or local in timeZone; its date from 1950-01-01 to 2100-12-31.',
  })
  @IsString()
  @MaxLength(40)
  dueAt!: string;

  @ApiProperty({ example: 'Europe/Paris', description: 'The zone the deadline is stated in. Required: the API never guesses one.' })
  @IsIanaZone()
  timeZone!: string;

  @ApiPropertyOptional({
    enum: ENFORCEMENTS,
    default: 'soft',
    description: 'hard refuses late actions (organisers excepted); soft accepts and flags them.',
  })
  @IsOptional()
  @IsIn(ENFORCEMENTS)
  enforcement?: Enforcement;

  @ApiPropertyOptional({ type: [String], example: ['P14D', 'P3D', 'PT2H'] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(10)
  @IsPositiveDurations()
  reminderOffsets?: string[];
}

export class UpdateDeadlineDto extends PartialType(CreateDeadlineDto) {}

export class DeadlineView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) forumId!: string;
  @ApiProperty({ enum: DEADLINE_KINDS }) kind!: DeadlineKind;
  @ApiProperty({ type: LocalizedTitleDto }) title!: LocalizedTitleDto;
  @ApiProperty({ type: InstantView }) dueAt!: InstantView;
  @ApiProperty({ example: '2024-03-15T23:59:00+01:00', description: 'The instant in the zone it was stated in.' }) dueAtStated!: string;
  @ApiProperty() timeZone!: string;
  @ApiProperty({ enum: ENFORCEMENTS }) enforcement!: Enforcement;
  @ApiProperty({ type: [String] }) reminderOffsets!: string[];
  @ApiProperty() passed!: boolean;
}

export class PendingContactView {
  @ApiProperty({ format: 'uuid' }) contactId!: string;
  @ApiProperty() name!: string;
  @ApiProperty() firstName!: string;
  @ApiProperty() email!: string;
  @ApiProperty({ enum: ['fr', 'ko', 'en'] }) locale!: Locale;
}

export class PendingView {
  @ApiProperty({ format: 'uuid' }) organisationId!: string;
  @ApiProperty() organisation!: string;
  @ApiProperty({ description: 'What is missing.' }) missing!: string;
  @ApiProperty({ type: [PendingContactView] }) contacts!: PendingContactView[];
  @ApiPropertyOptional({ type: [String], description: 'visit_choice: delegates with no visit.' }) delegates?: string[];
}
