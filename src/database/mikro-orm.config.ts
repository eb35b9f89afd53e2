import { join } from 'node:path';
import { ReflectMetadataProvider } from '@mikro-orm/decorators/legacy';
import { Migrator } from '@mikro-orm/migrations';
import { defineConfig, type Options } from '@mikro-orm/postgresql';
import { PROJECT_ROOT } from '../common/project-root';
import { requestEntityManager } from './request-scope';

/**
 * The one ORM configuration, used by both processes, the CLI and the tests. The entities and the
 * flush subscribers come from above: the modules' declarations (autoLoadEntities in the
 * processes, standaloneOrmConfig elsewhere).
 */
export function createOrmConfig(
  databaseUrl: string,
  // Required, so that no caller forgets them: an ORM without entities or the audit trail fails only when used.
  overrides: Partial<Options> & Required<Pick<Options, 'entities' | 'subscribers'>>,
): Options {
  return defineConfig({
    clientUrl: databaseUrl,
    metadataProvider: ReflectMetadataProvider,
    extensions: [Migrator],
    forceUtcTimezone: true,
    // Each HTTP request gets its own EntityManager, forked when it first uses one (see request-scope).
    context: requestEntityManager,
    // Entities are validated by DTOs at the edge; the schema comes from migrations only.
    ensureDatabase: false,
    pool: { min: 0, max: 10, idleTimeoutMillis: 10_000 },
    // The triggers that raise the read version are written by their migration, not declared on
    // entities: the schema diff leaves existing triggers alone.
    schemaGenerator: { ignoreTriggers: true },
    migrations: {
      tableName: 'mikro_orm_migrations',
      path: join(PROJECT_ROOT, 'dist', 'migrations'),
      pathTs: join(PROJECT_ROOT, 'migrations'),
      glob: '!(*.d).{js,ts}',
      emit: 'ts',
      transactional: true,
      allOrNothing: true,
      snapshot: false,
    },
    ...overrides,
  });
}
