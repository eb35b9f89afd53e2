import { Migration } from '@mikro-orm/migrations';

export class Migration20261202200401_access_link_first_use extends Migration {

  override name = 'Migration20261202200401_access_link_first_use';

  override up(): void | Promise<void> {
    this.addSql(`alter table "access_link" add "first_used_at" timestamptz null;`);
    // Links opened before this column existed: their first use is not known, their last one is.
    this.addSql(`update "access_link" set "first_used_at" = "last_used_at" where "last_used_at" is not null;`);
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table "access_link" drop column "first_used_at";`);
  }

}
