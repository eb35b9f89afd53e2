import { Migration } from '@mikro-orm/migrations';

export class Migration20261123013926_organisations_accounts_audit extends Migration {

  override name = 'Migration20261123013926_organisations_accounts_audit';

  override up(): void | Promise<void> {
    this.addSql(`create table "audit_entry" ("id" uuid not null, "at" timestamptz not null, "actor_kind" text not null, "actor_id" uuid null, "actor_label" text not null, "action" text not null, "entity_type" text not null, "entity_id" uuid not null, "changes" jsonb null, "request_id" text null, primary key ("id"));`);
    this.addSql(`create index "audit_entry_at_index" on "audit_entry" ("at");`);
    this.addSql(`create index "audit_entry_entity_type_entity_id_index" on "audit_entry" ("entity_type", "entity_id");`);

    this.addSql(`create table "invitation" ("id" uuid not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "forum_id" uuid not null, "organisation_id" uuid not null, primary key ("id"));`);
    this.addSql(`create index "invitation_organisation_id_index" on "invitation" ("organisation_id");`);
    this.addSql(`alter table "invitation" add constraint "invitation_forum_id_organisation_id_unique" unique ("forum_id", "organisation_id");`);

    this.addSql(`create table "contact" ("id" uuid not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "organisation_id" uuid not null, "first_name" text not null, "last_name" text not null, "function" text null, "email" text not null, "phone" text null, "locale" text not null default 'fr', "erased_at" timestamptz null, primary key ("id"));`);
    this.addSql(`create index "contact_organisation_id_index" on "contact" ("organisation_id");`);
    this.addSql(`create unique index "contact_organisation_email_unique" on "contact" ("organisation_id", lower("email"));`);

    this.addSql(`create table "blackout" ("id" uuid not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "organisation_id" uuid not null, "start_date" date not null, "end_date" date not null, "reason" text not null, primary key ("id"));`);
    this.addSql(`create index "blackout_organisation_id_start_date_index" on "blackout" ("organisation_id", "start_date");`);

    this.addSql(`create table "access_link" ("id" uuid not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "contact_id" uuid not null, "organisation_id" uuid not null, "forum_id" uuid not null, "token_hash" text not null, "expires_at" timestamptz not null, "revoked_at" timestamptz null, "last_used_at" timestamptz null, primary key ("id"));`);
    this.addSql(`create index "access_link_contact_id_index" on "access_link" ("contact_id");`);
    this.addSql(`alter table "access_link" add constraint "access_link_token_hash_unique" unique ("token_hash");`);
    this.addSql(`create index "access_link_forum_id_organisation_id_index" on "access_link" ("forum_id", "organisation_id");`);

    this.addSql(`create table "partnership" ("id" uuid not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "organisation_a_id" uuid not null, "organisation_b_id" uuid not null, "kind" text not null, "since" text null, "themes" jsonb not null, "notes" text null, primary key ("id"));`);
    this.addSql(`create index "partnership_organisation_b_id_index" on "partnership" ("organisation_b_id");`);
    this.addSql(`alter table "partnership" add constraint "partnership_organisation_a_id_organisation_b_id_kind_unique" unique ("organisation_a_id", "organisation_b_id", "kind");`);

    this.addSql(`create table "app_user" ("id" uuid not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "email" text not null, "name" text not null, "role" text not null, "locale" text not null default 'fr', "disabled_at" timestamptz null, primary key ("id"));`);
    this.addSql(`alter table "app_user" add constraint "app_user_email_unique" unique ("email");`);

    this.addSql(`create table "sign_in_link" ("id" uuid not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "user_id" uuid not null, "token_hash" text not null, "expires_at" timestamptz not null, "used_at" timestamptz null, primary key ("id"));`);
    this.addSql(`create index "sign_in_link_user_id_index" on "sign_in_link" ("user_id");`);
    this.addSql(`alter table "sign_in_link" add constraint "sign_in_link_token_hash_unique" unique ("token_hash");`);

    this.addSql(`create table "api_token" ("id" uuid not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "user_id" uuid not null, "name" text not null, "token_hash" text not null, "hint" text not null, "expires_at" timestamptz null, "last_used_at" timestamptz null, "revoked_at" timestamptz null, primary key ("id"));`);
    this.addSql(`create index "api_token_user_id_index" on "api_token" ("user_id");`);
    this.addSql(`alter table "api_token" add constraint "api_token_token_hash_unique" unique ("token_hash");`);

    this.addSql(`alter table "organisation" add "archived_at" timestamptz null;`);
    this.addSql(`create index "organisation_country_kind_index" on "organisation" ("country", "kind");`);

    this.addSql(`alter table "audit_entry" add constraint "audit_entry_actor_kind_check" check ("actor_kind" in ('organiser', 'authority', 'system'));`);
    this.addSql(`alter table "audit_entry" add constraint "audit_entry_action_check" check ("action" in ('create', 'update', 'delete'));`);

    this.addSql(`alter table "invitation" add constraint "invitation_forum_id_foreign" foreign key ("forum_id") references "forum" ("id") on delete cascade;`);
    this.addSql(`alter table "invitation" add constraint "invitation_organisation_id_foreign" foreign key ("organisation_id") references "organisation" ("id") on delete restrict;`);

    this.addSql(`alter table "contact" add constraint "contact_organisation_id_foreign" foreign key ("organisation_id") references "organisation" ("id") on delete cascade;`);
    this.addSql(`alter table "contact" add constraint "contact_locale_check" check ("locale" in ('fr', 'ko', 'en'));`);

    this.addSql(`alter table "blackout" add constraint "blackout_organisation_id_foreign" foreign key ("organisation_id") references "organisation" ("id") on delete cascade;`);

    this.addSql(`alter table "access_link" add constraint "access_link_contact_id_foreign" foreign key ("contact_id") references "contact" ("id") on delete cascade;`);
    this.addSql(`alter table "access_link" add constraint "access_link_organisation_id_foreign" foreign key ("organisation_id") references "organisation" ("id") on delete restrict;`);
    this.addSql(`alter table "access_link" add constraint "access_link_forum_id_foreign" foreign key ("forum_id") references "forum" ("id") on delete cascade;`);

    this.addSql(`alter table "partnership" add constraint "partnership_organisation_a_id_foreign" foreign key ("organisation_a_id") references "organisation" ("id") on delete cascade;`);
    this.addSql(`alter table "partnership" add constraint "partnership_organisation_b_id_foreign" foreign key ("organisation_b_id") references "organisation" ("id") on delete cascade;`);
    this.addSql(`alter table "partnership" add constraint "partnership_kind_check" check ("kind" in ('twinning', 'mou', 'letter_of_intent', 'friendship', 'cooperation'));`);

    this.addSql(`alter table "app_user" add constraint "app_user_role_check" check ("role" in ('viewer', 'organiser', 'admin'));`);
    this.addSql(`alter table "app_user" add constraint "app_user_locale_check" check ("locale" in ('fr', 'ko', 'en'));`);

    this.addSql(`alter table "sign_in_link" add constraint "sign_in_link_user_id_foreign" foreign key ("user_id") references "app_user" ("id") on delete cascade;`);

    this.addSql(`alter table "api_token" add constraint "api_token_user_id_foreign" foreign key ("user_id") references "app_user" ("id") on delete cascade;`);
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table "access_link" drop constraint "access_link_contact_id_foreign";`);
    this.addSql(`alter table "sign_in_link" drop constraint "sign_in_link_user_id_foreign";`);
    this.addSql(`alter table "api_token" drop constraint "api_token_user_id_foreign";`);

    this.addSql(`drop table if exists "audit_entry" cascade;`);
    this.addSql(`drop table if exists "invitation" cascade;`);
    this.addSql(`drop table if exists "contact" cascade;`);
    this.addSql(`drop table if exists "blackout" cascade;`);
    this.addSql(`drop table if exists "access_link" cascade;`);
    this.addSql(`drop table if exists "partnership" cascade;`);
    this.addSql(`drop table if exists "app_user" cascade;`);
    this.addSql(`drop table if exists "sign_in_link" cascade;`);
    this.addSql(`drop table if exists "api_token" cascade;`);

    this.addSql(`drop index "organisation_country_kind_index";`);
    this.addSql(`alter table "organisation" drop column "archived_at";`);
  }

}
