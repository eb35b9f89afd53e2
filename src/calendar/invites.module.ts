import { Module } from '@nestjs/common';
import { NotificationsModule } from '../notifications/notifications.module';
import { FeedTokensService } from './feed-tokens.service';
import { InvitesService } from './invites.service';

/** Calendar invites by email and personal feed tokens; used by the programme, the feeds and the worker. */
@Module({
  imports: [NotificationsModule],
  providers: [InvitesService, FeedTokensService],
  exports: [InvitesService, FeedTokensService],
})
export class InvitesModule {}
