import { Migration } from '@mikro-orm/migrations';

export class Migration20261202182006_api_token_expiry extends Migration {

  override name = 'Migration20261202182006_api_token_expiry';

  override up(): void | Promise<void> {
    // Tokens made without an expiry get the default one, counted from now so that none stops at once.
    this.addSql(`update "api_token" set "expires_at" = now() + interval '90 days' where "expires_at" is null;`);
    this.addSql(`alter table "api_token" alter column "expires_at" set not null;`);
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table "api_token" alter column "expires_at" drop not null;`);
  }

}
