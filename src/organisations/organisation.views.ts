import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { LOCALES, type Locale } from '../common/locale';
import type { Blackout } from './blackout.entity';
import type { Contact } from './contact.entity';
import { ORGANISATION_KINDS, type Organisation, type OrganisationKind } from './organisation.entity';
import { PARTNERSHIP_KINDS, type Partnership, type PartnershipKind } from './partnership.entity';

const HANGUL = /[\u1100-\u11ff\u3130-\u318f\uac00-\ud7af]/;

/** "Caroline Millan"; Korean names family name first, without a space: "홍준호". */
export function fullName(firstName: string, lastName: string): string {
  return HANGUL.test(firstName + lastName) ? `${lastName}${firstName}` : `${firstName} ${lastName}`;
}

/** An organisation's name for the reader: its Korean name for Korean readers, when it has one. */
export function organisationName(organisation: { name: string; nameKo: string | null }, locale: Locale): string {
  return locale === 'ko' && organisation.nameKo ? organisation.nameKo : organisation.name;
}

export class OrganisationSummary {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() name!: string;
  @ApiPropertyOptional({ nullable: true, type: String }) nameKo!: string | null;
  @ApiProperty() country!: string;
}

export class PartnerView {
  @ApiProperty({ format: 'uuid' }) partnershipId!: string;
  @ApiProperty({ enum: PARTNERSHIP_KINDS }) kind!: PartnershipKind;
  @ApiPropertyOptional({ nullable: true, type: String }) since!: string | null;
  @ApiProperty({ type: OrganisationSummary }) organisation!: OrganisationSummary;
}

export class OrganisationView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() name!: string;
  @ApiPropertyOptional({ nullable: true, type: String }) nameKo!: string | null;
  @ApiProperty({ example: 'FR' }) country!: string;
  @ApiProperty({ enum: ORGANISATION_KINDS }) kind!: OrganisationKind;
  @ApiPropertyOptional({ nullable: true, type: Number }) population!: number | null;
  @ApiPropertyOptional({ nullable: true, type: String }) website!: string | null;
  @ApiProperty({ enum: LOCALES }) defaultLocale!: Locale;
  @ApiPropertyOptional({ nullable: true, type: String }) archivedAt!: string | null;
  @ApiProperty() createdAt!: string;
  @ApiProperty() updatedAt!: string;
  @ApiPropertyOptional({ type: [PartnerView], description: 'On GET of one organisation only.' }) partners?: PartnerView[];
}

export class ContactView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) organisationId!: string;
  @ApiProperty() firstName!: string;
  @ApiProperty() lastName!: string;
  @ApiProperty({ description: 'As printed: Korean names family name first.' }) fullName!: string;
  @ApiPropertyOptional({ nullable: true, type: String }) function!: string | null;
  @ApiProperty() email!: string;
  @ApiPropertyOptional({ nullable: true, type: String }) phone!: string | null;
  @ApiProperty({ enum: LOCALES }) locale!: Locale;
  @ApiProperty({ description: 'Receives the weekly shared agenda.' }) wantsDigest!: boolean;
  @ApiPropertyOptional({ nullable: true, type: String }) erasedAt!: string | null;
}

export class PartnershipView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ type: OrganisationSummary }) organisationA!: OrganisationSummary;
  @ApiProperty({ type: OrganisationSummary }) organisationB!: OrganisationSummary;
  @ApiProperty({ enum: PARTNERSHIP_KINDS }) kind!: PartnershipKind;
  @ApiPropertyOptional({ nullable: true, type: String }) since!: string | null;
  @ApiProperty({ type: [String] }) themes!: string[];
  @ApiPropertyOptional({ nullable: true, type: String }) notes!: string | null;
}

export class BlackoutView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) organisationId!: string;
  @ApiProperty({ example: '2024-09-14' }) startDate!: string;
  @ApiProperty({ example: '2024-09-22' }) endDate!: string;
  @ApiProperty() reason!: string;
}

export function toSummary(organisation: Organisation): OrganisationSummary {
  return { id: organisation.id, name: organisation.name, nameKo: organisation.nameKo, country: organisation.country };
}

export function toOrganisationView(organisation: Organisation, partnerships?: Partnership[]): OrganisationView {
  return {
    id: organisation.id,
    name: organisation.name,
    nameKo: organisation.nameKo,
    country: organisation.country,
    kind: organisation.kind,
    population: organisation.population,
    website: organisation.website,
    defaultLocale: organisation.defaultLocale,
    archivedAt: organisation.archivedAt?.toISOString() ?? null,
    createdAt: organisation.createdAt.toISOString(),
    updatedAt: organisation.updatedAt.toISOString(),
    partners: partnerships?.map((p) => ({
      partnershipId: p.id,
      kind: p.kind,
      since: p.since,
      organisation: toSummary(p.organisationA.id === organisation.id ? p.organisationB : p.organisationA),
    })),
  };
}

export function toContactView(contact: Contact): ContactView {
  return {
    id: contact.id,
    organisationId: contact.organisation.id,
    firstName: contact.firstName,
    lastName: contact.lastName,
    fullName: fullName(contact.firstName, contact.lastName),
    function: contact.function,
    email: contact.email,
    phone: contact.phone,
    locale: contact.locale,
    wantsDigest: contact.wantsDigest,
    erasedAt: contact.erasedAt?.toISOString() ?? null,
  };
}

export function toPartnershipView(partnership: Partnership): PartnershipView {
  return {
    id: partnership.id,
    organisationA: toSummary(partnership.organisationA),
    organisationB: toSummary(partnership.organisationB),
    kind: partnership.kind,
    since: partnership.since,
    themes: partnership.themes,
    notes: partnership.notes,
  };
}

export function toBlackoutView(blackout: Blackout): BlackoutView {
  return {
    id: blackout.id,
    organisationId: blackout.organisation.id,
    startDate: blackout.startDate,
    endDate: blackout.endDate,
    reason: blackout.reason,
  };
}
