import { Migration } from '@mikro-orm/migrations';

export class Migration20261202184051_outbox_below_editions extends Migration {

  override name = 'Migration20261202184051_outbox_below_editions';

  override up(): void | Promise<void> {
    // A message names its edition by id only: the outbox sits below the editions and knows none
    // of them. Editions are archived, never deleted, so the id keeps naming one; the index stays.
    this.addSql(`alter table "message" drop constraint "message_forum_id_foreign";`);
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table "message" add constraint "message_forum_id_foreign" foreign key ("forum_id") references "forum" ("id") on update no action on delete set null;`);
  }

}
