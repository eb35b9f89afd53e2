import { Module } from '@nestjs/common';
import { InvitesModule } from './invites.module';
import { ForumsModule } from '../forums/forums.module';
import { OutboxModule } from '../outbox/outbox.module';
import { EnrolmentsService } from './enrolments.service';
import { WaitlistsController } from './waitlists.controller';
import { DatabaseModule } from '../database/database.module';
import { Enrolment } from './enrolment.entity';
import { Session } from '../programme/session.entity';

/** Seats and waiting lists: the one entry point for enrolments, and the organisers' waitlists. It listens to the programme's session events. */
@Module({
  imports: [DatabaseModule.forFeature([Enrolment, Session]), ForumsModule, InvitesModule, OutboxModule],
  controllers: [WaitlistsController],
  providers: [EnrolmentsService],
  exports: [EnrolmentsService],
})
export class EnrolmentsModule {}
