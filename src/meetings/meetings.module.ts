import { Module } from '@nestjs/common';
import { DatabaseModule } from '../database/database.module';
import { ForumsModule } from '../forums/forums.module';
import { OutboxModule } from '../outbox/outbox.module';
import { MeetingPlanningService } from './meeting-planning.service';
import { MEETING_ENTITIES } from './meeting.entities';
import { MeetingRequestsService } from './meeting-requests.service';
import { InterpreterFeedController, MeetingsDeskController, MemberMeetingsController } from './meetings.controller';

/** The mise en relation room: profiles, suggestions, meeting requests, blocks, interpreters, scheduling. */
@Module({
  imports: [DatabaseModule.forFeature(MEETING_ENTITIES), ForumsModule, OutboxModule],
  controllers: [MemberMeetingsController, MeetingsDeskController, InterpreterFeedController],
  providers: [MeetingRequestsService, MeetingPlanningService],
  exports: [MeetingRequestsService, MeetingPlanningService],
})
export class MeetingsModule {}
