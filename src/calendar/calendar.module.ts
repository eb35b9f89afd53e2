import { Module } from '@nestjs/common';
import { ForumsModule } from '../forums/forums.module';
import { CalendarController } from './calendar.controller';

@Module({
  imports: [ForumsModule],
  controllers: [CalendarController],
})
export class CalendarModule {}
