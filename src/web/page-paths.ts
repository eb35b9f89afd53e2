import { RequestMethod } from '@nestjs/common';

interface RouteInfo {
  path: string;
  method: RequestMethod;
}

const NOT_PAGES = /^\/(?:api|calendar|health|assets)(?:[/?]|$)/;

/** Whether a URL is served as an HTML page rather than by the API, the feeds or the assets. */
export function isPagePath(url: string): boolean {
  return !NOT_PAGES.test(url);
}

/** The member pages and the sign-in pages; the organisers' desk lives under /desk. */
export const PAGE_ROUTES = [
  'editions',
  'access',
  'sign-in',
  'sign-in/session',
  'sign-out',
  'forums/:slug',
  'forums/:slug/poll',
  'forums/:slug/registration',
  'forums/:slug/registration/delegates',
  'forums/:slug/registration/delegates/:delegateId',
  'forums/:slug/registration/delegates/:delegateId/remove',
  'forums/:slug/registration/withdraw',
  'forums/:slug/registration/visits',
  'forums/:slug/registration/visits/leave',
  'forums/:slug/registration/host-offer',
  'forums/:slug/registration/feeds',
  'forums/:slug/dates-to-avoid',
  'forums/:slug/dates-to-avoid/:blackoutId/remove',
  'forums/:slug/access',
  'forums/:slug/meetings',
  'forums/:slug/meetings/profile',
  'forums/:slug/meetings/requests',
  'forums/:slug/meetings/requests/:requestId/:answer',
] as const;

/**
 * Global-prefix exclusions for the pages. Nest matches exclusions against route templates, so
 * a page's `:slug` is escaped to match only itself, never the API's `forums/:forumId`.
 */
export function pageRoutesOutsideApi(): RouteInfo[] {
  return [
    ...PAGE_ROUTES.map((path) => ({ path: path.replace(/:/g, '\\:'), method: RequestMethod.ALL })),
    { path: 'desk', method: RequestMethod.ALL },
    { path: 'desk/{*path}', method: RequestMethod.ALL },
  ];
}
