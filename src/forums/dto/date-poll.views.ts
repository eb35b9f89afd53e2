import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { OrganisationSummary } from '../../organisations/organisation.views';
import { VOTE_ANSWERS, type VoteAnswer } from '../date-option.entity';

export class DateOptionView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) forumId!: string;
  @ApiProperty({ example: '2024-09-24' }) startDate!: string;
  @ApiProperty({ example: '2024-09-26' }) endDate!: string;
  @ApiPropertyOptional({ nullable: true, type: String }) note!: string | null;
  @ApiProperty() preferred!: boolean;
  @ApiProperty({ type: [String], description: 'Things worth knowing that are not errors, e.g. an option in the past.' })
  warnings!: string[];
}

export class VoteView {
  @ApiProperty({ format: 'uuid' }) optionId!: string;
  @ApiProperty({ type: OrganisationSummary }) organisation!: OrganisationSummary;
  @ApiProperty({ enum: VOTE_ANSWERS }) answer!: VoteAnswer;
  @ApiPropertyOptional({ nullable: true, type: String }) comment!: string | null;
  @ApiPropertyOptional({
    nullable: true,
    type: String,
    description: 'Who gave the answer; null for a member reading another organisation’s answer.',
  })
  castBy!: string | null;
  @ApiProperty() updatedAt!: string;
}

export class HolidayConflictView {
  @ApiProperty({ enum: ['FR', 'KR'] }) country!: string;
  @ApiProperty({ example: 'Chuseok' }) name!: string;
  @ApiProperty() startDate!: string;
  @ApiProperty() endDate!: string;
  @ApiProperty({ enum: ['overlaps', 'touches'], description: 'touches: the day before or after the option.' }) relation!:
    'overlaps' | 'touches';
}

export class BlackoutConflictView {
  @ApiProperty({ type: OrganisationSummary }) organisation!: OrganisationSummary;
  @ApiPropertyOptional({
    nullable: true,
    type: String,
    description: 'Null for a member reading another organisation’s dates to avoid: the dates are shared, the reason is not.',
  })
  reason!: string | null;
  @ApiProperty() startDate!: string;
  @ApiProperty() endDate!: string;
}

export class ConflictsView {
  @ApiProperty({ type: [HolidayConflictView] }) holidays!: HolidayConflictView[];
  @ApiProperty({ type: [BlackoutConflictView] }) blackouts!: BlackoutConflictView[];
}

export class TallyView {
  @ApiProperty() yes!: number;
  @ApiProperty() ifNeedBe!: number;
  @ApiProperty() no!: number;
  @ApiProperty({ description: 'Invited organisations that have not answered this option.' }) notYetAnswered!: number;
}

export class PollOptionView {
  @ApiProperty({ description: '1 is the best option by the poll rules.' }) rank!: number;
  @ApiProperty({ type: DateOptionView }) option!: DateOptionView;
  @ApiProperty({ type: TallyView }) tally!: TallyView;
  @ApiProperty({ type: [VoteView] }) votes!: VoteView[];
  @ApiProperty({ type: ConflictsView }) conflicts!: ConflictsView;
  @ApiProperty({ description: 'True for the option whose dates the edition has now.' }) chosen!: boolean;
}

export class DatePollView {
  @ApiProperty({ format: 'uuid' }) forumId!: string;
  @ApiProperty({ description: 'Votes are taken while the poll is open.' }) open!: boolean;
  @ApiProperty() invitedCount!: number;
  @ApiProperty({ description: 'Yes first, then if-need-be, then fewer conflicts, then the preferred option.' }) rankedBy!: string;
  @ApiProperty({ type: [PollOptionView], description: 'Best first.' }) options!: PollOptionView[];
}

export class DateChoiceView {
  @ApiProperty({ format: 'uuid' }) forumId!: string;
  @ApiProperty() startDate!: string;
  @ApiProperty() endDate!: string;
  @ApiPropertyOptional({ nullable: true, type: String }) previousStartDate!: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) previousEndDate!: string | null;
  @ApiProperty({ description: 'True when this replaces dates fixed earlier: attendees must be told.' }) changed!: boolean;
  @ApiProperty() chosenBy!: string;
  @ApiProperty() chosenAt!: string;
}
