import { createHash, timingSafeEqual } from 'node:crypto';
import { CanActivate, ExecutionContext, HttpStatus, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import { ProblemCode, ProblemException } from '../common/problem';
import { AppConfig } from '../config/app-config';
import { IS_PUBLIC } from './public.decorator';

export interface AuthenticatedRequest extends FastifyRequest {
  organiser?: boolean;
}

function digest(value: string): Buffer {
  return createHash('sha256').update(value).digest();
}

/**
 * Organiser routes need `Authorization: Bearer <token>`. Public routes still read a token when
 * one is sent (organisers see drafts), and refuse a wrong one rather than ignore it.
 */
@Injectable()
export class OrganiserGuard implements CanActivate {
  private readonly adminDigest: Buffer;

  constructor(
    private readonly reflector: Reflector,
    config: AppConfig,
  ) {
    this.adminDigest = digest(config.get('adminToken'));
  }

  canActivate(context: ExecutionContext): boolean {
    if (context.getType() !== 'http') {
      return true;
    }
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const isPublic = this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, [context.getHandler(), context.getClass()]) === true;
    const header = request.headers.authorization;
    if (!header) {
      if (isPublic) {
        return true;
      }
      throw new ProblemException(HttpStatus.UNAUTHORIZED, ProblemCode.Unauthorized, 'This route needs an organiser token: send "Authorization: Bearer <token>".');
    }
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match || !timingSafeEqual(digest(match[1]), this.adminDigest)) {
      throw new ProblemException(HttpStatus.UNAUTHORIZED, ProblemCode.Unauthorized, 'The bearer token is not valid.');
    }
    request.organiser = true;
    return true;
  }
}
