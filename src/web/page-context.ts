import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import type { AuthorityPrincipal, OrganiserPrincipal } from '../access/principal';
import type { Locale } from '../common/locale';
import { sitePaths } from '../config/public-urls';
import type { Forum } from '../forums/forum.entity';

export const MEMBER_COOKIE = 'pa_member';
export const ORGANISER_COOKIE = 'pa_organiser';
export const LANG_COOKIE = 'pa_lang';
export const CSRF_COOKIE = 'pa_csrf';

/** What every page knows about its request: language, form token, who is signed in. */
export interface PageContext {
  locale: Locale;
  csrfToken: string;
  /** Path and query of the request, for the language switch. */
  url: string;
  /** The holder of a magic link for this forum (member pages under /forums/:slug). */
  member?: AuthorityPrincipal;
  /** The signed-in organiser. */
  organiser?: OrganiserPrincipal;
  /** The forum of a member page, once its magic link was checked against it. */
  forum?: Forum;
}

export interface PageRequest extends FastifyRequest {
  page?: PageContext;
}

/** The page context the page guard built. */
export const Page = createParamDecorator((_: unknown, context: ExecutionContext): PageContext => {
  const page = context.switchToHttp().getRequest<PageRequest>().page;
  if (!page) {
    throw new Error('@Page() used outside a @PageController()');
  }
  return page;
});

/** A page answers with a redirect: thrown by guards, sent as 303 by the error filter. */
export class PageRedirect extends Error {
  constructor(readonly location: string) {
    super(`Redirect to ${location}`);
  }
}

/** The member cookie lives on its forum's pages only, so links to several forums coexist. */
export function memberCookiePath(slug: string): string {
  return sitePaths.forum(slug);
}
