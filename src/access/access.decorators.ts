import { createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import type { Principal, Role } from './principal';

export const IS_PUBLIC = 'passerelle:public';
export const REQUIRED_ROLE = 'passerelle:role';
export const AUTHORITY_SCOPE = 'passerelle:authority';

export interface AuthorityScope {
  /** Route parameter that must be the magic link's organisation. */
  organisationParam?: string;
  /** Route parameter that must be the magic link's edition. */
  forumParam?: string;
}

/** Anyone may call the route. A token, when sent, is still checked (organisers see more). */
export const Public = (): MethodDecorator & ClassDecorator => SetMetadata(IS_PUBLIC, true);

/** The least organiser role the route needs; by default viewer for reads and organiser for writes. */
export const RequireRole = (role: Role): MethodDecorator & ClassDecorator => SetMetadata(REQUIRED_ROLE, role);

/** A magic-link holder may call the route too, for its own organisation (and edition) only. */
export const AllowAuthority = (scope: AuthorityScope = {}): MethodDecorator & ClassDecorator => SetMetadata(AUTHORITY_SCOPE, scope);

export interface RequestWithPrincipal extends FastifyRequest {
  principal?: Principal;
}

/** The authenticated caller, or undefined on a public route called anonymously. */
export const CurrentPrincipal = createParamDecorator((_: unknown, context: ExecutionContext): Principal | undefined => {
  return context.switchToHttp().getRequest<RequestWithPrincipal>().principal;
});
