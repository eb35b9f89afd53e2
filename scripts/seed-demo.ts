import 'reflect-metadata';
import { MikroORM } from '@mikro-orm/postgresql';
import { DEFAULT_DATABASE_URL } from '../src/config/environment';
import { seedDemo } from '../src/database/demo-seed';
import { createOrmConfig } from '../src/database/mikro-orm.config';

/** `npm run seed:demo`: loads the demo editions and organisations into DATABASE_URL (already migrated). */
async function main(): Promise<void> {
  const orm = await MikroORM.init(createOrmConfig(process.env.DATABASE_URL ?? DEFAULT_DATABASE_URL));
  try {
    const report = await seedDemo(orm.em.fork());
    process.stdout.write(`Demo data: ${report.forumsCreated} forum(s) and ${report.organisationsCreated} organisation(s) created; the rest was already there.\n`);
  } finally {
    await orm.close();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`Seeding failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
