import { Module } from '@nestjs/common';
import { OutboxModule } from '../outbox/outbox.module';
import { FeedTokensService } from './feed-tokens.service';
import { InvitesService } from './invites.service';

/** Calendar invites by email and personal feed tokens; used by the programme, the feeds and the worker. */
@Module({
  imports: [OutboxModule],
  providers: [InvitesService, FeedTokensService],
  exports: [InvitesService, FeedTokensService],
})
export class InvitesModule {}
