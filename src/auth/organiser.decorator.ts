import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { AuthenticatedRequest } from './organiser.guard';

/** True when the caller presented a valid organiser token. */
export const IsOrganiser = createParamDecorator((_: unknown, context: ExecutionContext): boolean => {
  return context.switchToHttp().getRequest<AuthenticatedRequest>().organiser === true;
});
