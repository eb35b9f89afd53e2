import { Module } from '@nestjs/common';
import { CommonModule } from './common/common.module';
import { AppConfigModule } from './config/config.module';
import { DatabaseModule } from './database/database.module';
import { LoggingModule } from './logging.module';
import { ReadsModule } from './reads/reads.module';

/** What both processes need: configuration, logs, clock, database, and the cached public reads (whose controllers both load). */
@Module({
  imports: [AppConfigModule, LoggingModule, CommonModule, DatabaseModule, ReadsModule],
})
export class CoreModule {}
