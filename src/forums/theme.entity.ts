import { Entity, ManyToOne, Property, Unique } from '@mikro-orm/decorators/legacy';
import type { LocalizedText } from '../common/locale';
import { BaseEntity } from '../database/base.entity';
import { Organisation } from '../organisations/organisation.entity';
import { Forum } from './forum.entity';

/** A theme of an edition ("IA et villes coréennes"…), in order. */
@Entity({ tableName: 'theme' })
export class Theme extends BaseEntity {
  @ManyToOne({ entity: () => Forum, deleteRule: 'cascade', index: true })
  forum: Forum;

  @Property({ type: 'json' })
  title: LocalizedText;

  @Property({ type: 'json' })
  description: LocalizedText = {};

  @Property({ type: 'integer' })
  position: number;

  constructor(fields: { forum: Forum; title: LocalizedText; position: number }) {
    super();
    this.forum = fields.forum;
    this.title = fields.title;
    this.position = fields.position;
  }
}

/** How much an organisation cares for a theme: 1 is its first choice. */
@Entity({ tableName: 'theme_interest' })
@Unique({ properties: ['theme', 'organisation'] })
export class ThemeInterest extends BaseEntity {
  @ManyToOne({ entity: () => Theme, deleteRule: 'cascade' })
  theme: Theme;

  @ManyToOne({ entity: () => Organisation, deleteRule: 'cascade', index: true })
  organisation: Organisation;

  @Property({ type: 'integer' })
  rank: number;

  constructor(fields: { theme: Theme; organisation: Organisation; rank: number }) {
    super();
    this.theme = fields.theme;
    this.organisation = fields.organisation;
    this.rank = fields.rank;
  }
}
