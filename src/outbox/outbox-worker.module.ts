import { Module } from '@nestjs/common';
import { MailProcessor } from './mail.processor';
import { OutboxModule } from './outbox.module';

/** The mail queue's consumer; only the worker process imports this module. */
@Module({
  imports: [OutboxModule],
  providers: [MailProcessor],
})
export class OutboxWorkerModule {}
