import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { ForumsModule } from '../forums/forums.module';
import { PageGuard } from './page.guard';
import { PageRenderer } from './page-renderer.service';
import { SessionPagesController } from './session-pages.controller';
import { InvitesModule } from '../participation/invites.module';
import { DeadlinesModule } from '../deadlines/deadlines.module';
import { EnrolmentsModule } from '../participation/enrolments.module';
import { ProgrammeModule } from '../programme/programme.module';
import { RegistrationsModule } from '../participation/registrations.module';
import { MemberNavService } from './member-nav';
import { PollPageController } from './poll-page.controller';
import { ProgrammePageController } from './programme-page.controller';
import { RegistrationPageController } from './registration-page.controller';
import { RegistrationPageService } from './registration-page.service';
import { RegistrationPageView } from './registration-page.view';
import { DelegationPageController } from './delegation-page.controller';
import { BlackoutsPageController } from './blackouts-page.controller';
import { LinkRequestPageController } from './link-request-page.controller';
import { OrganisationsModule } from '../organisations/organisations.module';
import { MeetingsModule } from '../meetings/meetings.module';
import { MeetingsPageController } from './meetings-page.controller';

/** The HTML pages: rendering, sessions in signed cookies, and the member pages (the desk, under desk/, builds on them). */
@Module({
  imports: [
    AuthModule,
    ForumsModule,
    OrganisationsModule,
    ProgrammeModule,
    EnrolmentsModule,
    DeadlinesModule,
    RegistrationsModule,
    InvitesModule,
    MeetingsModule,
  ],
  controllers: [
    SessionPagesController,
    ProgrammePageController,
    PollPageController,
    RegistrationPageController,
    DelegationPageController,
    BlackoutsPageController,
    LinkRequestPageController,
    MeetingsPageController,
  ],
  providers: [PageRenderer, PageGuard, MemberNavService, RegistrationPageService, RegistrationPageView],
  exports: [PageRenderer, PageGuard, AuthModule, ForumsModule],
})
export class WebModule {}
