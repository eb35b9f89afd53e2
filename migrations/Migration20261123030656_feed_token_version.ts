import { Migration } from '@mikro-orm/migrations';

export class Migration20261123030656_feed_token_version extends Migration {

  override name = 'Migration20261123030656_feed_token_version';

  override up(): void | Promise<void> {
    this.addSql(`alter table "feed_token" add "version" int not null default 1;`);
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table "feed_token" drop column "version";`);
  }

}
