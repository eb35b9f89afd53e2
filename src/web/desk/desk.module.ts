import { forwardRef, Module } from '@nestjs/common';
import { DeadlinesModule } from '../../deadlines/deadlines.module';
import { ForumsModule } from '../../forums/forums.module';
import { OutboxModule } from '../../outbox/outbox.module';
import { OrganisationsModule } from '../../organisations/organisations.module';
import { ProgrammeModule } from '../../programme/programme.module';
import { ParticipantsService } from '../../registrations/participants.service';
import { RegistrationsModule } from '../../registrations/registrations.module';
import { DeskEditionsController } from './desk-editions.controller';
import { DeskOutboxController } from './desk-outbox.controller';
import { DeskOverviewService } from './desk-overview.service';
import { DeskPages } from './desk-pages.service';
import { DeskPollController } from './desk-poll.controller';
import { DeskProgrammeController } from './desk-programme.controller';
import { DeskRegistrationsController } from './desk-registrations.controller';
import { DeskText } from './desk-text.service';
import { WebModule } from '../web.module';

/** The organisers' desk under /desk: signed-in pages that call the same services as the API. */
@Module({
  imports: [forwardRef(() => WebModule), ForumsModule, OrganisationsModule, ProgrammeModule, RegistrationsModule, DeadlinesModule, OutboxModule],
  controllers: [DeskEditionsController, DeskPollController, DeskProgrammeController, DeskRegistrationsController, DeskOutboxController],
  // The participant sheet is stateless: the desk builds it with its own instance, as the API's route does.
  providers: [DeskText, DeskPages, DeskOverviewService, ParticipantsService],
})
export class DeskModule {}
