import { HttpStatus } from '@nestjs/common';
import type { AuthorityPrincipal } from '../access/principal';
import { ProblemCode, ProblemException } from '../common/problem';
import type { Forum } from '../forums/forum.entity';
import type { Registration } from '../participation/registration.entity';
import type { PageContext } from './page-context';
import type { PageRenderer } from './page-renderer.service';
import type { RegistrationPageService } from './registration-page.service';

/** The member's registration, or a refusal in the reader's words: there is nothing to change before it. */
export async function requireRegistration(
  pages: RegistrationPageService,
  renderer: PageRenderer,
  page: PageContext,
): Promise<Registration> {
  const registration = await pages.registrationOf(page.forum as Forum, page.member as AuthorityPrincipal);
  if (!registration) {
    throw new ProblemException(HttpStatus.CONFLICT, ProblemCode.Conflict, renderer.t(page.locale, 'refusal.notRegistered'));
  }
  return registration;
}

/** The status a refused form answers with: the refusal's own. */
export function statusOf(error: unknown): number {
  return error instanceof ProblemException ? Number(error.status) : HttpStatus.INTERNAL_SERVER_ERROR;
}
