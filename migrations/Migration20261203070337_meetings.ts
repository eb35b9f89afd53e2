import { Migration } from '@mikro-orm/migrations';

export class Migration20261203070337_meetings extends Migration {

  override name = 'Migration20261203070337_meetings';

  override up(): void | Promise<void> {
    this.addSql(`create table "interpreter" ("id" uuid not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "forum_id" uuid not null, "name" text not null, "email" text not null, "locale" text not null default 'fr', "languages" jsonb not null, "modes" jsonb not null, "availability" jsonb null, "feed_token" text not null, primary key ("id"));`);
    this.addSql(`create index "interpreter_forum_id_index" on "interpreter" ("forum_id");`);
    this.addSql(`alter table "interpreter" add constraint "interpreter_feed_token_unique" unique ("feed_token");`);

    this.addSql(`create table "meeting_block" ("id" uuid not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "forum_id" uuid not null, "starts_at" timestamptz not null, "ends_at" timestamptz not null, "tables" jsonb not null, primary key ("id"));`);
    this.addSql(`create index "meeting_block_forum_id_starts_at_index" on "meeting_block" ("forum_id", "starts_at");`);

    this.addSql(`create table "meeting_request" ("id" uuid not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "forum_id" uuid not null, "requester_id" uuid not null, "counterpart_id" uuid not null, "topics" jsonb not null, "note" text null, "state" text not null default 'requested', "expires_at" timestamptz not null, "reminded_at" timestamptz null, "answered_at" timestamptz null, primary key ("id"));`);
    this.addSql(`create index "meeting_request_requester_id_index" on "meeting_request" ("requester_id");`);
    this.addSql(`create index "meeting_request_counterpart_id_index" on "meeting_request" ("counterpart_id");`);
    this.addSql(`create index "meeting_request_forum_id_state_index" on "meeting_request" ("forum_id", "state");`);

    this.addSql(`create table "meeting" ("id" uuid not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "request_id" uuid not null, "forum_id" uuid not null, "block_id" uuid null, "table_label" text null, "interpreter_id" uuid null, "interpretation" jsonb null, "accepted_at" timestamptz not null, "unplaced_code" text null, "displaced_by" jsonb null, "sequence" int not null default 0, "invited_interpreter_email" text null, primary key ("id"));`);
    this.addSql(`alter table "meeting" add constraint "meeting_request_id_unique" unique ("request_id");`);
    this.addSql(`create index "meeting_forum_id_index" on "meeting" ("forum_id");`);
    this.addSql(`create index "meeting_block_id_index" on "meeting" ("block_id");`);
    this.addSql(`create index "meeting_interpreter_id_index" on "meeting" ("interpreter_id");`);
    this.addSql(`create index "meeting_block_id_table_label_index" on "meeting" ("block_id", "table_label");`);

    this.addSql(`create table "meeting_profile" ("id" uuid not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "forum_id" uuid not null, "organisation_id" uuid not null, "offers_theme_ids" jsonb not null, "offers_competences" jsonb not null, "seeks_theme_ids" jsonb not null, "seeks_competences" jsonb not null, "partner_kinds" jsonb not null, "partner_sizes" jsonb not null, "languages" jsonb not null, primary key ("id"));`);
    this.addSql(`create index "meeting_profile_organisation_id_index" on "meeting_profile" ("organisation_id");`);
    this.addSql(`alter table "meeting_profile" add constraint "meeting_profile_forum_id_organisation_id_unique" unique ("forum_id", "organisation_id");`);

    this.addSql(`create table "interpreter_assignment" ("id" uuid not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "interpreter_id" uuid not null, "session_id" uuid not null, "mode" text not null, primary key ("id"));`);
    this.addSql(`create index "interpreter_assignment_session_id_index" on "interpreter_assignment" ("session_id");`);
    this.addSql(`alter table "interpreter_assignment" add constraint "interpreter_assignment_interpreter_id_session_id_unique" unique ("interpreter_id", "session_id");`);

    this.addSql(`alter table "interpreter" add constraint "interpreter_forum_id_foreign" foreign key ("forum_id") references "forum" ("id") on delete cascade;`);
    this.addSql(`alter table "interpreter" add constraint "interpreter_locale_check" check ("locale" in ('fr', 'ko', 'en'));`);

    this.addSql(`alter table "meeting_block" add constraint "meeting_block_forum_id_foreign" foreign key ("forum_id") references "forum" ("id") on delete cascade;`);

    this.addSql(`alter table "meeting_request" add constraint "meeting_request_forum_id_foreign" foreign key ("forum_id") references "forum" ("id") on delete cascade;`);
    this.addSql(`alter table "meeting_request" add constraint "meeting_request_requester_id_foreign" foreign key ("requester_id") references "organisation" ("id") on delete cascade;`);
    this.addSql(`alter table "meeting_request" add constraint "meeting_request_counterpart_id_foreign" foreign key ("counterpart_id") references "organisation" ("id") on delete cascade;`);
    this.addSql(`alter table "meeting_request" add constraint "meeting_request_state_check" check ("state" in ('requested', 'accepted', 'declined', 'expired'));`);

    this.addSql(`alter table "meeting" add constraint "meeting_request_id_foreign" foreign key ("request_id") references "meeting_request" ("id") on delete cascade;`);
    this.addSql(`alter table "meeting" add constraint "meeting_forum_id_foreign" foreign key ("forum_id") references "forum" ("id") on delete cascade;`);
    this.addSql(`alter table "meeting" add constraint "meeting_block_id_foreign" foreign key ("block_id") references "meeting_block" ("id") on delete set null;`);
    this.addSql(`alter table "meeting" add constraint "meeting_interpreter_id_foreign" foreign key ("interpreter_id") references "interpreter" ("id") on delete set null;`);

    this.addSql(`alter table "meeting_profile" add constraint "meeting_profile_forum_id_foreign" foreign key ("forum_id") references "forum" ("id") on delete cascade;`);
    this.addSql(`alter table "meeting_profile" add constraint "meeting_profile_organisation_id_foreign" foreign key ("organisation_id") references "organisation" ("id") on delete cascade;`);

    this.addSql(`alter table "interpreter_assignment" add constraint "interpreter_assignment_interpreter_id_foreign" foreign key ("interpreter_id") references "interpreter" ("id") on delete cascade;`);
    this.addSql(`alter table "interpreter_assignment" add constraint "interpreter_assignment_session_id_foreign" foreign key ("session_id") references "session" ("id") on delete cascade;`);
    this.addSql(`alter table "interpreter_assignment" add constraint "interpreter_assignment_mode_check" check ("mode" in ('simultaneous', 'consecutive', 'whispered'));`);

    // Personal feeds show the delegation's placed meetings: their changes must refresh them too.
    for (const table of ['meeting', 'meeting_block', 'meeting_request', 'interpreter']) {
      this.addSql(`create constraint trigger "${table}_read_version" after insert or update or delete on "${table}" deferrable initially deferred for each row execute function read_version_bump();`);
    }
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table "meeting" drop constraint "meeting_interpreter_id_foreign";`);
    this.addSql(`alter table "interpreter_assignment" drop constraint "interpreter_assignment_interpreter_id_foreign";`);
    this.addSql(`alter table "meeting" drop constraint "meeting_block_id_foreign";`);
    this.addSql(`alter table "meeting" drop constraint "meeting_request_id_foreign";`);

    this.addSql(`drop table if exists "interpreter" cascade;`);
    this.addSql(`drop table if exists "meeting_block" cascade;`);
    this.addSql(`drop table if exists "meeting_request" cascade;`);
    this.addSql(`drop table if exists "meeting" cascade;`);
    this.addSql(`drop table if exists "meeting_profile" cascade;`);
    this.addSql(`drop table if exists "interpreter_assignment" cascade;`);
  }

}
