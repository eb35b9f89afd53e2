import { Module } from '@nestjs/common';
import { RepliesModule } from './replies.module';
import { RepliesProcessor } from './replies.processor';

/** The replies queue's consumer and its schedule; only the worker process imports this module. */
@Module({
  imports: [RepliesModule],
  providers: [RepliesProcessor],
})
export class RepliesWorkerModule {}
