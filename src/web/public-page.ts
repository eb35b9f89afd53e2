import type { FastifyRequest } from 'fastify';
import { isLocale } from '../common/locale';
import { PUBLIC_PAGE_CACHE, type PublicReadPolicy } from '../reads/public-read';
import { LANG_COOKIE, MEMBER_COOKIE, ORGANISER_COOKIE } from './page-context';
import { resolveLocale } from './page-i18n';

function cookie(header: string | undefined, name: string): string | undefined {
  if (header === undefined) {
    return undefined;
  }
  const match = new RegExp(`(?:^|;\\s*)${name}=([^;]*)`).exec(header);
  return match?.[1];
}

/**
 * A page that reads the same to everyone without a session: its bytes depend on its URL and the
 * reader's language only. A member or organiser (their cookie) gets a page of their own. A `?lang`
 * the reader's cookie does not hold yet goes through the page guard, which remembers it.
 */
export const PUBLIC_PAGE: PublicReadPolicy = {
  key(request: FastifyRequest): string | null {
    const cookies = request.headers.cookie;
    if (cookies !== undefined && (cookies.includes(`${MEMBER_COOKIE}=`) || cookies.includes(`${ORGANISER_COOKIE}=`))) {
      return null;
    }
    const lang = (request.query as Record<string, unknown> | undefined)?.lang;
    return `${resolveLocale(lang, cookie(cookies, LANG_COOKIE), request.headers['accept-language'])} ${request.url}`;
  },
  answerableFromMemory(request: FastifyRequest): boolean {
    const lang = (request.query as Record<string, unknown> | undefined)?.lang;
    return !isLocale(lang) || cookie(request.headers.cookie, LANG_COOKIE) === lang;
  },
  cacheControl: PUBLIC_PAGE_CACHE,
  vary: 'Accept-Language, Cookie',
};
