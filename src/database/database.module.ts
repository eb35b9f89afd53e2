import { type DynamicModule, Module } from '@nestjs/common';
import type { EntityClass, EventSubscriber } from '@mikro-orm/core';
import { MikroOrmModule } from '@mikro-orm/nestjs';
import { PostgreSqlDriver } from '@mikro-orm/postgresql';
import { AfterResponse } from './after-response';
import { AppConfig } from '../config/app-config';
import { createOrmConfig } from './mikro-orm.config';

/**
 * The ORM, and the work that runs after a response in a request scope of its own (AfterResponse).
 * It lists no entity: each module declares the entities it uses (DatabaseModule.forFeature), and the ORM loads
 * those of the modules the process loads (autoLoadEntities).
 */
@Module({})
export class DatabaseModule {
  private static readonly declared = new Set<EntityClass<object>>();

  /** The entities a module uses (MikroOrmModule.forFeature), remembered for the ORMs outside the processes. */
  static forFeature(entities: EntityClass<object>[]): DynamicModule {
    entities.forEach((entity) => DatabaseModule.declared.add(entity));
    return MikroOrmModule.forFeature(entities);
  }

  /** Every entity a loaded module declared: the CLI, the tests' set-up and the scripts use the same set as the processes. */
  static declaredEntities(): EntityClass<object>[] {
    return [...DatabaseModule.declared];
  }

  /** `subscribers`: the flush subscribers of the rooms above (the audit trail), given by the composition root. */
  static forRoot(options: { subscribers: () => EventSubscriber[] }): DynamicModule {
    return {
      module: DatabaseModule,
      global: true,
      imports: [
        MikroOrmModule.forRootAsync({
          driver: PostgreSqlDriver,
          inject: [AppConfig],
          useFactory: (config: AppConfig) => ({
            ...createOrmConfig(config.get('databaseUrl'), { entities: [], subscribers: options.subscribers() }),
            autoLoadEntities: true,
            // The HTTP app opens a scope per request with a Fastify hook (see configureHttpApp, request-scope).
            registerRequestContext: false,
          }),
        }),
      ],
      providers: [AfterResponse],
      exports: [AfterResponse],
    };
  }
}
