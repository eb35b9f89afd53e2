import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { OrganiserGuard } from './organiser.guard';

@Module({ providers: [{ provide: APP_GUARD, useClass: OrganiserGuard }] })
export class AuthModule {}
