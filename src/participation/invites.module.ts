import { Module } from '@nestjs/common';
import { OutboxModule } from '../outbox/outbox.module';
import { FeedTokensService } from './feed-tokens.service';
import { InvitesService } from './invites.service';
import { DatabaseModule } from '../database/database.module';
import { InviteState } from './invite-state.entity';
import { FeedToken } from './feed-token.entity';
import { Session, SessionChange } from '../programme/session.entity';
import { Enrolment } from './enrolment.entity';
import { Delegate } from './registration.entity';

/** Calendar invites by email and personal feed tokens; used by the programme, the feeds and the worker. */
@Module({
  imports: [DatabaseModule.forFeature([InviteState, FeedToken, Session, SessionChange, Enrolment, Delegate]), OutboxModule],
  providers: [InvitesService, FeedTokensService],
  exports: [InvitesService, FeedTokensService],
})
export class InvitesModule {}
