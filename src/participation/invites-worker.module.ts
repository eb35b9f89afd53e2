import { Module } from '@nestjs/common';
import { InvitesModule } from './invites.module';
import { InvitesProcessor } from './invites.processor';

/** The calendar queue's consumer; only the worker process imports this module. */
@Module({
  imports: [InvitesModule],
  providers: [InvitesProcessor],
})
export class InvitesWorkerModule {}
