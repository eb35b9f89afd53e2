import { Module } from '@nestjs/common';
import { CommonModule } from './common/common.module';
import { AppConfigModule } from './config/config.module';
import { DatabaseModule } from './database/database.module';
import { LoggingModule } from './logging.module';

/** What both processes need: configuration, logs, clock, database. */
@Module({
  imports: [AppConfigModule, LoggingModule, CommonModule, DatabaseModule],
})
export class CoreModule {}
