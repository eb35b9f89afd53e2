import { Entity, Enum, Index, Property } from '@mikro-orm/decorators/legacy';
import { BaseEntity } from '../database/base.entity';
import { LOCALES, type Locale } from '../common/locale';

export const ORGANISATION_KINDS = [
  'commune',
  'intercommunality',
  'metropole',
  'departement',
  'region',
  'province',
  'metropolitan_city',
  'special_city',
  'district',
  'county',
  'ministry',
  'embassy',
  'network',
  'association',
  'other',
] as const;
export type OrganisationKind = (typeof ORGANISATION_KINDS)[number];

/** A French or Korean local authority, or a body taking part (network, ministry, embassy). */
@Entity({ tableName: 'organisation' })
@Index({ properties: ['country', 'kind'] })
export class Organisation extends BaseEntity {
  @Property({ type: 'text' })
  name: string;

  @Property({ type: 'text', nullable: true })
  nameKo: string | null = null;

  /** ISO 3166 alpha-2. */
  @Property({ type: 'string', length: 2 })
  country: string;

  @Enum({ items: () => ORGANISATION_KINDS })
  kind: OrganisationKind;

  @Property({ type: 'integer', nullable: true })
  population: number | null = null;

  @Property({ type: 'text', nullable: true })
  website: string | null = null;

  @Enum({ items: () => LOCALES, default: 'fr' })
  defaultLocale: Locale = 'fr';

  /** Archived organisations keep their history but leave lists and invitations. */
  @Property({ type: 'datetime', columnType: 'timestamptz', nullable: true })
  archivedAt: Date | null = null;

  constructor(fields: { name: string; country: string; kind: OrganisationKind }) {
    super();
    this.name = fields.name;
    this.country = fields.country;
    this.kind = fields.kind;
  }
}
