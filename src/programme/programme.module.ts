import { Module } from '@nestjs/common';
import { InvitesModule } from '../calendar/invites.module';
import { ForumsModule } from '../forums/forums.module';
import { OutboxModule } from '../outbox/outbox.module';
import { EnrolmentsService } from './enrolments.service';
import { ProgrammeService } from './programme.service';
import { SessionsController } from './sessions.controller';
import { SessionsService } from './sessions.service';
import { WaitlistsController } from './waitlists.controller';

@Module({
  imports: [ForumsModule, InvitesModule, OutboxModule],
  controllers: [SessionsController, WaitlistsController],
  providers: [SessionsService, ProgrammeService, EnrolmentsService],
  exports: [SessionsService, EnrolmentsService, ProgrammeService],
})
export class ProgrammeModule {}
