import { Migration } from '@mikro-orm/migrations';

export class Migration20261123021848_invite_state extends Migration {

  override name = 'Migration20261123021848_invite_state';

  override up(): void | Promise<void> {
    this.addSql(`create table "invite_state" ("id" uuid not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "session_id" uuid not null, "delegate_id" uuid not null, "last_sequence" int not null, primary key ("id"));`);
    this.addSql(`create index "invite_state_delegate_id_index" on "invite_state" ("delegate_id");`);
    this.addSql(`alter table "invite_state" add constraint "invite_state_session_id_delegate_id_unique" unique ("session_id", "delegate_id");`);

    this.addSql(`alter table "invite_state" add constraint "invite_state_session_id_foreign" foreign key ("session_id") references "session" ("id") on delete cascade;`);
    this.addSql(`alter table "invite_state" add constraint "invite_state_delegate_id_foreign" foreign key ("delegate_id") references "delegate" ("id") on delete cascade;`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists "invite_state" cascade;`);
  }

}
