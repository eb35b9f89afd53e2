import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { LOCALES } from '../../common/locale';
import { LocalizedTitleDto } from '../../common/localized-text.dto';
import { OrganisationSummary, fullName, toSummary } from '../../organisations/organisation.views';
import { ENROLMENT_STATUSES } from '../enrolment.entity';
import {
  DELEGATE_ROLES,
  QUESTION_KINDS,
  REGISTRATION_STATUSES,
  type Delegate,
  type HostOffer,
  type Registration,
  type RegistrationQuestion,
} from '../registration.entity';

const iso = (date: Date | null) => date?.toISOString() ?? null;

export class QuestionView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ type: LocalizedTitleDto }) label!: LocalizedTitleDto;
  @ApiProperty({ enum: QUESTION_KINDS }) kind!: string;
  @ApiProperty({ type: [String] }) choices!: string[];
  @ApiProperty() required!: boolean;
  @ApiProperty() position!: number;
}

export class RegistrationView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) forumId!: string;
  @ApiProperty({ type: OrganisationSummary }) organisation!: OrganisationSummary;
  @ApiProperty({ enum: REGISTRATION_STATUSES }) status!: string;
  @ApiPropertyOptional({ nullable: true, type: String }) interestedAt!: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) confirmedAt!: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) excusedAt!: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) cancelledAt!: string | null;
  @ApiProperty({ type: Object }) answers!: Record<string, string | string[]>;
  @ApiPropertyOptional({ nullable: true, type: String }) notes!: string | null;
  @ApiProperty({ description: 'Registered after a deadline (soft, or hard overridden by an organiser).' }) late!: boolean;
  @ApiPropertyOptional({ type: [String], format: 'uuid', description: 'Ranked themes, most wanted first.' }) themeIds?: string[];
}

export class DelegateContactView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() firstName!: string;
  @ApiProperty() lastName!: string;
  @ApiProperty() fullName!: string;
  @ApiProperty() email!: string;
}

export class DelegateView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) registrationId!: string;
  @ApiProperty({ type: DelegateContactView }) contact!: DelegateContactView;
  @ApiProperty({ enum: DELEGATE_ROLES }) role!: string;
  @ApiPropertyOptional({ nullable: true, type: String }) printedFunction!: string | null;
  @ApiProperty({ enum: LOCALES }) locale!: string;
  @ApiProperty() needsInterpretation!: boolean;
  @ApiPropertyOptional({ nullable: true, type: String }) dietaryNotes!: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) accessNotes!: string | null;
  @ApiProperty() late!: boolean;
}

export class EnrolmentView {
  @ApiProperty({ format: 'uuid' }) sessionId!: string;
  @ApiProperty({ format: 'uuid' }) delegateId!: string;
  @ApiProperty({ enum: ENROLMENT_STATUSES }) status!: string;
  @ApiPropertyOptional({ nullable: true, type: Number, description: '1 is next in line; null when confirmed.' }) waitlistPosition!:
    number | null;
  @ApiProperty() queuedAt!: string;
  @ApiPropertyOptional({ nullable: true, type: String }) confirmedAt!: string | null;
  @ApiPropertyOptional({
    nullable: true,
    type: String,
    description: 'When the delegate accepted the calendar invitation (their reply, read from IMAP_URL); null otherwise.',
  })
  acceptedAt!: string | null;
  @ApiProperty() late!: boolean;
}

export class HostOfferView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) registrationId!: string;
  @ApiPropertyOptional({ type: OrganisationSummary }) organisation?: OrganisationSummary;
  @ApiProperty({ type: [String], format: 'uuid' }) themeIds!: string[];
  @ApiPropertyOptional({ nullable: true, type: String }) availableFrom!: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) availableTo!: string | null;
  @ApiProperty() visitors!: number;
  @ApiProperty() description!: string;
  @ApiProperty() late!: boolean;
}

export function toQuestionView(q: RegistrationQuestion): QuestionView {
  return { id: q.id, label: q.label, kind: q.kind, choices: q.choices, required: q.required, position: q.position };
}

export function toRegistrationView(r: Registration, themeIds?: string[]): RegistrationView {
  return {
    id: r.id,
    forumId: r.forum.id,
    organisation: toSummary(r.organisation),
    status: r.status,
    interestedAt: iso(r.interestedAt),
    confirmedAt: iso(r.confirmedAt),
    excusedAt: iso(r.excusedAt),
    cancelledAt: iso(r.cancelledAt),
    answers: r.answers,
    notes: r.notes,
    late: r.late,
    themeIds,
  };
}

export function toDelegateView(d: Delegate): DelegateView {
  return {
    id: d.id,
    registrationId: d.registration.id,
    contact: {
      id: d.contact.id,
      firstName: d.contact.firstName,
      lastName: d.contact.lastName,
      fullName: fullName(d.contact.firstName, d.contact.lastName),
      email: d.contact.email,
    },
    role: d.role,
    printedFunction: d.printedFunction,
    locale: d.locale,
    needsInterpretation: d.needsInterpretation,
    dietaryNotes: d.dietaryNotes,
    accessNotes: d.accessNotes,
    late: d.late,
  };
}

export function toHostOfferView(o: HostOffer, withOrganisation = false): HostOfferView {
  return {
    id: o.id,
    registrationId: o.registration.id,
    organisation: withOrganisation ? toSummary(o.registration.organisation) : undefined,
    themeIds: o.themeIds,
    availableFrom: o.availableFrom,
    availableTo: o.availableTo,
    visitors: o.visitors,
    description: o.description,
    late: o.late,
  };
}
