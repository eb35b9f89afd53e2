import { Module } from '@nestjs/common';
import { MikroOrmModule } from '@mikro-orm/nestjs';
import { PostgreSqlDriver } from '@mikro-orm/postgresql';
import { AppConfig } from '../config/app-config';
import { createOrmConfig } from './mikro-orm.config';

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
})
export class DatabaseModule {}
