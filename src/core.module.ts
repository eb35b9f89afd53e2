import { Module } from '@nestjs/common';
import { AuditSubscriber } from './audit/audit.subscriber';
import { AuditTrailModule } from './audit/audit-trail.module';
import { AccessModule } from './access/access.module';
import { CommonModule } from './common/common.module';
import { AppConfigModule } from './config/config.module';
import { DatabaseModule } from './database/database.module';
import { EventsModule } from './events/domain-events';
import { LoggingModule } from './logging/logging.module';
import { ReadsModule } from './reads/reads.module';

/** What both processes need: configuration, logs, clock, the domain events' bus, database, and the cached public reads (whose controllers both load). */
@Module({
  imports: [
    AppConfigModule,
    LoggingModule,
    CommonModule,
    EventsModule,
    DatabaseModule.forRoot({ subscribers: () => [new AuditSubscriber()] }),
    AuditTrailModule,
    AccessModule,
    ReadsModule,
  ],
})
export class CoreModule {}
