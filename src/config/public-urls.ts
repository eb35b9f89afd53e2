import type { Locale } from '../common/locale';

const segment = encodeURIComponent;

/**
 * The paths of the public site that emails, feeds and pages link to, in one place: a route that
 * moves changes here and nowhere else. Relative, for links within the site.
 */
export const sitePaths = {
  forum: (slug: string): string => `/forums/${segment(slug)}`,
  registration: (slug: string): string => `${sitePaths.forum(slug)}/registration`,
  poll: (slug: string): string => `${sitePaths.forum(slug)}/poll`,
  /** The public programme feed, in a language, of one theme or all. */
  programmeFeed: (slug: string, query: { lang?: Locale; theme?: string } = {}): string =>
    withQuery(`/calendar/forums/${segment(slug)}.ics`, query),
  deadlinesFeed: (slug: string, query: { lang?: Locale } = {}): string =>
    withQuery(`/calendar/forums/${segment(slug)}/deadlines.ics`, query),
  personalFeed: (secret: string): string => `/calendar/delegates/${segment(secret)}.ics`,
  signIn: (token: string): string => withQuery('/sign-in', { token }),
  access: (token: string): string => withQuery('/access', { token }),
  unsubscribe: (token: string): string => withQuery('/api/unsubscribe', { token }),
  forumApi: (forumId: string): string => `/api/forums/${segment(forumId)}`,
};

/** The same as absolute URLs on PUBLIC_URL, for what is read outside the site: emails, feeds, API links. */
export class PublicUrls {
  constructor(readonly base: string) {}

  absolute(path: string): string {
    return `${this.base}${path}`;
  }

  forum(slug: string): string {
    return this.absolute(sitePaths.forum(slug));
  }

  registration(slug: string): string {
    return this.absolute(sitePaths.registration(slug));
  }

  poll(slug: string): string {
    return this.absolute(sitePaths.poll(slug));
  }

  programmeFeed(slug: string, query: { lang?: Locale; theme?: string } = {}): string {
    return this.absolute(sitePaths.programmeFeed(slug, query));
  }

  deadlinesFeed(slug: string, query: { lang?: Locale } = {}): string {
    return this.absolute(sitePaths.deadlinesFeed(slug, query));
  }

  personalFeed(secret: string): string {
    return this.absolute(sitePaths.personalFeed(secret));
  }

  signIn(token: string): string {
    return this.absolute(sitePaths.signIn(token));
  }

  access(token: string): string {
    return this.absolute(sitePaths.access(token));
  }

  unsubscribe(token: string): string {
    return this.absolute(sitePaths.unsubscribe(token));
  }

  forumApi(forumId: string): string {
    return this.absolute(sitePaths.forumApi(forumId));
  }
}

function withQuery(path: string, query: Record<string, string | undefined>): string {
  const params = new URLSearchParams(Object.entries(query).filter((entry): entry is [string, string] => entry[1] !== undefined));
  const text = params.toString();
  return text ? `${path}?${text}` : path;
}
