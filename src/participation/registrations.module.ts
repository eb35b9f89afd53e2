import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { InvitesModule } from './invites.module';
import { DeadlinesModule } from '../deadlines/deadlines.module';
import { ForumsModule } from '../forums/forums.module';
import { OutboxModule } from '../outbox/outbox.module';
import { OrganisationsModule } from '../organisations/organisations.module';
import { EnrolmentsModule } from './enrolments.module';
import { ProgrammeModule } from '../programme/programme.module';
import { DelegatesService } from './delegates.service';
import { HostOffersService } from './host-offers.service';
import { InvitationLinksController } from './invitation-links.controller';
import { InvitationLinksService } from './invitation-links.service';
import { ParticipantsService } from './participants.service';
import { RegistrationsController } from './registrations.controller';
import { RegistrationsService } from './registrations.service';
import { DatabaseModule } from '../database/database.module';
import { Delegate, HostOffer, Registration, RegistrationQuestion } from './registration.entity';

@Module({
  imports: [
    DatabaseModule.forFeature([Delegate, HostOffer, Registration, RegistrationQuestion]),
    AuthModule,
    InvitesModule,
    ForumsModule,
    OrganisationsModule,
    ProgrammeModule,
    EnrolmentsModule,
    DeadlinesModule,
    OutboxModule,
  ],
  controllers: [RegistrationsController, InvitationLinksController],
  providers: [RegistrationsService, DelegatesService, HostOffersService, ParticipantsService, InvitationLinksService],
  exports: [RegistrationsService, DelegatesService, HostOffersService, InvitationLinksService, ParticipantsService],
})
export class RegistrationsModule {}
