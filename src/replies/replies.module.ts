import { Module } from '@nestjs/common';
import { EnrolmentsModule } from '../participation/enrolments.module';
import { RepliesService } from './replies.service';
import { ReplyMailbox } from './reply-mailbox';
import { DatabaseModule } from '../database/database.module';
import { MailboxCursor } from './mailbox-cursor.entity';
import { Enrolment } from '../participation/enrolment.entity';
import { Delegate } from '../participation/registration.entity';

/** Attendees' answers to invites, read from the organisers' mailbox (IMAP_URL). */
@Module({
  imports: [DatabaseModule.forFeature([MailboxCursor, Enrolment, Delegate]), EnrolmentsModule],
  providers: [RepliesService, ReplyMailbox],
  exports: [RepliesService],
})
export class RepliesModule {}
