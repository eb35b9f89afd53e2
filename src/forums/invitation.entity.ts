import { Entity, ManyToOne, Unique } from '@mikro-orm/decorators/legacy';
import { BaseEntity } from '../database/base.entity';
import { Organisation } from '../organisations/organisation.entity';
import { Forum } from './forum.entity';

/** An organisation invited to an edition: only invited ones vote, register, get magic links. */
@Entity({ tableName: 'invitation' })
@Unique({ properties: ['forum', 'organisation'] })
export class Invitation extends BaseEntity {
  @ManyToOne({ entity: () => Forum, deleteRule: 'cascade' })
  forum: Forum;

  @ManyToOne({ entity: () => Organisation, deleteRule: 'restrict', index: true })
  organisation: Organisation;

  constructor(fields: { forum: Forum; organisation: Organisation }) {
    super();
    this.forum = fields.forum;
    this.organisation = fields.organisation;
  }
}
