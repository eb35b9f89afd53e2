import type { Options } from '@mikro-orm/postgresql';
import { AppModule } from './app.module';
import { AuditSubscriber } from './audit/audit.subscriber';
import { DatabaseModule } from './database/database.module';
import { createOrmConfig } from './database/mikro-orm.config';
import { WorkerModule } from './worker.module';

/** Both processes' modules: loading them is what declares their entities (MikroOrmModule.forFeature). */
export const PROCESS_MODULES = [AppModule, WorkerModule];

/**
 * The ORM outside the two processes (the MikroORM CLI, the tests' set-up, the scripts and the
 * benchmarks): the entities every module declares, and the audit trail, as the processes have them.
 */
export function standaloneOrmConfig(databaseUrl: string, overrides: Partial<Options> = {}): Options {
  return createOrmConfig(databaseUrl, { entities: DatabaseModule.declaredEntities(), subscribers: [new AuditSubscriber()], ...overrides });
}
