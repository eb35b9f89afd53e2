import { Migration } from '@mikro-orm/migrations';

export class Migration20261123015414_programme_sessions extends Migration {

  override name = 'Migration20261123015414_programme_sessions';

  override up(): void | Promise<void> {
    this.addSql(`create table "session" ("id" uuid not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "forum_id" uuid not null, "kind" text not null, "title" jsonb not null, "description" jsonb not null, "theme_id" uuid null, "starts_at" timestamptz not null, "ends_at" timestamptz not null, "venue_name" text null, "venue_address" text null, "venue_city" text null, "online_url" text null, "capacity" int null, "interpretation" text not null default 'none', "interpretation_languages" jsonb not null, "meeting_point" text null, "transport_notes" text null, "status" text not null default 'draft', "cancel_reason" text null, "sequence" int not null default 0, primary key ("id"));`);
    this.addSql(`create index "session_theme_id_index" on "session" ("theme_id");`);
    this.addSql(`create index "session_forum_id_starts_at_index" on "session" ("forum_id", "starts_at");`);

    this.addSql(`create table "session_host" ("id" uuid not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "session_id" uuid not null, "organisation_id" uuid not null, "role" text not null, primary key ("id"));`);
    this.addSql(`create index "session_host_organisation_id_index" on "session_host" ("organisation_id");`);
    this.addSql(`alter table "session_host" add constraint "session_host_session_id_organisation_id_unique" unique ("session_id", "organisation_id");`);

    this.addSql(`create table "session_change" ("id" uuid not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "session_id" uuid not null, "sequence" int not null, "visible" boolean not null, "changes" jsonb not null, "changed_by" text not null, primary key ("id"));`);
    this.addSql(`create index "session_change_session_id_created_at_index" on "session_change" ("session_id", "created_at");`);

    this.addSql(`alter table "session" add constraint "session_forum_id_foreign" foreign key ("forum_id") references "forum" ("id") on delete cascade;`);
    this.addSql(`alter table "session" add constraint "session_theme_id_foreign" foreign key ("theme_id") references "theme" ("id") on delete set null;`);
    this.addSql(`alter table "session" add constraint "session_kind_check" check ("kind" in ('plenary', 'seminar', 'workshop', 'round_table', 'field_visit', 'reception', 'meal', 'transfer', 'meeting'));`);
    this.addSql(`alter table "session" add constraint "session_interpretation_check" check ("interpretation" in ('none', 'consecutive', 'simultaneous'));`);
    this.addSql(`alter table "session" add constraint "session_status_check" check ("status" in ('draft', 'published', 'cancelled'));`);

    this.addSql(`alter table "session_host" add constraint "session_host_session_id_foreign" foreign key ("session_id") references "session" ("id") on delete cascade;`);
    this.addSql(`alter table "session_host" add constraint "session_host_organisation_id_foreign" foreign key ("organisation_id") references "organisation" ("id") on delete restrict;`);
    this.addSql(`alter table "session_host" add constraint "session_host_role_check" check ("role" in ('host', 'co_host', 'speaker', 'moderator'));`);

    this.addSql(`alter table "session_change" add constraint "session_change_session_id_foreign" foreign key ("session_id") references "session" ("id") on delete cascade;`);
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table "session_host" drop constraint "session_host_session_id_foreign";`);
    this.addSql(`alter table "session_change" drop constraint "session_change_session_id_foreign";`);

    this.addSql(`drop table if exists "session" cascade;`);
    this.addSql(`drop table if exists "session_host" cascade;`);
    this.addSql(`drop table if exists "session_change" cascade;`);
  }

}
