import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, Max, Min } from 'class-validator';
import { OrganisationSummary } from '../../organisations/organisation.views';

export class MoveInLineDto {
  @ApiProperty({ minimum: 1, example: 1, description: 'The place wanted in line, 1 being next; past the end means last.' })
  @IsInt()
  @Min(1)
  @Max(100_000)
  position!: number;
}

export class RosterEntryView {
  @ApiProperty({ format: 'uuid' }) enrolmentId!: string;
  @ApiProperty({ format: 'uuid' }) delegateId!: string;
  @ApiProperty({ description: 'As printed: Korean names family name first.' }) name!: string;
  @ApiProperty({ type: OrganisationSummary }) organisation!: OrganisationSummary;
  @ApiPropertyOptional({ nullable: true, type: Number, description: '1 is next in line; null when seated.' }) waitlistPosition!:
    number | null;
  @ApiProperty() queuedAt!: string;
}

export class RosterView {
  @ApiProperty({ format: 'uuid' }) sessionId!: string;
  @ApiPropertyOptional({ nullable: true, type: Number }) capacity!: number | null;
  @ApiProperty({ type: [RosterEntryView] }) seated!: RosterEntryView[];
  @ApiProperty({ type: [RosterEntryView], description: 'In order: the first is next in line.' }) waiting!: RosterEntryView[];
}

export class PromotionView {
  @ApiProperty({
    enum: ['confirmed', 'waitlisted'],
    description:
      'confirmed: a seat was free and is now theirs (the invite is in the outbox); waitlisted: the session is full, they are next in line.',
  })
  status!: 'confirmed' | 'waitlisted';
  @ApiPropertyOptional({ nullable: true, type: Number }) waitlistPosition!: number | null;
}
