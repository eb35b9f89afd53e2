import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { DeadlinesModule } from '../deadlines/deadlines.module';
import { ForumsModule } from '../forums/forums.module';
import { OutboxModule } from '../outbox/outbox.module';
import { AccessLinksController } from './access-links.controller';
import { AccessLinksService } from './access-links.service';
import { AccountsService } from './accounts.service';
import { AuthController, MeController } from './auth.controller';
import { AuthGuard } from './auth.guard';
import { AuthenticatorService } from './authenticator.service';
import { SignInService } from './sign-in.service';
import { UsersController } from './users.controller';
import { DatabaseModule } from '../database/database.module';
import { User } from './user.entity';
import { ApiToken } from './api-token.entity';
import { SignInLink } from './sign-in-link.entity';
import { AccessLink } from './access-link.entity';

@Module({
  imports: [DatabaseModule.forFeature([User, ApiToken, SignInLink, AccessLink]), OutboxModule, ForumsModule, DeadlinesModule],
  controllers: [AuthController, MeController, UsersController, AccessLinksController],
  providers: [AuthenticatorService, AccountsService, SignInService, AccessLinksService, { provide: APP_GUARD, useClass: AuthGuard }],
  exports: [AuthenticatorService, SignInService, AccessLinksService],
})
export class AuthModule {}
