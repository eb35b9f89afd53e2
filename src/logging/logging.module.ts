import { hostname } from 'node:os';
import { Global, Module } from '@nestjs/common';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Logger, PARAMS_PROVIDER_TOKEN, type Params, PinoLogger } from 'nestjs-pino';
import { currentActor } from '../access/actor-context';
import { AppConfig } from '../config/app-config';
import { batchedStdout } from './log-stream';

// A parameter whose decoded name says it carries a secret: token, access_token, api_key, password …
const SECRET_NAME = /token|secret|passw|key|sig|auth|session|code|cred/i;
// Passerelle's own secrets (personal tokens, magic links, sign-in links, feeds), whatever they are called.
const OWN_SECRET = /\b(?:pat|acc|sil|cal)_[A-Za-z0-9_-]{20,}/;
const PERSONAL_FEED = /^\/calendar\/delegates\//i;

function decoded(part: string): string {
  if (!part.includes('%') && !part.includes('+')) {
    return part;
  }
  try {
    return decodeURIComponent(part.replace(/\+/g, ' '));
  } catch {
    return part;
  }
}

/**
 * Secrets travel in some URLs (personal feeds, links): they never reach the logs. Judged on what
 * the server decodes, not on the raw text, so `%74oken=` or `/calendar/%64elegates/` hide nothing.
 */
export function redactUrl(url: string): string {
  const split = url.indexOf('?');
  const path = split === -1 ? url : url.slice(0, split);
  const plainPath = decoded(path);
  const shownPath = PERSONAL_FEED.test(plainPath) ? '/calendar/delegates/[token]' : OWN_SECRET.test(plainPath) ? '[redacted path]' : path;
  if (split === -1) {
    return shownPath;
  }
  const query = url
    .slice(split + 1)
    .split('&')
    .map((pair) => {
      const equals = pair.indexOf('=');
      if (equals === -1) {
        return OWN_SECRET.test(decoded(pair)) ? '[redacted]' : pair;
      }
      const name = pair.slice(0, equals);
      return SECRET_NAME.test(decoded(name)) || OWN_SECRET.test(decoded(pair.slice(equals + 1))) ? `${name}=[redacted]` : pair;
    });
  return `${shownPath}?${query.join('&')}`;
}

/** pino's level number for `error`: such a line is written at once. */
const ERROR_LEVEL = 50;

/**
 * pino-pretty (a development dependency): one line per entry, local time, the logger's context
 * first, and a request as "GET /path → 200 in 12 ms" (its URL already cut of secrets).
 */
const PRETTY_OPTIONS = {
  singleLine: true,
  translateTime: 'SYS:HH:MM:ss',
  ignore: 'pid,hostname,context,reqId,request,response,responseTime',
  messageFormat:
    '{if context}[{context}] {end}{msg}{if request} {request.method} {request.url} → {response.statusCode} in {responseTime} ms{end}',
};

/**
 * Structured JSON logs (pino) through Nest's logger. Every line written while a request runs
 * carries its id (`reqId`), read from the request's actor record rather than from a child logger
 * made for each request: a burst of requests pays nothing for it unless it logs. Lines reach
 * standard output in batches, within 10 ms (see `batchedStdout`), error lines at once.
 * With NODE_ENV=development the same entries are printed as readable lines by pino-pretty.
 */
@Global()
@Module({
  providers: [
    {
      provide: PARAMS_PROVIDER_TOKEN,
      inject: [AppConfig],
      useFactory: (config: AppConfig): Params => {
        const options = {
          level: config.get('logLevel'),
          mixin: () => {
            const { requestId } = currentActor();
            return requestId === undefined ? {} : { reqId: requestId };
          },
        };
        if (config.get('nodeEnv') === 'development') {
          // Readable lines for people at a terminal (the demo, a developer's run); JSON everywhere else.
          return { pinoHttp: { ...options, transport: { target: 'pino-pretty', options: PRETTY_OPTIONS } } };
        }
        const stream = batchedStdout();
        return {
          pinoHttp: [
            {
              ...options,
              hooks: {
                logMethod(args, method, level) {
                  method.apply(this, args);
                  if (level >= ERROR_LEVEL) {
                    stream.flushSync();
                  }
                },
              },
            },
            stream,
          ],
        };
      },
    },
    PinoLogger,
    Logger,
  ],
  exports: [Logger, PinoLogger],
})
export class LoggingModule {}

/** pino's numbers for the levels of request lines. */
const LEVEL_NUMBERS = { info: 30, warn: 40, error: 50 } as const;
let fixedFields: string | undefined;

/**
 * The request line, written as pino writes it (same fields, same order: level, time, pid,
 * hostname, reqId, request, response, responseTime, msg) without going through its generic
 * serialisation, which cost a request answered from memory as much as the rest of its answer.
 */
export function requestLine(
  level: keyof typeof LEVEL_NUMBERS,
  id: string,
  method: string,
  url: string,
  statusCode: number,
  responseTime: number,
  now = Date.now(),
): string {
  fixedFields ??= `"pid":${process.pid},"hostname":${JSON.stringify(hostname())}`;
  const quotedId = JSON.stringify(id);
  return `{"level":${LEVEL_NUMBERS[level]},"time":${now},${fixedFields},"reqId":${quotedId},"request":{"id":${quotedId},"method":${JSON.stringify(method)},"url":${JSON.stringify(redactUrl(url))}},"response":{"statusCode":${statusCode}},"responseTime":${responseTime},"msg":"request completed"}\n`;
}

/** What a request line says of the request. */
export type LoggedRequest = Pick<FastifyRequest, 'id' | 'method' | 'url'>;

/** Writes the line of one answered request: its status and how long it took, in milliseconds. */
export type RequestLog = (request: LoggedRequest, statusCode: number, responseTimeMs: number) => void;

/**
 * One line per HTTP request once its response is sent: id, method, URL (secrets cut out), status
 * and time in milliseconds. Written from a Fastify hook, so every route (API, pages, feeds, assets) gets exactly
 * one line, whatever Nest's middleware mounting makes of the paths outside the /api prefix; into
 * the same batched output as every other line (error lines at once). Returns the writer of that
 * line for answers sent outside Fastify's lifecycle (public reads answered at the front door).
 * Probes hit /health every few seconds; their lines would drown the rest.
 */
export function logRequests(fastify: FastifyInstance, readable = false): RequestLog {
  const output = batchedStdout();
  const log: RequestLog = (request, status, responseTimeMs) => {
    const level = status >= 500 ? 'error' : status >= 400 ? 'warn' : 'info';
    const logger = PinoLogger.root;
    if (request.url === '/health' || !logger?.isLevelEnabled(level)) {
      return;
    }
    const responseTime = Math.round(responseTimeMs * 10) / 10;
    if (readable) {
      // Through pino-pretty's transport, in the same words as the line below.
      logger[level](
        {
          request: { id: request.id, method: request.method, url: redactUrl(request.url) },
          response: { statusCode: status },
          responseTime,
        },
        'request completed',
      );
      return;
    }
    output.write(requestLine(level, request.id, request.method, request.url, status, responseTime));
    if (level === 'error') {
      output.flushSync();
    }
  };
  fastify.addHook('onResponse', (request, reply, done) => {
    log(request, reply.statusCode, reply.elapsedTime);
    done();
  });
  return log;
}
