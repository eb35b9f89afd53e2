import type { IncomingMessage, ServerResponse } from 'node:http';
import { RequestMethod } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { MikroORM } from '@mikro-orm/postgresql';
import { Logger } from 'nestjs-pino';
import { AppModule } from './app.module';
import { runWithActor } from './access/actor-context';
import { AppConfig } from './config/app-config';
import { releaseRequestScope, type RequestScope, runInRequestScope } from './database/request-scope';
import { HolidayCalendar } from './forums/holidays';
import { logRequests } from './logging/logging.module';
import { ChangeSignal } from './reads/change-signal.service';
import { answerReadsAtTheDoor, keepCookiesPrivate, noteLocalWrites } from './reads/fast-path';
import { PublicReads } from './reads/public-reads.service';
import { bodyTooComplex, scanJson } from './common/body-limits';
import { FrontDoor, requestIdOf, type ServerTimeouts } from './common/front-door';
import { ProblemException } from './common/problem';
import { ProblemDetailsFilter } from './common/problem-details.filter';
import { createValidationPipe } from './common/validation';
import { PageAwareProblemFilter } from './web/page-error.filter';
import { pageRoutesOutsideApi } from './web/page-paths';
import { PageRenderer } from './web/page-renderer.service';
import { configureWebHttp } from './web/web-http';

const BODY_LIMIT_BYTES = 1024 * 1024;

/** The front door of each Fastify instance made by createFastifyAdapter, opened by configureHttpApp. */
const frontDoors = new WeakMap<FastifyInstance, FrontDoor>();

/**
 * Fastify with a body limit and a request id taken from X-Request-Id (when sane) or made up, on an
 * HTTP server whose front door may answer a request before Fastify does (see FrontDoor).
 * The client's address (rate limits) is the connection's, or what X-Forwarded-For says only when
 * the connection comes from one of the trusted proxies (TRUSTED_PROXIES): anyone can write that header.
 */
export function createFastifyAdapter(trustedProxies: string[]): FastifyAdapter {
  const door = new FrontDoor();
  const adapter = new FastifyAdapter({
    serverFactory: (handler: (request: IncomingMessage, response: ServerResponse) => void, options: ServerTimeouts) =>
      door.server(handler, options),
    bodyLimit: BODY_LIMIT_BYTES,
    trustProxy: trustedProxies.length > 0 ? trustedProxies : false,
    requestIdHeader: false,
    genReqId: requestIdOf,
    // A path Fastify cannot decode (`%zz`) fails before routing, so no Nest filter sees it.
    frameworkErrors: (error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
      const problem = new ProblemDetailsFilter().toProblem(error);
      problem.instance = request.url.split('?')[0];
      void reply.status(problem.status).header('content-type', 'application/problem+json; charset=utf-8').send(JSON.stringify(problem));
    },
  });
  // The API speaks JSON only: a text body gets 415, not a confusing validation error.
  adapter.getInstance().removeContentTypeParser('text/plain');
  frontDoors.set(adapter.getInstance(), door);
  return adapter;
}

/** Each request's id goes back in X-Request-Id; everything after this hook runs with an actor record the auth guard fills in (audit log). */
function identifyRequests(fastify: FastifyInstance): void {
  fastify.addHook('onRequest', (request, reply, done) => {
    // Shared with pino-http, which sees only the raw request.
    (request.raw as IncomingMessage & { id?: string }).id = request.id;
    void reply.header('x-request-id', request.id);
    runWithActor({ requestId: request.id }, done);
  });
}

/** Everything the HTTP app needs besides its modules; shared by main.ts and the e2e tests. */
export function configureHttpApp(app: NestFastifyApplication): NestFastifyApplication {
  app.useLogger(app.get(Logger));
  app.setGlobalPrefix('api', {
    exclude: [
      { path: 'health', method: RequestMethod.ALL },
      { path: 'calendar/{*path}', method: RequestMethod.ALL },
      ...pageRoutesOutsideApi(),
    ],
  });
  const fastify = app.getHttpAdapter().getInstance();
  const logRequest = logRequests(fastify, app.get(AppConfig).get('nodeEnv') === 'development');
  const door = frontDoors.get(fastify);
  if (!door) {
    throw new Error('The HTTP app is configured on an adapter made by createFastifyAdapter.');
  }
  // A read held in memory needs nothing Fastify prepares; a closing server answers nothing there.
  answerReadsAtTheDoor(door, app.get(PublicReads), logRequest);
  fastify.addHook('preClose', (done) => {
    door.shut();
    done();
  });
  noteLocalWrites(fastify, app.get(ChangeSignal));
  identifyRequests(fastify);
  // Every request (API, pages, feeds) gets its own EntityManager: a Fastify hook, where Nest's
  // middleware would cost each request a path match and a trip through @fastify/middie.
  const orm = app.get(MikroORM);
  const scopes = new WeakMap<FastifyRequest, RequestScope>();
  fastify.addHook('onRequest', (request, _reply, done) => {
    const scope: RequestScope = { root: orm.em };
    scopes.set(request, scope);
    runInRequestScope(orm.em, done, scope);
  });
  // Answered: the request's entities may go, even if a connection opened during it lives on with its context.
  fastify.addHook('onResponse', (request, _reply, done) => {
    const scope = scopes.get(request);
    if (scope) {
      releaseRequestScope(scope);
    }
    done();
  });
  // JSON as Fastify reads it (prototype poisoning refused), once its text keeps the body limits:
  // a body of 100,000 keys or 5,000 nested arrays is refused by one scan, before any object exists.
  const parseJson = fastify.getDefaultJsonParser('error', 'error');
  app.useBodyParser('application/json', { bodyLimit: BODY_LIMIT_BYTES }, (request, body: Buffer, done) => {
    const text = body.toString('utf8');
    const { beyond, protoKey } = scanJson(text);
    if (beyond.length > 0) {
      done(bodyTooComplex(beyond), undefined);
      return;
    }
    if (protoKey !== null) {
      // Refused as the unknown key it is (the parser would call the whole body invalid JSON).
      done(
        Object.assign(
          ProblemException.validation([
            { field: protoKey, message: 'property __proto__ should not exist', constraint: 'whitelistValidation' },
          ]),
          { statusCode: 400 },
        ),
        undefined,
      );
      return;
    }
    void parseJson(request as Parameters<typeof parseJson>[0], text, done);
  });
  // The holidays' library loads in one go: while starting, not on the first date poll's path.
  app.get(HolidayCalendar, { strict: false }).preload();
  app.useGlobalFilters(new PageAwareProblemFilter(app.get(PageRenderer)));
  app.useGlobalPipes(createValidationPipe());
  app.enableShutdownHooks();
  configureWebHttp(app);
  keepCookiesPrivate(fastify);
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Passerelle')
      .setDescription(
        'Forums, programmes, deadlines, reminders and calendar feeds for Franco-Korean decentralised cooperation. Errors are RFC 9457 problem details.',
      )
      .setVersion('0.1.0')
      .addBearerAuth({ type: 'http', scheme: 'bearer', description: 'Organiser token' })
      .build(),
  );
  SwaggerModule.setup('api/docs', app, document, { jsonDocumentUrl: 'api/docs-json', useGlobalPrefix: false });
  return app;
}

export async function createHttpApp(): Promise<NestFastifyApplication> {
  // Read before the modules exist, since Fastify takes it at construction; a bad value stops here with its sentence.
  const trustedProxies = new AppConfig(process.env).get('trustedProxies');
  const app = await NestFactory.create<NestFastifyApplication>(AppModule, createFastifyAdapter(trustedProxies), { bufferLogs: true });
  return configureHttpApp(app);
}
