import { Migration } from '@mikro-orm/migrations';

export class Migration20261202182536_contact_added_by_link extends Migration {

  override name = 'Migration20261202182536_contact_added_by_link';

  override up(): void | Promise<void> {
    this.addSql(`alter table "contact" add "added_by_access_link_id" uuid null;`);
    this.addSql(`create index "contact_added_by_access_link_id_index" on "contact" ("added_by_access_link_id");`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop index "contact_added_by_access_link_id_index";`);
    this.addSql(`alter table "contact" drop column "added_by_access_link_id";`);
  }

}
