import { Module } from '@nestjs/common';
import { DeadlinesModule } from '../../deadlines/deadlines.module';
import { ForumsModule } from '../../forums/forums.module';
import { OutboxModule } from '../../outbox/outbox.module';
import { OrganisationsModule } from '../../organisations/organisations.module';
import { EnrolmentsModule } from '../../participation/enrolments.module';
import { ProgrammeModule } from '../../programme/programme.module';
import { RegistrationsModule } from '../../participation/registrations.module';
import { DeskDateOptionsController } from './desk-date-options.controller';
import { DeskDeadlinesController } from './desk-deadlines.controller';
import { DeskEditionForm } from './desk-edition-form.service';
import { DeskEditionSetupController } from './desk-edition-setup.controller';
import { DeskEditionsController } from './desk-editions.controller';
import { DeskInvitationsController } from './desk-invitations.controller';
import { DeskOrganisationsController } from './desk-organisations.controller';
import { DeskOutboxController } from './desk-outbox.controller';
import { DeskOverviewService } from './desk-overview.service';
import { DeskPages } from './desk-pages.service';
import { DeskPollController } from './desk-poll.controller';
import { DeskProgrammeController } from './desk-programme.controller';
import { DeskRegistrationsController } from './desk-registrations.controller';
import { DeskText } from './desk-text.service';
import { DeskWaitlistsController } from './desk-waitlists.controller';
import { DeskMeetingProfilesController } from './desk-meeting-profiles.controller';
import { DeskMeetingsController, DeskMeetingsExportController } from './desk-meetings.controller';
import { MeetingsModule } from '../../meetings/meetings.module';
import { WebModule } from '../web.module';

/** The organisers' desk under /desk: signed-in pages that call the same services as the API. */
@Module({
  imports: [
    WebModule,
    ForumsModule,
    OrganisationsModule,
    ProgrammeModule,
    EnrolmentsModule,
    RegistrationsModule,
    DeadlinesModule,
    OutboxModule,
    MeetingsModule,
  ],
  controllers: [
    DeskEditionsController,
    DeskWaitlistsController,
    DeskDeadlinesController,
    DeskInvitationsController,
    DeskOrganisationsController,
    DeskEditionSetupController,
    DeskPollController,
    DeskDateOptionsController,
    DeskProgrammeController,
    DeskRegistrationsController,
    DeskOutboxController,
    DeskMeetingProfilesController,
    DeskMeetingsController,
    DeskMeetingsExportController,
  ],
  providers: [DeskText, DeskPages, DeskOverviewService, DeskEditionForm],
})
export class DeskModule {}
