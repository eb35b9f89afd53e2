import { Migration } from '@mikro-orm/migrations';

/**
 * The tables whose rows a public or personal read shows (feeds, the programme page and API, the
 * edition list, personal agendas). test/read-freshness.e2e.spec.ts records the tables each read
 * queries and fails when one of them is missing here.
 */
const READ_TABLES = ['forum', 'session', 'session_host', 'organisation', 'theme', 'theme_interest', 'deadline', 'enrolment', 'registration', 'delegate', 'contact', 'feed_token'];

export class Migration20261202172236_read_version extends Migration {

  override name = 'Migration20261202172236_read_version';

  override up(): void | Promise<void> {
    this.addSql(`create table "read_version" ("id" smallint not null default 1, "version" bigint not null, "changed_at" timestamptz not null, primary key ("id"));`);
    this.addSql(`insert into "read_version" ("id", "version", "changed_at") values (1, 1, now());`);
    // Raised once per committing transaction, however many rows it wrote, and announced to every
    // API process. Deferred to the commit, so the row is locked only while the commit completes
    // (no waits between writers in the middle of their work), and a rolled-back change raises nothing.
    this.addSql(`
      create function read_version_bump() returns trigger language plpgsql as $$
      declare
        raised read_version%rowtype;
      begin
        if current_setting('passerelle.read_version_raised', true) = 'on' then
          return null;
        end if;
        perform set_config('passerelle.read_version_raised', 'on', true);
        update read_version set version = version + 1, changed_at = clock_timestamp() where id = 1 returning * into raised;
        perform pg_notify('passerelle_reads', raised.version || ' ' || floor(extract(epoch from raised.changed_at) * 1000)::bigint);
        return null;
      end $$;`);
    for (const table of READ_TABLES) {
      this.addSql(`create constraint trigger "${table}_read_version" after insert or update or delete on "${table}" deferrable initially deferred for each row execute function read_version_bump();`);
    }
  }

  override down(): void | Promise<void> {
    for (const table of READ_TABLES) {
      this.addSql(`drop trigger if exists "${table}_read_version" on "${table}";`);
    }
    this.addSql(`drop function if exists read_version_bump();`);
    this.addSql(`drop table if exists "read_version" cascade;`);
  }

}
