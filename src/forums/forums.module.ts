import { Module } from '@nestjs/common';
import { NotificationsModule } from '../notifications/notifications.module';
import { ForumsController } from './forums.controller';
import { ForumsService } from './forums.service';
import { InvitationsController } from './invitations.controller';
import { InvitationsService } from './invitations.service';

@Module({
  imports: [NotificationsModule],
  controllers: [ForumsController, InvitationsController],
  providers: [ForumsService, InvitationsService],
  exports: [ForumsService, InvitationsService],
})
export class ForumsModule {}
