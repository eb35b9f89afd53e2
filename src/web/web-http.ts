import { join } from 'node:path';
import fastifyCookie from '@fastify/cookie';
import fastifyHelmet from '@fastify/helmet';
import fastifyStatic from '@fastify/static';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { bodyTooComplex, formBeyondLimits } from '../common/body-limits';
import { PROJECT_ROOT } from '../common/project-root';
import { AppConfig } from '../config/app-config';
import { isPagePath } from './page-paths';
import { cookieSecret } from './web-keys';

export const ASSETS_DIR = join(PROJECT_ROOT, 'templates', 'pages', 'assets');
const FORM_LIMIT_BYTES = 256 * 1024;

export type FormBody = Record<string, string | string[]>;

/**
 * Repeated names (checkboxes, multiple selects) become arrays, as a form sends them. The form has
 * no prototype: a field named `constructor` or `__proto__` is a field like any other.
 */
export function parseForm(body: string): FormBody {
  const form: FormBody = Object.create(null) as FormBody;
  for (const [name, value] of new URLSearchParams(body)) {
    const previous = form[name];
    if (previous === undefined) {
      form[name] = value;
    } else if (Array.isArray(previous)) {
      previous.push(value);
    } else {
      form[name] = [previous, value];
    }
  }
  return form;
}

/**
 * What the pages need from Fastify: signed cookies, form bodies (pages only: the API still
 * answers 415 to anything but JSON), security headers (applied by the page renderer, so the
 * API docs keep their own scripts), and the static assets under /assets/.
 */
export function configureWebHttp(app: NestFastifyApplication): void {
  void app.register(fastifyCookie, { secret: cookieSecret(app.get(AppConfig).get('adminToken')) });
  void app.register(fastifyHelmet, {
    global: false,
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        fontSrc: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        baseUri: ["'none'"],
        objectSrc: ["'none'"],
      },
    },
    crossOriginEmbedderPolicy: false,
  });
  void app.register(fastifyStatic, { root: ASSETS_DIR, prefix: '/assets/', decorateReply: false, maxAge: '1h' });
  // The site's root is no Nest route: excluded from the /api prefix, "/" would mount every
  // middleware (request logs among them) a second time on every path.
  app
    .getHttpAdapter()
    .getInstance()
    .get('/', (_request, reply) => reply.redirect('/editions', 302));
  app.useBodyParser('application/x-www-form-urlencoded', { bodyLimit: FORM_LIMIT_BYTES }, (request, body: Buffer, done) => {
    if (!isPagePath(request.url)) {
      done(Object.assign(new Error('The API takes JSON bodies only.'), { statusCode: 415 }), undefined);
      return;
    }
    const text = body.toString('utf8');
    // Counted before parsing: 100,000 fields refused by a split, not read one by one.
    const beyond = formBeyondLimits(text);
    if (beyond.length > 0) {
      done(bodyTooComplex(beyond), undefined);
      return;
    }
    done(null, parseForm(text));
  });
}
