import { createHash } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';

/** Strong ETag of the exact bytes served. */
export function etagOf(body: string): string {
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

/** Sends an iCalendar body, or 304 when the client already holds these bytes. */
export async function sendCalendar(request: FastifyRequest, reply: FastifyReply, body: string, filename: string, maxAgeSeconds: number): Promise<void> {
  const etag = etagOf(body);
  void reply.header('etag', etag).header('cache-control', `public, max-age=${maxAgeSeconds}`);
  if (matches(request.headers['if-none-match'], etag)) {
    await reply.status(304).send();
    return;
  }
  await reply
    .status(200)
    .header('content-type', 'text/calendar; charset=utf-8')
    .header('content-disposition', `inline; filename="${filename}"`)
    .send(body);
}
