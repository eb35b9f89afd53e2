import type { FastifyInstance } from 'fastify';
import { type FrontDoor, requestIdOf } from '../common/front-door';
import type { RequestLog } from '../logging/logging.module';
import type { ChangeSignal } from './change-signal.service';
import { PRIVATE_CACHE } from './public-read';
import type { PublicReads } from './public-reads.service';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Public reads held in memory are answered at the server's front door, before Fastify routes the
 * request, builds its request and reply, runs its hooks (an actor, an EntityManager, Nest's
 * guards and pipes) and its response listeners: all that cost each such request more than sending
 * its bytes does. The bytes go straight to the socket with headers made once per rendering. Such
 * an answer sets no cookie and opens no scope, so the hooks have nothing to do; its request line
 * is written here, when the bytes are handed to the socket, by the writer the onResponse hook
 * uses for every other request.
 */
export function answerReadsAtTheDoor(door: FrontDoor, reads: PublicReads, log: RequestLog): void {
  door.open((request, response) => {
    const started = performance.now();
    const answer = reads.answerAtTheDoor(request);
    if (!answer) {
      return false;
    }
    const id = requestIdOf(request);
    response.writeHead(answer.status, [...answer.headers, 'x-request-id', id]);
    response.end(answer.body);
    log({ id, method: request.method as string, url: request.url as string }, answer.status, performance.now() - started);
    return true;
  });
}

/**
 * A write this process answers moves the change signal on before its response leaves, so the
 * writer's next read never gets the bytes from before its own change.
 */
export function noteLocalWrites(fastify: FastifyInstance, signal: ChangeSignal): void {
  fastify.addHook('onSend', (request, _reply, payload, done) => {
    if (!SAFE_METHODS.has(request.method)) {
      signal.noteLocalWrite();
    }
    done(null, payload);
  });
}

/**
 * No answer that sets a cookie may be kept by a shared cache: whatever a handler said, it leaves
 * `private, no-store`. Registered as a plugin after the cookie plugin, so that its hook runs
 * once the cookies set during the request have become headers.
 */
export function keepCookiesPrivate(fastify: FastifyInstance): void {
  const plugin = (instance: FastifyInstance, _options: unknown, done: () => void): void => {
    instance.addHook('onSend', (_request, reply, payload, next) => {
      const cacheControl = reply.getHeader('cache-control');
      if (reply.getHeader('set-cookie') !== undefined && typeof cacheControl === 'string' && cacheControl.startsWith('public')) {
        void reply.header('cache-control', PRIVATE_CACHE);
      }
      next(null, payload);
    });
    done();
  };
  // Not encapsulated (what fastify-plugin does): the hook applies to every route.
  Object.assign(plugin, { [Symbol.for('skip-override')]: true });
  void fastify.register(plugin);
}
