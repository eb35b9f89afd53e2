import { createHash } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { contentDisposition } from '../common/escape';

/** Strong ETag of the exact bytes served. */
export function etagOf(body: string | Buffer): string {
  return `"${createHash('sha256').update(body).digest('base64url').slice(0, 32)}"`;
}

function matches(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) {
    return false;
  }
  return ifNoneMatch.split(',').some((candidate) => {
    const tag = candidate.trim().replace(/^W\//, '');
    return tag === '*' || tag === etag;
  });
}

function notModifiedSince(ifModifiedSince: string | undefined, lastModified: Date): boolean {
  const since = ifModifiedSince ? Date.parse(ifModifiedSince) : Number.NaN;
  // HTTP dates have whole seconds.
  return !Number.isNaN(since) && Math.floor(lastModified.getTime() / 1000) * 1000 <= since;
}

/** Sends an iCalendar body, or 304 when the client already holds these bytes (ETag first, then date). */
export async function sendCalendar(
  request: FastifyRequest,
  reply: FastifyReply,
  body: string | Buffer,
  filename: string,
  maxAgeSeconds: number,
  lastModified: Date,
  scope: 'public' | 'private' = 'public',
  etag: string = etagOf(body),
): Promise<void> {
  void reply
    .header('etag', etag)
    .header('last-modified', lastModified.toUTCString())
    // Public feeds may sit in a CDN a few minutes; a personal one never leaves the subscriber.
    .header('cache-control', scope === 'public' ? `public, max-age=${maxAgeSeconds}` : 'private, no-store');
  const ifNoneMatch = request.headers['if-none-match'];
  if (ifNoneMatch ? matches(ifNoneMatch, etag) : notModifiedSince(request.headers['if-modified-since'], lastModified)) {
    await reply.status(304).send();
    return;
  }
  await reply
    .status(200)
    .header('content-type', 'text/calendar; charset=utf-8')
    .header('content-disposition', contentDisposition('inline', filename))
    .send(body);
}
