import { readFileSync } from 'node:fs';
import Fastify from 'fastify';

/**
 * The ceiling of the public reads benchmark, run as a process of its own: a bare Fastify with
 * nothing but one route per read, serving the very bytes the API served (read from files into
 * memory once) with the headers it sent, and 304 with the headers of the API's 304 to a matching
 * If-None-Match. No hooks, no logging, no framework: what serving that answer costs on this
 * machine and no more. The headers each request makes anew (Date, the connection's, the request
 * id) are left to the server: Node writes its own Date and connection headers, and an id is work
 * of the API's.
 *
 * argv: the manifest (JSON: [{ path, file, etag, ok, notModified }], the last two the header
 * lists of the 200 and of the 304) and the port. Prints "ready".
 */
export interface Served {
  path: string;
  file: string;
  etag: string;
  ok: [string, string][];
  notModified: [string, string][];
}

async function main(): Promise<void> {
  const [manifest, port] = process.argv.slice(2);
  const served = JSON.parse(readFileSync(manifest, 'utf8')) as Served[];
  const app = Fastify({ logger: false });
  for (const read of served) {
    const body = readFileSync(read.file);
    const ok = Object.fromEntries(read.ok);
    const notModified = Object.fromEntries(read.notModified);
    app.get(read.path, (request, reply) => {
      if (request.headers['if-none-match'] === read.etag) {
        return reply.status(304).headers(notModified).send();
      }
      return reply.headers(ok).send(body);
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
