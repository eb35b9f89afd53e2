import { Module } from '@nestjs/common';
import { NotificationsModule } from '../notifications/notifications.module';
import { InvitesService } from './invites.service';

/** Calendar invites by email; used by the programme (seats, changes) and the worker. */
@Module({
  imports: [NotificationsModule],
  providers: [InvitesService],
  exports: [InvitesService],
})
export class InvitesModule {}
