import { Module } from '@nestjs/common';
import { ForumsModule } from '../forums/forums.module';
import { ProgrammeService } from './programme.service';
import { SessionsController } from './sessions.controller';
import { SessionsService } from './sessions.service';
import { DatabaseModule } from '../database/database.module';
import { Session, SessionChange, SessionHost } from './session.entity';

@Module({
  imports: [DatabaseModule.forFeature([Session, SessionChange, SessionHost]), ForumsModule],
  controllers: [SessionsController],
  providers: [SessionsService, ProgrammeService],
  exports: [SessionsService, ProgrammeService],
})
export class ProgrammeModule {}
