import { Module } from '@nestjs/common';
import { AuditController } from './audit.controller';
import { DatabaseModule } from '../database/database.module';
import { AuditEntry } from './audit-entry.entity';

@Module({ imports: [DatabaseModule.forFeature([AuditEntry])], controllers: [AuditController] })
export class AuditModule {}
