import { Module } from '@nestjs/common';
import { AuditModule } from './audit/audit.module';
import { AuthModule } from './auth/auth.module';
import { CalendarModule } from './feeds/calendar.module';
import { CoreModule } from './core.module';
import { ForumsModule } from './forums/forums.module';
import { HealthModule } from './health/health.module';
import { MeetingsModule } from './meetings/meetings.module';
import { NotificationsModule } from './notifications/notifications.module';
import { OrganisationsModule } from './organisations/organisations.module';
import { ProgrammeModule } from './programme/programme.module';
import { RegistrationsModule } from './participation/registrations.module';
import { DeadlinesModule } from './deadlines/deadlines.module';
import { QueuesModule } from './queues/queues.module';
import { DeskModule } from './web/desk/desk.module';
import { WebModule } from './web/web.module';

/** The HTTP API. */
@Module({
  imports: [
    CoreModule,
    QueuesModule.forRole('api'),
    AuthModule,
    HealthModule,
    ForumsModule,
    OrganisationsModule,
    ProgrammeModule,
    DeadlinesModule,
    RegistrationsModule,
    MeetingsModule,
    CalendarModule,
    NotificationsModule,
    AuditModule,
    WebModule,
    DeskModule,
  ],
})
export class AppModule {}
