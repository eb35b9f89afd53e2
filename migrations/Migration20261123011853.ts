import { Migration } from '@mikro-orm/migrations';

export class Migration20261123011853 extends Migration {

  override name = 'Migration20261123011853';

  override up(): void | Promise<void> {
    this.addSql(`create table "forum" ("id" uuid not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "slug" text not null, "edition_number" int not null, "title" jsonb not null, "description" jsonb not null, "host_country" varchar(2) not null, "time_zone" text not null, "status" text not null default 'draft', "start_date" date null, "end_date" date null, primary key ("id"));`);
    this.addSql(`alter table "forum" add constraint "forum_slug_unique" unique ("slug");`);
    this.addSql(`create index "forum_status_start_date_index" on "forum" ("status", "start_date");`);
    this.addSql(`alter table "forum" add constraint "forum_status_check" check ("status" in ('draft', 'published', 'archived'));`);

    this.addSql(`create table "message" ("id" uuid not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "kind" text not null, "recipient" text not null, "locale" text not null, "template" text not null, "data" jsonb not null, "dedupe_key" text not null, "forum_id" uuid null, "scheduled_for" timestamptz not null, "status" text not null default 'scheduled', "attempts" int not null default 0, "last_error" text null, "sent_at" timestamptz null, "smtp_message_id" text null, "ics" text null, "ics_method" text null, primary key ("id"));`);
    this.addSql(`alter table "message" add constraint "message_dedupe_key_unique" unique ("dedupe_key");`);
    this.addSql(`create index "message_forum_id_index" on "message" ("forum_id");`);
    this.addSql(`create index "message_status_scheduled_for_index" on "message" ("status", "scheduled_for");`);
    this.addSql(`alter table "message" add constraint "message_locale_check" check ("locale" in ('fr', 'ko', 'en'));`);
    this.addSql(`alter table "message" add constraint "message_status_check" check ("status" in ('scheduled', 'queued', 'sent', 'failed', 'cancelled'));`);
    this.addSql(`alter table "message" add constraint "message_ics_method_check" check ("ics_method" in ('PUBLISH', 'REQUEST', 'CANCEL'));`);

    this.addSql(`create table "organisation" ("id" uuid not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "name" text not null, "name_ko" text null, "country" varchar(2) not null, "kind" text not null, "population" int null, "website" text null, "default_locale" text not null default 'fr', primary key ("id"));`);
    this.addSql(`alter table "organisation" add constraint "organisation_kind_check" check ("kind" in ('commune', 'intercommunality', 'metropole', 'departement', 'region', 'province', 'metropolitan_city', 'special_city', 'district', 'county', 'ministry', 'embassy', 'network', 'association', 'other'));`);
    this.addSql(`alter table "organisation" add constraint "organisation_default_locale_check" check ("default_locale" in ('fr', 'ko', 'en'));`);

    this.addSql(`alter table "message" add constraint "message_forum_id_foreign" foreign key ("forum_id") references "forum" ("id") on delete set null;`);
  }

}
