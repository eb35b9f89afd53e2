import { Global, Module } from '@nestjs/common';
import { MikroOrmModule } from '@mikro-orm/nestjs';
import { PostgreSqlDriver } from '@mikro-orm/postgresql';
import { AfterResponse } from '../common/after-response';
import { AppConfig } from '../config/app-config';
import { createOrmConfig } from './mikro-orm.config';

/** The ORM, and the work that runs after a response in a request scope of its own (AfterResponse). */
@Global()
@Module({
  imports: [
    MikroOrmModule.forRootAsync({
      driver: PostgreSqlDriver,
      inject: [AppConfig],
      useFactory: (config: AppConfig) => ({
        ...createOrmConfig(config.get('databaseUrl')),
        // The HTTP app opens a scope per request with a Fastify hook (see configureHttpApp, request-scope).
        registerRequestContext: false,
      }),
    }),
  ],
  providers: [AfterResponse],
  exports: [AfterResponse],
})
export class DatabaseModule {}
