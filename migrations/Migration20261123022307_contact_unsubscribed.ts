import { Migration } from '@mikro-orm/migrations';

export class Migration20261123022307_contact_unsubscribed extends Migration {

  override name = 'Migration20261123022307_contact_unsubscribed';

  override up(): void | Promise<void> {
    this.addSql(`alter table "contact" add "unsubscribed_from" jsonb not null default '[]';`);
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table "contact" drop column "unsubscribed_from";`);
  }

}
