import { Module } from '@nestjs/common';
import { DeadlinesModule } from '../deadlines/deadlines.module';
import { ForumsModule } from '../forums/forums.module';
import { ProgrammeModule } from '../programme/programme.module';
import { CalendarController } from './calendar.controller';
import { FeedTokensService } from './feed-tokens.service';

@Module({
  imports: [ForumsModule, ProgrammeModule, DeadlinesModule],
  controllers: [CalendarController],
  providers: [FeedTokensService],
  exports: [FeedTokensService],
})
export class CalendarModule {}
