import type { FastifyInstance } from 'fastify';
import type { ChangeSignal } from './change-signal.service';
import type { PublicReads } from './public-reads.service';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Public reads held in memory are answered at the first hook, before Nest's guards, pipes and
 * handler, which would cost each request more than sending the bytes does. A write this process
 * answers moves the change signal on before its response leaves, so the writer's next read never
 * gets the bytes from before its own change.
 */
export function answerReadsFromMemory(fastify: FastifyInstance, reads: PublicReads, signal: ChangeSignal): void {
  fastify.addHook('onRequest', (request, reply, done) => {
    if (!reads.answerFromMemory(request, reply)) {
      done();
    }
  });
  fastify.addHook('onSend', (request, _reply, payload, done) => {
    if (!SAFE_METHODS.has(request.method)) {
      signal.noteLocalWrite();
    }
    done(null, payload);
  });
}
