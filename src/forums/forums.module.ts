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

@Module({
  imports: [OutboxModule],
  controllers: [ForumsController, InvitationsController, DatePollController, ThemesController],
  providers: [ForumsService, InvitationsService, DatePollService, ThemesService, HolidayCalendar],
  exports: [ForumsService, InvitationsService, ThemesService, DatePollService],
})
export class ForumsModule {}
