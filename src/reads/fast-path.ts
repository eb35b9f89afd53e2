import type { FastifyInstance } from 'fastify';
import type { RequestLog } from '../logging/logging.module';
import type { ChangeSignal } from './change-signal.service';
import { PRIVATE_CACHE } from './public-read';
import type { PublicReads } from './public-reads.service';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Public reads held in memory are answered at the first hook, before the request gets its actor,
 * its EntityManager, Nest's guards, pipes and handler, and written straight to the socket with
 * headers made once per rendering: Fastify's reply machinery (its onSend and onResponse hooks)
 * would cost each such request more than sending the bytes does. Such an answer sets no cookie and
 * opens no scope, so those hooks have nothing to do; its request line is written here, when the
 * bytes are handed to the socket. A write this process answers moves the change signal on before
 * its response leaves, so the writer's next read never gets the bytes from before its own change.
 * Registered before any other onRequest hook.
 */
export function answerReadsFromMemory(fastify: FastifyInstance, reads: PublicReads, signal: ChangeSignal, log: RequestLog): void {
  fastify.addHook('onRequest', (request, reply, done) => {
    const started = performance.now();
    const answer = reads.answerFromMemory(request);
    if (!answer) {
      done();
      return;
    }
    void reply.hijack();
    reply.raw.writeHead(answer.status, [...answer.headers, 'x-request-id', request.id]);
    reply.raw.end(answer.body);
    log(request, answer.status, performance.now() - started);
  });
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
