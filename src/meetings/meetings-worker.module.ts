import { Module } from '@nestjs/common';
import { DatabaseModule } from '../database/database.module';
import { ForumsModule } from '../forums/forums.module';
import { OutboxModule } from '../outbox/outbox.module';
import { MEETING_ENTITIES } from './meeting.entities';
import { MeetingRequestsService } from './meeting-requests.service';
import { MeetingsProcessor } from './meetings.processor';

/** The meetings queue's consumer (request reminders and expiry); only the worker process imports this module. */
@Module({
  imports: [DatabaseModule.forFeature(MEETING_ENTITIES), ForumsModule, OutboxModule],
  providers: [MeetingRequestsService, MeetingsProcessor],
  exports: [MeetingRequestsService],
})
export class MeetingsWorkerModule {}
