import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { OrganisationSummary } from '../../organisations/organisation.views';
import type { Organisation } from '../../organisations/organisation.entity';
import {
  MEETING_REQUEST_STATES,
  type Interpreter,
  type InterpreterAssignment,
  type Meeting,
  type MeetingBlock,
  type MeetingProfile,
  type MeetingRequest,
  type MeetingRequestState,
} from '../meeting.entities';
import { POPULATION_BANDS, type PopulationBand } from '../profile';
import { INTERPRETING_MODES, type InterpretingMode } from '../schedule.types';
import type { SessionNeeds } from '../meeting-planning.service';
import type { SuggestionRead } from '../meeting-requests.service';

export function summary(o: Organisation): OrganisationSummary {
  return { id: o.id, name: o.name, nameKo: o.nameKo, country: o.country };
}

export class MeetingProfileView {
  @ApiProperty({ format: 'uuid' }) organisationId!: string;
  @ApiProperty({ type: [String] }) offersThemeIds!: string[];
  @ApiProperty({ type: [String] }) offersCompetences!: string[];
  @ApiProperty({ type: [String] }) seeksThemeIds!: string[];
  @ApiProperty({ type: [String] }) seeksCompetences!: string[];
  @ApiProperty({ type: [String] }) partnerKinds!: string[];
  @ApiProperty({ type: [String], enum: POPULATION_BANDS }) partnerSizes!: PopulationBand[];
  @ApiProperty({ type: [String] }) languages!: string[];
  @ApiPropertyOptional({ nullable: true, type: String, description: 'Null when the organisation has stated nothing yet.' }) updatedAt!:
    string | null;
}

export function toProfileView(organisationId: string, p: MeetingProfile | null): MeetingProfileView {
  return {
    organisationId,
    offersThemeIds: p?.offersThemeIds ?? [],
    offersCompetences: p?.offersCompetences ?? [],
    seeksThemeIds: p?.seeksThemeIds ?? [],
    seeksCompetences: p?.seeksCompetences ?? [],
    partnerKinds: p?.partnerKinds ?? [],
    partnerSizes: p?.partnerSizes ?? [],
    languages: p?.languages ?? [],
    updatedAt: p?.updatedAt.toISOString() ?? null,
  };
}

export class SuggestionView {
  @ApiProperty({ type: OrganisationSummary }) organisation!: OrganisationSummary;
  @ApiProperty({ enum: ['new', 'renew'], description: 'renew: an existing partner.' }) relation!: 'new' | 'renew';
  @ApiProperty() score!: number;
  @ApiProperty({ type: [String], description: 'Why, in the reader’s language.' }) reasons!: string[];
  @ApiProperty({ type: [Object], description: 'The same reasons as codes with their parameters and points.' }) reasonCodes!: object[];
}

export function toSuggestionView(s: SuggestionRead): SuggestionView {
  return { organisation: summary(s.organisation), relation: s.relation, score: s.score, reasons: s.reasonTexts, reasonCodes: s.reasons };
}

export class MeetingRequestView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ type: OrganisationSummary }) requester!: OrganisationSummary;
  @ApiProperty({ type: OrganisationSummary }) counterpart!: OrganisationSummary;
  @ApiProperty({ type: [String], description: 'Theme ids.' }) topics!: string[];
  @ApiPropertyOptional({ nullable: true, type: String }) note!: string | null;
  @ApiProperty({ enum: MEETING_REQUEST_STATES }) state!: MeetingRequestState;
  @ApiProperty() createdAt!: string;
  @ApiProperty() expiresAt!: string;
  @ApiPropertyOptional({ nullable: true, type: String }) remindedAt!: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) answeredAt!: string | null;
}

export function toRequestView(r: MeetingRequest): MeetingRequestView {
  return {
    id: r.id,
    requester: summary(r.requester),
    counterpart: summary(r.counterpart),
    topics: r.topics,
    note: r.note,
    state: r.state,
    createdAt: r.createdAt.toISOString(),
    expiresAt: r.expiresAt.toISOString(),
    remindedAt: r.remindedAt?.toISOString() ?? null,
    answeredAt: r.answeredAt?.toISOString() ?? null,
  };
}

export class MeetingBlockView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() startsAt!: string;
  @ApiProperty() endsAt!: string;
  @ApiProperty({ type: [String] }) tables!: string[];
}

export function toBlockView(b: MeetingBlock): MeetingBlockView {
  return { id: b.id, startsAt: b.startsAt.toISOString(), endsAt: b.endsAt.toISOString(), tables: b.tables };
}

export class AvailabilityView {
  @ApiProperty() start!: string;
  @ApiProperty() end!: string;
}

export class InterpreterView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() name!: string;
  @ApiProperty() email!: string;
  @ApiProperty() locale!: string;
  @ApiProperty({ type: [String] }) languages!: string[];
  @ApiProperty({ type: [String], enum: INTERPRETING_MODES }) modes!: InterpretingMode[];
  @ApiPropertyOptional({ type: [AvailabilityView], nullable: true }) availability!: AvailabilityView[] | null;
  @ApiProperty({ description: 'Their personal feed (meetings), to subscribe to.' }) feedUrl!: string;
}

export function toInterpreterView(i: Interpreter, feedUrl: string): InterpreterView {
  return {
    id: i.id,
    name: i.name,
    email: i.email,
    locale: i.locale,
    languages: i.languages,
    modes: i.modes,
    availability: i.availability,
    feedUrl,
  };
}

export class AssignmentView {
  @ApiProperty({ format: 'uuid' }) interpreterId!: string;
  @ApiProperty({ format: 'uuid' }) sessionId!: string;
  @ApiProperty({ enum: INTERPRETING_MODES }) mode!: InterpretingMode;
  @ApiProperty() startsAt!: string;
  @ApiProperty() endsAt!: string;
}

export function toAssignmentView(a: InterpreterAssignment): AssignmentView {
  return {
    interpreterId: a.interpreter.id,
    sessionId: a.session.id,
    mode: a.mode,
    startsAt: a.session.startsAt.toISOString(),
    endsAt: a.session.endsAt.toISOString(),
  };
}

export class MeetingView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) requestId!: string;
  @ApiProperty({ type: [OrganisationSummary] }) organisations!: OrganisationSummary[];
  @ApiPropertyOptional({ nullable: true, type: String, format: 'uuid' }) blockId!: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) startsAt!: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) endsAt!: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) table!: string | null;
  @ApiPropertyOptional({ nullable: true, type: String, format: 'uuid' }) interpreterId!: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) interpreterName!: string | null;
  @ApiPropertyOptional({ nullable: true, type: [String] }) interpretation!: string[] | null;
  @ApiPropertyOptional({
    nullable: true,
    type: String,
    description: 'Why it has no place (no_common_free_block, no_table, no_interpreter, no_qualified_interpreter, no_blocks).',
  })
  unplacedCode!: string | null;
  @ApiPropertyOptional({ nullable: true, type: [Object], description: 'What made its previous place impossible.' }) displacedBy!:
    object[] | null;
  @ApiProperty() sequence!: number;
}

export function toMeetingView(m: Meeting): MeetingView {
  return {
    id: m.id,
    requestId: m.request.id,
    organisations: [summary(m.request.requester), summary(m.request.counterpart)],
    blockId: m.block?.id ?? null,
    startsAt: m.block?.startsAt.toISOString() ?? null,
    endsAt: m.block?.endsAt.toISOString() ?? null,
    table: m.tableLabel,
    interpreterId: m.interpreter?.id ?? null,
    interpreterName: m.interpreter?.name ?? null,
    interpretation: m.interpretation,
    unplacedCode: m.block ? null : m.unplacedCode,
    displacedBy: m.displacedBy,
    sequence: m.sequence,
  };
}

export class UnplacedView {
  @ApiProperty({ format: 'uuid' }) meetingId!: string;
  @ApiProperty() code!: string;
  @ApiProperty({ type: [Object], description: 'Block by block, what stood in the way.' }) blocks!: object[];
  @ApiPropertyOptional({ nullable: true, type: Object }) previous!: object | null;
  @ApiProperty({ type: [Object] }) displacedBy!: object[];
}

export class ScheduleView {
  @ApiProperty({ type: [MeetingView] }) meetings!: MeetingView[];
  @ApiProperty({ description: 'Placed, of which kept where they were.' }) placed!: number;
  @ApiProperty() kept!: number;
  @ApiProperty({ type: [UnplacedView] }) unplaced!: UnplacedView[];
}

export class SessionNeedsView {
  @ApiProperty({ format: 'uuid' }) sessionId!: string;
  @ApiProperty({ type: Object }) title!: object;
  @ApiProperty() startsAt!: string;
  @ApiProperty() interpretation!: string;
  @ApiProperty() delegates!: number;
  @ApiProperty({ description: 'Seated delegates who need FR↔KO interpretation.' }) needingInterpretation!: number;
  @ApiProperty({ description: 'Headsets to hand out (simultaneous interpretation).' }) headsets!: number;
  @ApiProperty({ type: [Object], description: 'Interpreters assigned, with their mode.' }) interpreters!: {
    id: string;
    name: string;
    mode: string;
  }[];
}

export function toNeedsView(n: SessionNeeds): SessionNeedsView {
  return {
    sessionId: n.session.id,
    title: n.session.title,
    startsAt: n.session.startsAt.toISOString(),
    interpretation: n.session.interpretation,
    delegates: n.delegates,
    needingInterpretation: n.needingInterpretation,
    headsets: n.headsets,
    interpreters: n.interpreters.map((i) => ({ id: i.interpreter.id, name: i.interpreter.name, mode: i.mode })),
  };
}

export class InterpreterScheduleView {
  @ApiProperty({ type: InterpreterView }) interpreter!: InterpreterView;
  @ApiProperty({ type: [AssignmentView] }) sessions!: AssignmentView[];
  @ApiProperty({ type: [MeetingView] }) meetings!: MeetingView[];
}
