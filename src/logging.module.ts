import type { IncomingMessage, ServerResponse } from 'node:http';
import { Module, RequestMethod } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import { AppConfig } from './config/app-config';

/** Secrets travel in some URLs (personal feeds, links): they never reach the logs. */
export function redactUrl(url: string): string {
  return url.replace(/\/calendar\/delegates\/[^/?]+/, '/calendar/delegates/[token]').replace(/([?&]token=)[^&]*/gi, '$1[redacted]');
}

const logged = new WeakSet<IncomingMessage>();

/** True when the request already has its log line on the way. */
function loggedOnce(request: IncomingMessage): boolean {
  const seen = logged.has(request);
  logged.add(request);
  return seen;
}

/** Structured JSON logs (pino); every HTTP log line carries the request id. */
@Module({
  imports: [
    LoggerModule.forRootAsync({
      inject: [AppConfig],
      useFactory: (config: AppConfig) => ({
        // Nest adds the paths excluded from the /api prefix (health, calendar/…) back by itself;
        // nestjs-pino's default would add them a second time and log those requests twice.
        forRoutes: [{ path: '{/*splat}', method: RequestMethod.ALL }],
        // Probes hit /health every few seconds; their lines would drown the rest.
        exclude: [{ path: 'health', method: RequestMethod.ALL }],
        pinoHttp: {
          level: config.get('logLevel'),
          // Fastify assigns the id (see createFastifyAdapter); pino-http reuses it.
          genReqId: (request: IncomingMessage & { id?: string }) => request.id ?? 'unknown',
          // Tokens and magic links must never reach the logs.
          // Page sessions travel in cookies both ways: a set-cookie holds a magic link or a token.
          redact: { paths: ['req.headers.authorization', 'req.headers.cookie', 'req.query.token', 'res.headers["set-cookie"]'], censor: '[redacted]' },
          // A page outside the /api prefix can be reached through two mounts of this middleware: one line each.
          autoLogging: { ignore: (request: IncomingMessage) => loggedOnce(request) },
          serializers: {
            req: (request: { id: string; method: string; url: string }) => ({ id: request.id, method: request.method, url: redactUrl(request.url) }),
          },
          customLogLevel: (_: IncomingMessage, response: ServerResponse, error?: Error) =>
            error || response.statusCode >= 500 ? 'error' : response.statusCode >= 400 ? 'warn' : 'info',
        },
      }),
    }),
  ],
})
export class LoggingModule {}
