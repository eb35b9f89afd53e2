import { Module } from '@nestjs/common';
import { InvitesModule } from '../calendar/invites.module';
import { DeadlinesModule } from '../deadlines/deadlines.module';
import { ForumsModule } from '../forums/forums.module';
import { OutboxModule } from '../outbox/outbox.module';
import { OrganisationsModule } from '../organisations/organisations.module';
import { ProgrammeModule } from '../programme/programme.module';
import { DelegatesService } from './delegates.service';
import { HostOffersService } from './host-offers.service';
import { ParticipantsService } from './participants.service';
import { RegistrationsController } from './registrations.controller';
import { RegistrationsService } from './registrations.service';

@Module({
  imports: [InvitesModule, ForumsModule, OrganisationsModule, ProgrammeModule, DeadlinesModule, OutboxModule],
  controllers: [RegistrationsController],
  providers: [RegistrationsService, DelegatesService, HostOffersService, ParticipantsService],
  exports: [RegistrationsService, DelegatesService, HostOffersService],
})
export class RegistrationsModule {}
