import { Module } from '@nestjs/common';
import { OutboxModule } from '../outbox/outbox.module';
import { DatePollController } from './date-poll.controller';
import { DatePollService } from './date-poll.service';
import { ForumsController } from './forums.controller';
import { ForumsService } from './forums.service';
import { HolidayCalendar } from './holidays';
import { InvitationsController } from './invitations.controller';
import { InvitationsService } from './invitations.service';
import { ThemesController } from './themes.controller';
import { ThemesService } from './themes.service';
import { DatabaseModule } from '../database/database.module';
import { Forum } from './forum.entity';
import { Invitation } from './invitation.entity';
import { DateChoice, DateOption, DateVote } from './date-option.entity';
import { Theme, ThemeInterest } from './theme.entity';
import { Blackout } from '../organisations/blackout.entity';
import { Contact } from '../organisations/contact.entity';
import { Organisation } from '../organisations/organisation.entity';

@Module({
  imports: [
    DatabaseModule.forFeature([Forum, Invitation, DateChoice, DateOption, DateVote, Theme, ThemeInterest, Blackout, Contact, Organisation]),
    OutboxModule,
  ],
  controllers: [ForumsController, InvitationsController, DatePollController, ThemesController],
  providers: [ForumsService, InvitationsService, DatePollService, ThemesService, HolidayCalendar],
  exports: [ForumsService, InvitationsService, ThemesService, DatePollService],
})
export class ForumsModule {}
