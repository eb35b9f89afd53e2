import { Migration } from '@mikro-orm/migrations';

export class Migration20261123020416_registrations_deadlines_enrolments extends Migration {

  override name = 'Migration20261123020416_registrations_deadlines_enrolments';

  override up(): void | Promise<void> {
    this.addSql(`create table "deadline" ("id" uuid not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "forum_id" uuid not null, "kind" text not null, "title" jsonb not null, "due_at" timestamptz not null, "time_zone" text not null, "enforcement" text not null default 'soft', "reminder_offsets" jsonb not null, primary key ("id"));`);
    this.addSql(`create index "deadline_forum_id_kind_index" on "deadline" ("forum_id", "kind");`);

    this.addSql(`create table "registration" ("id" uuid not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "forum_id" uuid not null, "organisation_id" uuid not null, "status" text not null, "interested_at" timestamptz null, "confirmed_at" timestamptz null, "excused_at" timestamptz null, "cancelled_at" timestamptz null, "answers" jsonb not null, "notes" text null, "late" boolean not null default false, primary key ("id"));`);
    this.addSql(`create index "registration_organisation_id_index" on "registration" ("organisation_id");`);
    this.addSql(`alter table "registration" add constraint "registration_forum_id_organisation_id_unique" unique ("forum_id", "organisation_id");`);

    this.addSql(`create table "host_offer" ("id" uuid not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "registration_id" uuid not null, "theme_ids" jsonb not null, "available_from" date null, "available_to" date null, "visitors" int not null, "description" text not null, "late" boolean not null default false, primary key ("id"));`);
    this.addSql(`alter table "host_offer" add constraint "host_offer_registration_id_unique" unique ("registration_id");`);

    this.addSql(`create table "delegate" ("id" uuid not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "registration_id" uuid not null, "contact_id" uuid not null, "role" text not null, "printed_function" text null, "locale" text not null default 'fr', "needs_interpretation" boolean not null default false, "dietary_notes" text null, "access_notes" text null, "late" boolean not null default false, primary key ("id"));`);
    this.addSql(`create index "delegate_contact_id_index" on "delegate" ("contact_id");`);
    this.addSql(`alter table "delegate" add constraint "delegate_registration_id_contact_id_unique" unique ("registration_id", "contact_id");`);

    this.addSql(`create table "registration_question" ("id" uuid not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "forum_id" uuid not null, "label" jsonb not null, "kind" text not null, "choices" jsonb not null, "required" boolean not null default false, "position" int not null, primary key ("id"));`);
    this.addSql(`create index "registration_question_forum_id_index" on "registration_question" ("forum_id");`);

    this.addSql(`create table "enrolment" ("id" uuid not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "delegate_id" uuid not null, "session_id" uuid not null, "status" text not null, "queued_at" timestamptz not null, "confirmed_at" timestamptz null, "late" boolean not null default false, primary key ("id"));`);
    this.addSql(`create index "enrolment_delegate_id_index" on "enrolment" ("delegate_id");`);
    this.addSql(`create index "enrolment_session_id_status_queued_at_index" on "enrolment" ("session_id", "status", "queued_at");`);
    this.addSql(`alter table "enrolment" add constraint "enrolment_delegate_id_session_id_unique" unique ("delegate_id", "session_id");`);

    this.addSql(`alter table "forum" add "max_delegates_per_organisation" int null;`);

    this.addSql(`alter table "deadline" add constraint "deadline_forum_id_foreign" foreign key ("forum_id") references "forum" ("id") on delete cascade;`);
    this.addSql(`alter table "deadline" add constraint "deadline_kind_check" check ("kind" in ('interest', 'delegation', 'visit_choice', 'host_offer', 'documents', 'custom'));`);
    this.addSql(`alter table "deadline" add constraint "deadline_enforcement_check" check ("enforcement" in ('hard', 'soft'));`);

    this.addSql(`alter table "registration" add constraint "registration_forum_id_foreign" foreign key ("forum_id") references "forum" ("id") on delete cascade;`);
    this.addSql(`alter table "registration" add constraint "registration_organisation_id_foreign" foreign key ("organisation_id") references "organisation" ("id") on delete restrict;`);
    this.addSql(`alter table "registration" add constraint "registration_status_check" check ("status" in ('interested', 'confirmed', 'excused', 'cancelled'));`);

    this.addSql(`alter table "host_offer" add constraint "host_offer_registration_id_foreign" foreign key ("registration_id") references "registration" ("id") on delete cascade;`);

    this.addSql(`alter table "delegate" add constraint "delegate_registration_id_foreign" foreign key ("registration_id") references "registration" ("id") on delete cascade;`);
    this.addSql(`alter table "delegate" add constraint "delegate_contact_id_foreign" foreign key ("contact_id") references "contact" ("id") on delete restrict;`);
    this.addSql(`alter table "delegate" add constraint "delegate_role_check" check ("role" in ('elected_official', 'staff', 'other'));`);
    this.addSql(`alter table "delegate" add constraint "delegate_locale_check" check ("locale" in ('fr', 'ko', 'en'));`);

    this.addSql(`alter table "registration_question" add constraint "registration_question_forum_id_foreign" foreign key ("forum_id") references "forum" ("id") on delete cascade;`);
    this.addSql(`alter table "registration_question" add constraint "registration_question_kind_check" check ("kind" in ('text', 'choice', 'multiple_choice'));`);

    this.addSql(`alter table "enrolment" add constraint "enrolment_delegate_id_foreign" foreign key ("delegate_id") references "delegate" ("id") on delete cascade;`);
    this.addSql(`alter table "enrolment" add constraint "enrolment_session_id_foreign" foreign key ("session_id") references "session" ("id") on delete cascade;`);
    this.addSql(`alter table "enrolment" add constraint "enrolment_status_check" check ("status" in ('confirmed', 'waitlisted'));`);
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table "host_offer" drop constraint "host_offer_registration_id_foreign";`);
    this.addSql(`alter table "delegate" drop constraint "delegate_registration_id_foreign";`);
    this.addSql(`alter table "enrolment" drop constraint "enrolment_delegate_id_foreign";`);

    this.addSql(`drop table if exists "deadline" cascade;`);
    this.addSql(`drop table if exists "registration" cascade;`);
    this.addSql(`drop table if exists "host_offer" cascade;`);
    this.addSql(`drop table if exists "delegate" cascade;`);
    this.addSql(`drop table if exists "registration_question" cascade;`);
    this.addSql(`drop table if exists "enrolment" cascade;`);

    this.addSql(`alter table "forum" drop column "max_delegates_per_organisation";`);
  }

}
