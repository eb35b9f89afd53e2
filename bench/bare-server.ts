import { readFileSync } from 'node:fs';
import Fastify from 'fastify';

/**
 * The ceiling of the public reads benchmark, run as a process of its own: a bare Fastify with
 * nothing but one route per read, serving the very bytes the API served (read from files into
 * memory once), with their ETag, and 304 to a matching If-None-Match. No hooks, no logging, no
 * framework: what serving those bytes costs on this machine and no more.
 *
 * argv: the manifest (JSON: [{ path, file, contentType, etag }]) and the port. Prints "ready".
 */
interface Served {
  path: string;
  file: string;
  contentType: string;
  etag: string;
}

async function main(): Promise<void> {
  const [manifest, port] = process.argv.slice(2);
  const served = JSON.parse(readFileSync(manifest, 'utf8')) as Served[];
  const app = Fastify({ logger: false });
  for (const read of served) {
    const body = readFileSync(read.file);
    app.get(read.path, (request, reply) => {
      void reply.header('etag', read.etag);
      if (request.headers['if-none-match'] === read.etag) {
        return reply.status(304).send();
      }
      return reply.header('content-type', read.contentType).send(body);
    });
  }
  await app.listen({ port: Number(port), host: '127.0.0.1' });
  process.stdout.write('ready\n');
  process.once('SIGTERM', () => void app.close().then(() => process.exit(0)));
}

main().catch((error: unknown) => {
  process.stderr.write(`${String((error as Error)?.stack ?? error)}\n`);
  process.exit(1);
});
