import { Module } from '@nestjs/common';
import { ForumsModule } from '../forums/forums.module';
import { ProgrammeService } from './programme.service';
import { SessionsController } from './sessions.controller';
import { SessionsService } from './sessions.service';

@Module({
  imports: [ForumsModule],
  controllers: [SessionsController],
  providers: [SessionsService, ProgrammeService],
  exports: [SessionsService, ProgrammeService],
})
export class ProgrammeModule {}
