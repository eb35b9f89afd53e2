import { Entity, Index, ManyToOne, Property } from '@mikro-orm/decorators/legacy';
import { BaseEntity } from '../database/base.entity';
import { Organisation } from './organisation.entity';

/** Dates an organisation asks to avoid (its festival, an election, a fair), inclusive, local dates. */
@Entity({ tableName: 'blackout' })
@Index({ properties: ['organisation', 'startDate'] })
export class Blackout extends BaseEntity {
  @ManyToOne({ entity: () => Organisation, deleteRule: 'cascade' })
  organisation: Organisation;

  @Property({ type: 'date' })
  startDate: string;

  @Property({ type: 'date' })
  endDate: string;

  @Property({ type: 'text' })
  reason: string;

  constructor(fields: { organisation: Organisation; startDate: string; endDate: string; reason: string }) {
    super();
    this.organisation = fields.organisation;
    this.startDate = fields.startDate;
    this.endDate = fields.endDate;
    this.reason = fields.reason;
  }
}
