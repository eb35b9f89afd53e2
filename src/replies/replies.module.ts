import { Module } from '@nestjs/common';
import { ProgrammeModule } from '../programme/programme.module';
import { RepliesService } from './replies.service';
import { ReplyMailbox } from './reply-mailbox';

/** Attendees' answers to invites, read from the organisers' mailbox (IMAP_URL). */
@Module({
  imports: [ProgrammeModule],
  providers: [RepliesService, ReplyMailbox],
  exports: [RepliesService],
})
export class RepliesModule {}
