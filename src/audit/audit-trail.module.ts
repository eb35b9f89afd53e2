import { Module } from '@nestjs/common';
import { DatabaseModule } from '../database/database.module';
import { AuditEntry } from './audit-entry.entity';

/** The audit trail both processes write (the flush subscriber, given to the ORM by CoreModule); the API's reading of it is AuditModule. */
@Module({ imports: [DatabaseModule.forFeature([AuditEntry])] })
export class AuditTrailModule {}
