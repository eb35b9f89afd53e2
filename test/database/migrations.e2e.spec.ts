import type { MikroORM } from '@mikro-orm/postgresql';
import { openOrm } from '../support/database';

describe('Migrations', () => {
  let orm: MikroORM;

  beforeAll(async () => {
    orm = await openOrm(process.env.DATABASE_URL as string);
  });

  afterAll(async () => {
    await orm.close();
  });

  it('agree with the entities: the migrated schema needs no change', async () => {
    const diff = await orm.schema.getUpdateSchemaSQL({ wrap: false });
    expect(diff.trim()).toBe('');
  });

  it('are all applied', async () => {
    expect(await orm.migrator.getPending()).toEqual([]);
  });
});
