import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { MikroORM } from '@mikro-orm/postgresql';
import type { Constructor } from '@mikro-orm/core';
import type { Migration } from '@mikro-orm/migrations';
import { Client } from 'pg';
import { PROJECT_ROOT } from '../../src/common/project-root';
import { standaloneOrmConfig } from '../../src/standalone-orm';

export const SERVER_URL = process.env.TEST_DATABASE_SERVER_URL ?? 'postgres://postgres@127.0.0.1:5432';

export function databaseUrl(name: string): string {
  return `${SERVER_URL}/${name}`;
}

export async function withServer<T>(work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: `${SERVER_URL}/postgres` });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** The migrations of migrations/, loaded from source so tests need no build. */
function migrationsFromSource(): { name: string; class: Constructor<Migration> }[] {
  const dir = join(PROJECT_ROOT, 'migrations');
  return readdirSync(dir)
    .filter((file) => /^Migration\d+.*\.ts$/.test(file))
    .sort()
    .map((file) => {
      const name = file.replace(/\.ts$/, '');
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const loaded = require(join(dir, file)) as Record<string, Constructor<Migration>>;
      return { name, class: loaded[name] };
    });
}

/** An ORM on `url` that knows the source migrations. */
export async function openOrm(url: string): Promise<MikroORM> {
  const config = standaloneOrmConfig(url);
  return MikroORM.init({
    ...config,
    migrations: { ...config.migrations, migrationsList: migrationsFromSource() },
    allowGlobalContext: true,
    logger: () => undefined,
  });
}

export async function createMigratedDatabase(name: string): Promise<string> {
  await withServer((client) => client.query(`create database "${name}"`));
  const url = databaseUrl(name);
  const orm = await openOrm(url);
  try {
    await orm.migrator.up();
  } finally {
    await orm.close();
  }
  return url;
}

export async function dropDatabase(name: string): Promise<void> {
  await withServer((client) => client.query(`drop database if exists "${name}" with (force)`));
}
