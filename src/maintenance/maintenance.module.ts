import { Module } from '@nestjs/common';
import { DeadlinesWorkerModule } from '../deadlines/deadlines-worker.module';
import { MeetingsWorkerModule } from '../meetings/meetings-worker.module';
import { OutboxModule } from '../outbox/outbox.module';
import { DigestService } from './digest.service';
import { MaintenanceProcessor } from './maintenance.processor';
import { DatabaseModule } from '../database/database.module';
import { Deadline } from '../deadlines/deadline.entity';
import { Invitation } from '../forums/invitation.entity';
import { Contact } from '../organisations/contact.entity';
import { Session } from '../programme/session.entity';
import { Registration } from '../participation/registration.entity';

/** Worker only: the reconciler that rebuilds lost jobs. */
@Module({
  imports: [
    DatabaseModule.forFeature([Deadline, Invitation, Contact, Session, Registration]),
    OutboxModule,
    DeadlinesWorkerModule,
    MeetingsWorkerModule,
  ],
  providers: [MaintenanceProcessor, DigestService],
})
export class MaintenanceModule {}
