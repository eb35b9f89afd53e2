import { Entity, Enum, Index, ManyToOne, Property } from '@mikro-orm/decorators/legacy';
import type { LocalizedText } from '../common/locale';
import { BaseEntity } from '../database/base.entity';
import { Forum } from '../forums/forum.entity';

export const DEADLINE_KINDS = ['interest', 'delegation', 'visit_choice', 'host_offer', 'documents', 'custom'] as const;
export type DeadlineKind = (typeof DEADLINE_KINDS)[number];
export const ENFORCEMENTS = ['hard', 'soft'] as const;
export type Enforcement = (typeof ENFORCEMENTS)[number];

/** "Confirmer leur intérêt avant le 15 mars": the instant the organiser stated, in the zone it was stated in. */
@Entity({ tableName: 'deadline' })
@Index({ properties: ['forum', 'kind'] })
export class Deadline extends BaseEntity {
  @ManyToOne({ entity: () => Forum, deleteRule: 'cascade' })
  forum: Forum;

  @Enum({ items: () => DEADLINE_KINDS })
  kind: DeadlineKind;

  @Property({ type: 'json' })
  title: LocalizedText;

  @Property({ type: 'datetime', columnType: 'timestamptz' })
  dueAt: Date;

  /** The zone the organiser stated the instant in. */
  @Property({ type: 'text' })
  timeZone: string;

  @Enum({ items: () => ENFORCEMENTS, default: 'soft' })
  enforcement: Enforcement = 'soft';

  /** ISO-8601 durations before dueAt (P14D, P3D, PT2H): when reminders go out. */
  @Property({ type: 'json' })
  reminderOffsets: string[] = [];

  constructor(fields: { forum: Forum; kind: DeadlineKind; title: LocalizedText; dueAt: Date; timeZone: string }) {
    super();
    this.forum = fields.forum;
    this.kind = fields.kind;
    this.title = fields.title;
    this.dueAt = fields.dueAt;
    this.timeZone = fields.timeZone;
  }
}
