import { Module } from '@nestjs/common';
import { AuthModule } from './auth/auth.module';
import { CalendarModule } from './calendar/calendar.module';
import { CoreModule } from './core.module';
import { ForumsModule } from './forums/forums.module';
import { HealthModule } from './health/health.module';
import { QueuesModule } from './queues/queues.module';

/** The HTTP API. */
@Module({
  imports: [CoreModule, QueuesModule.forRole('api'), AuthModule, HealthModule, ForumsModule, CalendarModule],
})
export class AppModule {}
