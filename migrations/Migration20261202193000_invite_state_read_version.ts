import { Migration } from '@mikro-orm/migrations';

/** Personal feeds now show each attendee's invite sequence (invite_state): its changes must refresh them too. */
export class Migration20261202193000_invite_state_read_version extends Migration {

  override name = 'Migration20261202193000_invite_state_read_version';

  override up(): void | Promise<void> {
    this.addSql(`create constraint trigger "invite_state_read_version" after insert or update or delete on "invite_state" deferrable initially deferred for each row execute function read_version_bump();`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop trigger if exists "invite_state_read_version" on "invite_state";`);
  }

}
