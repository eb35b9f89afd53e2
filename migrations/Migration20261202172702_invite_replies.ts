import { Migration } from '@mikro-orm/migrations';

export class Migration20261202172702_invite_replies extends Migration {

  override name = 'Migration20261202172702_invite_replies';

  override up(): void | Promise<void> {
    this.addSql(`create table "mailbox_cursor" ("id" uuid not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "mailbox" text not null, "uid_validity" bigint not null, "last_uid" bigint not null, primary key ("id"));`);
    this.addSql(`alter table "mailbox_cursor" add constraint "mailbox_cursor_mailbox_unique" unique ("mailbox");`);

    this.addSql(`alter table "invite_state" add "session_sequence" int not null default 0;`);
    // Invites already sent showed the session as it was then: at most its sequence today, and
    // no more than the attendee's own sequence (which was at least the session's when sent).
    this.addSql(`update "invite_state" i set "session_sequence" = least(i."last_sequence", s."sequence") from "session" s where s."id" = i."session_id";`);

    this.addSql(`alter table "enrolment" add "accepted_at" timestamptz null;`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists "mailbox_cursor" cascade;`);

    this.addSql(`alter table "enrolment" drop column "accepted_at";`);

    this.addSql(`alter table "invite_state" drop column "session_sequence";`);
  }

}
