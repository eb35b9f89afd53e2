import { Migration } from '@mikro-orm/migrations';

export class Migration20261123024005_contact_digest extends Migration {

  override name = 'Migration20261123024005_contact_digest';

  override up(): void | Promise<void> {
    this.addSql(`alter table "contact" add "wants_digest" boolean not null default false;`);
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table "contact" drop column "wants_digest";`);
  }

}
