import { Module } from '@nestjs/common';
import { EnrolmentsModule } from '../programme/enrolments.module';
import { RepliesService } from './replies.service';
import { ReplyMailbox } from './reply-mailbox';

/** Attendees' answers to invites, read from the organisers' mailbox (IMAP_URL). */
@Module({
  imports: [EnrolmentsModule],
  providers: [RepliesService, ReplyMailbox],
  exports: [RepliesService],
})
export class RepliesModule {}
