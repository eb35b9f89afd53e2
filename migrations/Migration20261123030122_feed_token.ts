import { Migration } from '@mikro-orm/migrations';

export class Migration20261123030122_feed_token extends Migration {

  override name = 'Migration20261123030122_feed_token';

  override up(): void | Promise<void> {
    this.addSql(`create table "feed_token" ("id" uuid not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "delegate_id" uuid not null, "token_hash" text not null, "revoked_at" timestamptz null, primary key ("id"));`);
    this.addSql(`create index "feed_token_delegate_id_index" on "feed_token" ("delegate_id");`);
    this.addSql(`alter table "feed_token" add constraint "feed_token_token_hash_unique" unique ("token_hash");`);

    this.addSql(`alter table "feed_token" add constraint "feed_token_delegate_id_foreign" foreign key ("delegate_id") references "delegate" ("id") on delete cascade;`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists "feed_token" cascade;`);
  }

}
