import { Migration } from '@mikro-orm/migrations';

export class Migration20261123014834_date_polls_and_themes extends Migration {

  override name = 'Migration20261123014834_date_polls_and_themes';

  override up(): void | Promise<void> {
    this.addSql(`create table "date_option" ("id" uuid not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "forum_id" uuid not null, "start_date" date not null, "end_date" date not null, "note" text null, "preferred" boolean not null default false, primary key ("id"));`);
    this.addSql(`alter table "date_option" add constraint "date_option_forum_id_start_date_end_date_unique" unique ("forum_id", "start_date", "end_date");`);

    this.addSql(`create table "date_choice" ("id" uuid not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "forum_id" uuid not null, "option_id" uuid null, "start_date" date not null, "end_date" date not null, "previous_start_date" date null, "previous_end_date" date null, "chosen_by" text not null, primary key ("id"));`);
    this.addSql(`create index "date_choice_forum_id_index" on "date_choice" ("forum_id");`);
    this.addSql(`create index "date_choice_option_id_index" on "date_choice" ("option_id");`);

    this.addSql(`create table "date_vote" ("id" uuid not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "option_id" uuid not null, "organisation_id" uuid not null, "answer" text not null, "comment" text null, "cast_by" text not null, primary key ("id"));`);
    this.addSql(`create index "date_vote_organisation_id_index" on "date_vote" ("organisation_id");`);
    this.addSql(`alter table "date_vote" add constraint "date_vote_option_id_organisation_id_unique" unique ("option_id", "organisation_id");`);

    this.addSql(`create table "theme" ("id" uuid not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "forum_id" uuid not null, "title" jsonb not null, "description" jsonb not null, "position" int not null, primary key ("id"));`);
    this.addSql(`create index "theme_forum_id_index" on "theme" ("forum_id");`);

    this.addSql(`create table "theme_interest" ("id" uuid not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "theme_id" uuid not null, "organisation_id" uuid not null, "rank" int not null, primary key ("id"));`);
    this.addSql(`create index "theme_interest_organisation_id_index" on "theme_interest" ("organisation_id");`);
    this.addSql(`alter table "theme_interest" add constraint "theme_interest_theme_id_organisation_id_unique" unique ("theme_id", "organisation_id");`);

    this.addSql(`alter table "forum" add "series" text not null default 'franco-korean-forum', add "poll_closed_at" timestamptz null;`);
    this.addSql(`create index "forum_series_edition_number_index" on "forum" ("series", "edition_number");`);

    this.addSql(`alter table "date_option" add constraint "date_option_forum_id_foreign" foreign key ("forum_id") references "forum" ("id") on delete cascade;`);

    this.addSql(`alter table "date_choice" add constraint "date_choice_forum_id_foreign" foreign key ("forum_id") references "forum" ("id") on delete cascade;`);
    this.addSql(`alter table "date_choice" add constraint "date_choice_option_id_foreign" foreign key ("option_id") references "date_option" ("id") on delete set null;`);

    this.addSql(`alter table "date_vote" add constraint "date_vote_option_id_foreign" foreign key ("option_id") references "date_option" ("id") on delete cascade;`);
    this.addSql(`alter table "date_vote" add constraint "date_vote_organisation_id_foreign" foreign key ("organisation_id") references "organisation" ("id") on delete cascade;`);
    this.addSql(`alter table "date_vote" add constraint "date_vote_answer_check" check ("answer" in ('yes', 'if_need_be', 'no'));`);

    this.addSql(`alter table "theme" add constraint "theme_forum_id_foreign" foreign key ("forum_id") references "forum" ("id") on delete cascade;`);

    this.addSql(`alter table "theme_interest" add constraint "theme_interest_theme_id_foreign" foreign key ("theme_id") references "theme" ("id") on delete cascade;`);
    this.addSql(`alter table "theme_interest" add constraint "theme_interest_organisation_id_foreign" foreign key ("organisation_id") references "organisation" ("id") on delete cascade;`);
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table "date_choice" drop constraint "date_choice_option_id_foreign";`);
    this.addSql(`alter table "date_vote" drop constraint "date_vote_option_id_foreign";`);
    this.addSql(`alter table "theme_interest" drop constraint "theme_interest_theme_id_foreign";`);

    this.addSql(`drop table if exists "date_option" cascade;`);
    this.addSql(`drop table if exists "date_choice" cascade;`);
    this.addSql(`drop table if exists "date_vote" cascade;`);
    this.addSql(`drop table if exists "theme" cascade;`);
    this.addSql(`drop table if exists "theme_interest" cascade;`);

    this.addSql(`drop index "forum_series_edition_number_index";`);
    this.addSql(`alter table "forum" drop column "series", drop column "poll_closed_at";`);
  }

}
