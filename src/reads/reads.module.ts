import { Global, Module } from '@nestjs/common';
import { ChangeSignal } from './change-signal.service';
import { PublicReads } from './public-reads.service';
import { DatabaseModule } from '../database/database.module';
import { ReadVersion } from './read-version.entity';

/** Public reads rendered once per change: the change signal and the cache. The worker loads them and never listens. */
@Global()
@Module({
  imports: [DatabaseModule.forFeature([ReadVersion])],
  providers: [ChangeSignal, PublicReads],
  exports: [ChangeSignal, PublicReads],
})
export class ReadsModule {}
