import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import {
  applyDecorators,
  type CanActivate,
  Controller,
  type ExecutionContext,
  HttpStatus,
  Injectable,
  SetMetadata,
  UseGuards,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Public } from '../access/access.decorators';
import { setPrincipal } from '../access/actor-context';
import { AuthenticatorService } from '../auth/authenticator.service';
import { type Principal, type Role, roleAtLeast } from '../access/principal';
import { ProblemCode, ProblemException } from '../common/problem';
import { AppConfig } from '../config/app-config';
import { ForumsService } from '../forums/forums.service';
import {
  CSRF_COOKIE,
  LANG_COOKIE,
  MEMBER_COOKIE,
  ORGANISER_COOKIE,
  type PageContext,
  PageRedirect,
  type PageRequest,
} from './page-context';
import { resolveLocale } from './page-i18n';
import { PageRenderer } from './page-renderer.service';
import { csrfKey } from './web-keys';

const PAGE_ACCESS = 'passerelle:page-access';
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
const YEAR_SECONDS = 365 * 24 * 3600;

type PageAccess = { kind: 'member' } | { kind: 'organiser'; role: Role };

/** A controller of HTML pages: outside OpenAPI, public to the API guard, guarded by the page guard. */
export function PageController(path = ''): ClassDecorator {
  return applyDecorators(Controller(path), Public(), ApiExcludeController(), UseGuards(PageGuard));
}

/** The page needs a magic link for the forum of its `:slug` (a member of an invited organisation). */
export const MemberPage = (): MethodDecorator & ClassDecorator => SetMetadata(PAGE_ACCESS, { kind: 'member' } satisfies PageAccess);

/** The page needs a signed-in organiser with at least this role; others are sent to /sign-in. */
export const OrganiserPage = (role: Role = 'viewer'): MethodDecorator & ClassDecorator =>
  SetMetadata(PAGE_ACCESS, { kind: 'organiser', role } satisfies PageAccess);

function forbidden(detail: string): ProblemException {
  return new ProblemException(HttpStatus.FORBIDDEN, ProblemCode.Forbidden, detail);
}

/**
 * Builds the page context (language, form token, sessions from the signed cookies), refuses a
 * form sent without its token, and applies @MemberPage / @OrganiserPage. The sessions hold the
 * same tokens as the API's, checked by the same authenticator: revoked or expired, they stop here too.
 */
@Injectable()
export class PageGuard implements CanActivate {
  private readonly csrfKey: Buffer;
  private readonly secure: boolean;

  constructor(
    private readonly reflector: Reflector,
    private readonly authenticator: AuthenticatorService,
    private readonly forums: ForumsService,
    private readonly renderer: PageRenderer,
    config: AppConfig,
  ) {
    this.csrfKey = csrfKey(config.get('adminToken'));
    this.secure = config.get('publicUrl').startsWith('https:');
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const http = context.switchToHttp();
    const request = http.getRequest<PageRequest>();
    const reply = http.getResponse<FastifyReply>();
    const query = (request.query ?? {}) as Record<string, unknown>;
    const cookies = request.cookies ?? {};
    const locale = resolveLocale(query.lang, cookies[LANG_COOKIE], request.headers['accept-language']);
    if (query.lang === locale && cookies[LANG_COOKIE] !== locale) {
      void reply.setCookie(LANG_COOKIE, locale, { path: '/', maxAge: YEAR_SECONDS, sameSite: 'lax', secure: this.secure, httpOnly: true });
    }
    let csrfToken: string | undefined;
    const makeCsrfToken = (): string => this.csrfToken(request, reply);
    const page: PageContext = {
      locale,
      url: request.url,
      // Made (and its cookie set) only for a page that shows a form: a public page sets no cookie,
      // so it can be one answer for everyone, kept by a CDN.
      get csrfToken(): string {
        csrfToken ??= makeCsrfToken();
        return csrfToken;
      },
    };
    request.page = page;
    if (!SAFE_METHODS.has(request.method)) {
      this.checkCsrf(request, page);
    }
    page.organiser = await this.principal(request, ORGANISER_COOKIE, 'organiser');
    page.member = await this.principal(request, MEMBER_COOKIE, 'authority');
    const access = this.reflector.getAllAndOverride<PageAccess | undefined>(PAGE_ACCESS, [context.getHandler(), context.getClass()]);
    if (access?.kind === 'organiser') {
      if (!page.organiser) {
        throw new PageRedirect(`/sign-in?next=${encodeURIComponent(request.url)}`);
      }
      if (!roleAtLeast(page.organiser.role, access.role)) {
        throw forbidden(`This page needs the ${access.role} role; you have ${page.organiser.role}.`);
      }
    }
    if (access?.kind === 'member') {
      await this.checkMember(request, page);
    }
    setPrincipal(access?.kind === 'organiser' ? page.organiser : (page.member ?? page.organiser));
    return true;
  }

  private async checkMember(request: PageRequest, page: PageContext): Promise<void> {
    if (!page.member) {
      throw new ProblemException(HttpStatus.UNAUTHORIZED, ProblemCode.Unauthorized, this.renderer.t(page.locale, 'access.needLink'));
    }
    if (!page.member.invited) {
      throw forbidden(this.renderer.t(page.locale, 'access.notInvited'));
    }
    const slug = (request.params as Record<string, string> | undefined)?.slug;
    if (slug) {
      const forum = await this.forums.get(slug, true);
      if (forum.id !== page.member.forumId) {
        throw forbidden(this.renderer.t(page.locale, 'access.otherForum'));
      }
      page.forum = forum;
    }
  }

  private async principal<K extends Principal['kind']>(
    request: PageRequest,
    cookie: string,
    kind: K,
  ): Promise<Extract<Principal, { kind: K }> | undefined> {
    const raw = request.cookies?.[cookie];
    if (!raw) {
      return undefined;
    }
    const { valid, value } = request.unsignCookie(raw);
    const principal = valid && value ? await this.authenticator.authenticate(value) : null;
    return principal?.kind === kind ? (principal as Extract<Principal, { kind: K }>) : undefined;
  }

  // Double submit: a random value in a signed cookie, its HMAC in every form.
  private csrfToken(request: PageRequest, reply: FastifyReply): string {
    const raw = request.cookies?.[CSRF_COOKIE];
    let nonce = raw ? request.unsignCookie(raw).value : null;
    if (!nonce) {
      nonce = randomBytes(18).toString('base64url');
      void reply.setCookie(CSRF_COOKIE, nonce, { path: '/', signed: true, sameSite: 'lax', secure: this.secure, httpOnly: true });
    }
    return createHmac('sha256', this.csrfKey).update(nonce).digest('base64url');
  }

  private checkCsrf(request: PageRequest, page: PageContext): void {
    const expected = page.csrfToken;
    const given = (request.body as Record<string, unknown> | undefined)?._csrf;
    // Compared as bytes: a token of non-ASCII characters has as many characters, not as many bytes.
    const givenBytes = Buffer.from(typeof given === 'string' ? given : '');
    const expectedBytes = Buffer.from(expected);
    const ok = typeof given === 'string' && givenBytes.length === expectedBytes.length && timingSafeEqual(givenBytes, expectedBytes);
    if (!ok) {
      throw forbidden(this.renderer.t(page.locale, 'form.expired'));
    }
  }
}
