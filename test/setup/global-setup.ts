import { randomBytes } from 'node:crypto';
import { createMigratedDatabase } from '../support/database';

/** One database per test run, migrated from the migrations folder; each test makes its own data. */
export default async function globalSetup(): Promise<void> {
  const name = `passerelle_test_${Date.now()}_${randomBytes(3).toString('hex')}`;
  process.env.TEST_DATABASE_NAME = name;
  process.env.DATABASE_URL = await createMigratedDatabase(name);
}
