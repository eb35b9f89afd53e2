import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { LOCALES, pickLocale, type Locale, type LocalizedText } from '../common/locale';
import { LocalizedDescriptionDto, LocalizedTitleDto } from '../common/localized-text.dto';
import { renderInstant } from '../common/time';
import { InstantView } from '../common/time.views';
import { OrganisationSummary, toSummary } from '../organisations/organisation.views';
import {
  HOST_ROLES,
  type HostRole,
  INTERPRETATION_MODES,
  type InterpretationMode,
  SESSION_KINDS,
  SESSION_STATUSES,
  type Session,
  type SessionKind,
  type SessionStatus,
} from './session.entity';

export class HostView {
  @ApiProperty({ type: OrganisationSummary }) organisation!: OrganisationSummary;
  @ApiProperty({ enum: HOST_ROLES }) role!: HostRole;
}

export class VenueView {
  @ApiPropertyOptional({ nullable: true, type: String }) name!: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) address!: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) city!: string | null;
}

export class InterpretationView {
  @ApiProperty({ enum: INTERPRETATION_MODES }) mode!: InterpretationMode;
  @ApiProperty({ type: [String], enum: LOCALES }) languages!: string[];
}

class SessionCore {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ enum: SESSION_KINDS }) kind!: SessionKind;
  @ApiProperty({ type: InstantView }) startsAt!: InstantView;
  @ApiProperty({ type: InstantView }) endsAt!: InstantView;
  @ApiPropertyOptional({ type: VenueView, nullable: true }) venue!: VenueView | null;
  @ApiPropertyOptional({ nullable: true, type: String }) onlineUrl!: string | null;
  @ApiPropertyOptional({ nullable: true, type: Number }) capacity!: number | null;
  @ApiPropertyOptional({ nullable: true, type: Number, description: 'Seats not yet taken; null when the session has no capacity.' })
  seatsLeft!: number | null;
  @ApiProperty({ type: InterpretationView }) interpretation!: InterpretationView;
  @ApiPropertyOptional({ nullable: true, type: String }) meetingPoint!: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) transportNotes!: string | null;
  @ApiProperty({ enum: SESSION_STATUSES }) status!: SessionStatus;
  @ApiProperty() sequence!: number;
  @ApiProperty({ type: [HostView] }) hosts!: HostView[];
}

/** A session as organisers edit it: every language. */
export class SessionView extends SessionCore {
  @ApiProperty({ format: 'uuid' }) forumId!: string;
  @ApiProperty({ type: LocalizedTitleDto }) title!: LocalizedTitleDto;
  @ApiProperty({ type: LocalizedDescriptionDto }) description!: LocalizedDescriptionDto;
  @ApiPropertyOptional({ format: 'uuid', nullable: true, type: String }) themeId!: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) cancelReason!: string | null;
  @ApiProperty() updatedAt!: string;
  @ApiProperty({ type: [String], description: 'Things worth a second look that are not errors.' }) warnings!: string[];
}

export class ThemeSummary {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() title!: string;
}

/** A session as the public programme shows it: one language. */
export class ProgrammeSessionView extends SessionCore {
  @ApiProperty() title!: string;
  @ApiProperty() description!: string;
  @ApiPropertyOptional({ type: ThemeSummary, nullable: true }) theme!: ThemeSummary | null;
}

export class ProgrammeDayView {
  @ApiProperty({ example: '2024-09-24', description: "A day in the forum's zone." }) date!: string;
  @ApiProperty({ type: [ProgrammeSessionView] }) sessions!: ProgrammeSessionView[];
}

export class ProgrammeView {
  @ApiProperty({ format: 'uuid' }) forumId!: string;
  @ApiProperty() slug!: string;
  @ApiProperty() title!: string;
  @ApiProperty({ example: 'Asia/Seoul' }) timeZone!: string;
  @ApiProperty({ enum: LOCALES }) lang!: Locale;
  @ApiProperty({ type: [ProgrammeDayView] }) days!: ProgrammeDayView[];
}

export class SessionChangeView {
  @ApiProperty() at!: string;
  @ApiProperty() sequence!: number;
  @ApiProperty({ description: 'True when calendars had to be updated.' }) visible!: boolean;
  @ApiProperty({ type: Object, example: { startsAt: { before: '2024-09-24T00:00:00.000Z', after: '2024-09-24T01:00:00.000Z' } } })
  changes!: Record<string, { before: unknown; after: unknown }>;
  @ApiProperty() changedBy!: string;
}

/** The fields a session view is made of, from an entity or straight from SQL (the programme). */
export interface SessionRecord {
  id: string;
  kind: SessionKind;
  title: LocalizedText;
  description: LocalizedText;
  theme: { id: string; title: LocalizedText } | null;
  startsAt: Date;
  endsAt: Date;
  venueName: string | null;
  venueAddress: string | null;
  venueCity: string | null;
  onlineUrl: string | null;
  capacity: number | null;
  interpretation: InterpretationMode;
  interpretationLanguages: string[];
  meetingPoint: string | null;
  transportNotes: string | null;
  status: SessionStatus;
  sequence: number;
  hosts: { organisation: OrganisationSummary; role: HostRole }[];
  /** Seats taken. */
  confirmedCount: number;
}

export function recordOf(session: Session, confirmedCount: number): SessionRecord {
  return {
    confirmedCount,
    ...session,
    theme: session.theme ? { id: session.theme.id, title: session.theme.title } : null,
    hosts: session.hosts.getItems().map((h) => ({ organisation: toSummary(h.organisation), role: h.role })),
  };
}

function core(session: SessionRecord, zone: string): SessionCore {
  const hasVenue = session.venueName || session.venueAddress || session.venueCity;
  return {
    id: session.id,
    kind: session.kind,
    startsAt: renderInstant(session.startsAt, zone),
    endsAt: renderInstant(session.endsAt, zone),
    venue: hasVenue ? { name: session.venueName, address: session.venueAddress, city: session.venueCity } : null,
    onlineUrl: session.onlineUrl,
    capacity: session.capacity,
    seatsLeft: session.capacity === null ? null : Math.max(0, session.capacity - session.confirmedCount),
    interpretation: { mode: session.interpretation, languages: session.interpretationLanguages },
    meetingPoint: session.meetingPoint,
    transportNotes: session.transportNotes,
    status: session.status,
    sequence: session.sequence,
    hosts: session.hosts,
  };
}

export function toSessionView(session: Session, confirmedCount: number, warnings: string[] = []): SessionView {
  return {
    ...core(recordOf(session, confirmedCount), session.forum.timeZone),
    forumId: session.forum.id,
    title: session.title,
    description: session.description,
    themeId: session.theme?.id ?? null,
    cancelReason: session.cancelReason,
    updatedAt: session.updatedAt.toISOString(),
    warnings,
  };
}

export function toProgrammeSessionView(session: SessionRecord, zone: string, locale: Locale): ProgrammeSessionView {
  return {
    ...core(session, zone),
    title: pickLocale(session.title, locale),
    description: pickLocale(session.description, locale),
    theme: session.theme ? { id: session.theme.id, title: pickLocale(session.theme.title, locale) } : null,
  };
}
