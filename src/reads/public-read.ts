import { createHash } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { RouteConfig } from '@nestjs/platform-fastify';
import type { FastifyRequest } from 'fastify';

/** Who may keep a public read: a CDN a minute (and serve it stale while it asks again), a calendar app five. */
export const PUBLIC_PAGE_CACHE = 'public, max-age=60, stale-while-revalidate=600';
export const PUBLIC_FEED_CACHE = 'public, max-age=300';
/** A personal answer (a signed-in page, a personal feed, an organiser's API read) never leaves its reader. */
export const PRIVATE_CACHE = 'private, no-store';

/** The headers of an API read's JSON bytes. */
export const JSON_HEADERS: Readonly<Record<string, string>> = { 'content-type': 'application/json; charset=utf-8' };

/**
 * What a policy may read of a request: a routed Fastify request, or one the front door answers
 * before routing (its query as the router parsed it for the same URL).
 */
export interface ReadRequest {
  readonly method: string;
  readonly url: string;
  readonly headers: IncomingHttpHeaders;
  readonly query: unknown;
}

/** How a route's answers may be shared: the route's config carries it (read at the front door too). */
export interface PublicReadPolicy {
  /**
   * What the bytes of the answer depend on, as a string; null when this request must be answered
   * for itself alone (a signed-in reader, say). Two requests with one key get the same bytes.
   */
  key(request: ReadRequest): string | null;
  /** False when the request must go through its handler all the same (it sets a cookie, say); always true when absent. */
  answerableFromMemory?(request: ReadRequest): boolean;
  /** Cache-Control of a shared answer. */
  cacheControl: string;
  /** Vary of a shared answer: the request headers its key reads, besides the URL. */
  vary?: string;
}

/** The answer of a render: the bytes and the headers that go with them. */
export interface RenderedRead {
  body: string | Buffer;
  headers: Readonly<Record<string, string>>;
  /** Another status (a refused filter, say) is sent as it is and never kept. */
  status?: number;
  /** When what it shows changes by itself (a deadline passes): it is not served from memory after that. */
  validUntil?: Date | null;
}

declare module 'fastify' {
  interface FastifyContextConfig {
    publicRead?: PublicReadPolicy;
  }
}

/** Marks a GET route as a public read: rendered once per change and answered from memory. */
export const PublicRead = (policy: PublicReadPolicy): MethodDecorator => RouteConfig({ publicRead: policy });

/** The policy of the route a request was routed to, if it is a public read. */
export function policyOf(request: FastifyRequest): PublicReadPolicy | undefined {
  return request.routeOptions.config?.publicRead;
}

/** The URL says it all: path and query (a feed, whose secret, if any, is in its path). */
export function byUrl(request: ReadRequest): string {
  return request.url;
}

/** An API read: the URL, for a caller without credentials; an organiser may see more, so gets their own answer. */
export function byUrlWhenAnonymous(request: ReadRequest): string | null {
  return request.headers.authorization === undefined ? request.url : null;
}

/** Strong ETag of the exact bytes served. */
export function etagOf(body: string | Buffer): string {
  return `"${createHash('sha256').update(body).digest('base64url').slice(0, 32)}"`;
}

function matches(ifNoneMatch: string, etag: string): boolean {
  if (ifNoneMatch === etag) {
    return true;
  }
  return ifNoneMatch.split(',').some((candidate) => {
    const tag = candidate.trim().replace(/^W\//, '');
    return tag === '*' || tag === etag;
  });
}

/**
 * Whether the client already holds these bytes: If-None-Match decides when sent, else
 * If-Modified-Since, at or after `heldSinceMs` (whole seconds).
 */
export function notModified(request: ReadRequest, etag: string, heldSinceMs: number): boolean {
  const ifNoneMatch = request.headers['if-none-match'];
  if (ifNoneMatch !== undefined) {
    return matches(ifNoneMatch, etag);
  }
  const ifModifiedSince = request.headers['if-modified-since'];
  if (ifModifiedSince === undefined) {
    return false;
  }
  const since = Date.parse(ifModifiedSince);
  return !Number.isNaN(since) && heldSinceMs <= since;
}
