import { isLocale } from '../common/locale';
import { PUBLIC_PAGE_CACHE, type PublicReadPolicy, type ReadRequest } from '../reads/public-read';
import { LANG_COOKIE, MEMBER_COOKIE, ORGANISER_COOKIE } from './page-context';
import { resolveLocale } from './page-i18n';

const LANG = new RegExp(`(?:^|;\\s*)${LANG_COOKIE}=([^;]*)`);

/** The language cookie, read from the raw header: the front door answers before any cookie parsing. */
function langCookie(header: string | undefined): string | undefined {
  return header === undefined ? undefined : LANG.exec(header)?.[1];
}

/**
 * A page that reads the same to everyone without a session: its bytes depend on its URL and the
 * reader's language only. A member or organiser (their cookie) gets a page of their own. A `?lang`
 * the reader's cookie does not hold yet goes through the page guard, which remembers it.
 */
export const PUBLIC_PAGE: PublicReadPolicy = {
  key(request: ReadRequest): string | null {
    const cookies = request.headers.cookie;
    if (cookies !== undefined && (cookies.includes(`${MEMBER_COOKIE}=`) || cookies.includes(`${ORGANISER_COOKIE}=`))) {
      return null;
    }
    const lang = (request.query as Record<string, unknown> | undefined)?.lang;
    return `${resolveLocale(lang, langCookie(cookies), request.headers['accept-language'])} ${request.url}`;
  },
  answerableFromMemory(request: ReadRequest): boolean {
    const lang = (request.query as Record<string, unknown> | undefined)?.lang;
    return !isLocale(lang) || langCookie(request.headers.cookie) === lang;
  },
  cacheControl: PUBLIC_PAGE_CACHE,
  vary: 'Accept-Language, Cookie',
};
