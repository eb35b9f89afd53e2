import { Migration } from '@mikro-orm/migrations';

export class Migration20261202172748_interpretation_whispered extends Migration {

  override name = 'Migration20261202172748_interpretation_whispered';

  override up(): void | Promise<void> {
    this.addSql(`alter table "session" drop constraint "session_interpretation_check";`);
    this.addSql(`alter table "session" add constraint "session_interpretation_check" check ("interpretation" in ('none', 'consecutive', 'simultaneous', 'whispered'));`);
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table "session" drop constraint "session_interpretation_check";`);
    this.addSql(`alter table "session" add constraint "session_interpretation_check" check ("interpretation" in ('none', 'consecutive', 'simultaneous'));`);
  }

}
