import { Module } from '@nestjs/common';
import { BlackoutsController } from './blackouts.controller';
import { BlackoutsService } from './blackouts.service';
import { ContactsController } from './contacts.controller';
import { ContactsService } from './contacts.service';
import { OrganisationsController } from './organisations.controller';
import { OrganisationsService } from './organisations.service';
import { PartnershipsController } from './partnerships.controller';
import { PartnershipsService } from './partnerships.service';
import { DatabaseModule } from '../database/database.module';
import { Organisation } from './organisation.entity';
import { Contact } from './contact.entity';
import { Partnership } from './partnership.entity';
import { Blackout } from './blackout.entity';

@Module({
  imports: [DatabaseModule.forFeature([Organisation, Contact, Partnership, Blackout])],
  controllers: [OrganisationsController, ContactsController, BlackoutsController, PartnershipsController],
  providers: [OrganisationsService, ContactsService, BlackoutsService, PartnershipsService],
  exports: [OrganisationsService, ContactsService, BlackoutsService],
})
export class OrganisationsModule {}
