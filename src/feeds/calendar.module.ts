import { Module } from '@nestjs/common';
import { DeadlinesModule } from '../deadlines/deadlines.module';
import { ForumsModule } from '../forums/forums.module';
import { MeetingsModule } from '../meetings/meetings.module';
import { ProgrammeModule } from '../programme/programme.module';
import { CalendarController } from './calendar.controller';
import { InvitesModule } from '../participation/invites.module';

@Module({
  imports: [ForumsModule, ProgrammeModule, DeadlinesModule, InvitesModule, MeetingsModule],
  controllers: [CalendarController],
})
export class CalendarModule {}
