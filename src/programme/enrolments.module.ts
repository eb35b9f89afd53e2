import { Module } from '@nestjs/common';
import { InvitesModule } from '../calendar/invites.module';
import { ForumsModule } from '../forums/forums.module';
import { OutboxModule } from '../outbox/outbox.module';
import { EnrolmentsService } from './enrolments.service';
import { WaitlistsController } from './waitlists.controller';

/** Seats and waiting lists: the one entry point for enrolments, and the organisers' waitlists. It listens to the programme's session events. */
@Module({
  imports: [ForumsModule, InvitesModule, OutboxModule],
  controllers: [WaitlistsController],
  providers: [EnrolmentsService],
  exports: [EnrolmentsService],
})
export class EnrolmentsModule {}
