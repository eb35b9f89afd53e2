import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';

const REQUEST_ID = /^[A-Za-z0-9._-]{1,128}$/;

/** A request's id: the X-Request-Id it came with when sane, else a new one. */
export function requestIdOf(request: IncomingMessage): string {
  const given = request.headers['x-request-id'];
  return typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
}

/** Answers a request in full and says so, or leaves it untouched and says false. */
export type DoorAnswer = (request: IncomingMessage, response: ServerResponse) => boolean;

/** The timeouts Fastify gives the servers it makes itself, as its options carry them. */
export interface ServerTimeouts {
  keepAliveTimeout?: number;
  requestTimeout?: number;
  connectionTimeout?: number;
  maxRequestsPerSocket?: number;
}

/**
 * What may answer a request as it arrives at the HTTP server, before the framework routes it,
 * creates its request and reply objects and runs its hooks: a read held in memory costs less to
 * send than all that (see `answerReadsAtTheDoor`). Anything the door does not answer goes to the
 * framework untouched. Opened once the application is configured, shut when it starts closing,
 * so that a closing server's keep-alive connections end as the framework closes them.
 */
export class FrontDoor {
  private answer: DoorAnswer | null = null;

  open(answer: DoorAnswer): void {
    this.answer = answer;
  }

  shut(): void {
    this.answer = null;
  }

  /**
   * The HTTP server (Fastify's `serverFactory`): the door first, then Fastify's handler, with the
   * timeouts Fastify would have set on a server of its own.
   */
  server(handler: (request: IncomingMessage, response: ServerResponse) => void, timeouts: ServerTimeouts): Server {
    const server = createServer((request, response) => {
      if (this.answer === null || !this.answer(request, response)) {
        handler(request, response);
      }
    });
    if (timeouts.keepAliveTimeout !== undefined) {
      server.keepAliveTimeout = timeouts.keepAliveTimeout;
    }
    if (timeouts.requestTimeout !== undefined) {
      server.requestTimeout = timeouts.requestTimeout;
    }
    server.setTimeout(timeouts.connectionTimeout ?? 0);
    if (timeouts.maxRequestsPerSocket !== undefined && timeouts.maxRequestsPerSocket > 0) {
      server.maxRequestsPerSocket = timeouts.maxRequestsPerSocket;
    }
    return server;
  }
}
