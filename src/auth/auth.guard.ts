import { CanActivate, ExecutionContext, HttpStatus, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ProblemCode, ProblemException } from '../common/problem';
import { AUTHORITY_SCOPE, type AuthorityScope, IS_PUBLIC, REQUIRED_ROLE, type RequestWithPrincipal } from '../access/access.decorators';
import { setPrincipal } from '../access/actor-context';
import { AuthenticatorService } from './authenticator.service';
import { type Principal, type Role, roleAtLeast } from '../access/principal';

const READ_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

function unauthorized(detail: string): ProblemException {
  return new ProblemException(HttpStatus.UNAUTHORIZED, ProblemCode.Unauthorized, detail);
}

function forbidden(detail: string): ProblemException {
  return new ProblemException(HttpStatus.FORBIDDEN, ProblemCode.Forbidden, detail);
}

/**
 * Every route is for organisers unless marked @Public() or @AllowAuthority(). Reads need the
 * viewer role, writes the organiser role, unless @RequireRole() says otherwise. No credentials:
 * 401; valid credentials that do not reach the route: 403.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly authenticator: AuthenticatorService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') {
      return true;
    }
    const targets = [context.getHandler(), context.getClass()];
    const request = context.switchToHttp().getRequest<RequestWithPrincipal>();
    const isPublic = this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets) === true;
    const principal = await this.principalOf(request.headers.authorization);
    request.principal = principal;
    setPrincipal(principal);
    if (isPublic) {
      return true;
    }
    if (!principal) {
      throw unauthorized('This route needs credentials: send "Authorization: Bearer <token>".');
    }
    if (principal.kind === 'authority') {
      this.checkAuthority(principal, this.reflector.getAllAndOverride<AuthorityScope | undefined>(AUTHORITY_SCOPE, targets), request);
      return true;
    }
    const required =
      this.reflector.getAllAndOverride<Role | undefined>(REQUIRED_ROLE, targets) ??
      (READ_METHODS.has(request.method) ? 'viewer' : 'organiser');
    if (!roleAtLeast(principal.role, required)) {
      throw forbidden(`This route needs the ${required} role; you have ${principal.role}.`);
    }
    return true;
  }

  private async principalOf(header: string | undefined): Promise<Principal | undefined> {
    if (!header) {
      return undefined;
    }
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    const principal = match ? await this.authenticator.authenticate(match[1]) : null;
    if (!principal) {
      // A wrong token is refused even on a public route: silently ignoring it hides mistakes.
      throw unauthorized('The bearer token is not valid, has expired or was revoked.');
    }
    return principal;
  }

  private checkAuthority(
    principal: Principal & { kind: 'authority' },
    scope: AuthorityScope | undefined,
    request: RequestWithPrincipal,
  ): void {
    if (!scope) {
      throw forbidden('A magic link gives access to your own organisation only; this route is for organisers.');
    }
    if (!principal.invited) {
      throw forbidden('Your organisation is no longer invited to this edition: this magic link opens nothing.');
    }
    const params = (request.params ?? {}) as Record<string, string>;
    if (scope.organisationParam && params[scope.organisationParam] !== principal.organisationId) {
      throw forbidden('A magic link gives access to your own organisation only.');
    }
    if (scope.forumParam && params[scope.forumParam] !== principal.forumId) {
      throw forbidden('This magic link is for another edition.');
    }
  }
}
