import { Entity, Enum, ManyToOne, Property, Unique } from '@mikro-orm/decorators/legacy';
import { BaseEntity } from '../database/base.entity';
import { Organisation } from './organisation.entity';

export const PARTNERSHIP_KINDS = ['twinning', 'mou', 'letter_of_intent', 'friendship', 'cooperation'] as const;
export type PartnershipKind = (typeof PARTNERSHIP_KINDS)[number];

/** A tie between two organisations (Issy-les-Moulineaux–Guro, Lille–Daegu…). Stored with the smaller id first. */
@Entity({ tableName: 'partnership' })
@Unique({ properties: ['organisationA', 'organisationB', 'kind'] })
export class Partnership extends BaseEntity {
  @ManyToOne({ entity: () => Organisation, deleteRule: 'cascade' })
  organisationA: Organisation;

  @ManyToOne({ entity: () => Organisation, deleteRule: 'cascade', index: true })
  organisationB: Organisation;

  @Enum({ items: () => PARTNERSHIP_KINDS })
  kind: PartnershipKind;

  /** A year ("2007") or a date ("2007-05-14"), as known. */
  @Property({ type: 'text', nullable: true })
  since: string | null = null;

  @Property({ type: 'json' })
  themes: string[] = [];

  @Property({ type: 'text', nullable: true })
  notes: string | null = null;

  constructor(fields: { organisationA: Organisation; organisationB: Organisation; kind: PartnershipKind }) {
    super();
    this.organisationA = fields.organisationA;
    this.organisationB = fields.organisationB;
    this.kind = fields.kind;
  }
}
