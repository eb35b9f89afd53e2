import { Entity, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';

/**
 * One row: a counter that every committed change to what a public or personal read shows
 * raises, with the time of that change. Written only by the database's own triggers
 * (migration `read_version`), which also announce it on the `passerelle_reads` channel.
 */
@Entity({ tableName: 'read_version' })
export class ReadVersion {
  @PrimaryKey({ type: 'smallint', autoincrement: false })
  id = 1;

  @Property({ type: 'bigint' })
  version!: string;

  @Property({ type: 'datetime', columnType: 'timestamptz' })
  changedAt!: Date;
}
