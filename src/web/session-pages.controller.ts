import { Body, Get, HttpStatus, Post, Query, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AuthenticatorService } from '../auth/authenticator.service';
import { SignInService } from '../auth/sign-in.service';
import { pickLocale } from '../common/locale';
import { ProblemCode, ProblemException } from '../common/problem';
import { isEmailAddress } from '../common/validators';
import { AppConfig } from '../config/app-config';
import { sitePaths } from '../config/public-urls';
import { ListForumsQuery } from '../forums/dto/list-forums.query';
import { ForumsService } from '../forums/forums.service';
import { AccessLinksService } from '../auth/access-links.service';
import { Clock } from '../common/clock';
import { PublicRead } from '../reads/public-read';
import { PublicReads } from '../reads/public-reads.service';
import { MEMBER_COOKIE, memberCookiePath, ORGANISER_COOKIE, Page, type PageContext } from './page-context';
import { text } from './page-forms';
import { refusalForm } from './page-refusals';
import { PageController } from './page.guard';
import { EMPTY_FORM, PageRenderer } from './page-renderer.service';
import { PUBLIC_PAGE } from './public-page';
import type { FormBody } from './web-http';

const DAY_SECONDS = 24 * 3600;
const ORGANISER_SESSION_DAYS = 30;

/** Only a path of this site: never an open redirect to another. */
function safeNext(next: unknown): string | null {
  // Printable ASCII only: a Location header takes nothing else (a path with `Ā` comes percent-encoded).
  return typeof next === 'string' && /^\/(?![/\\])[\x21-\x5b\x5d-\x7e]*$/.test(next) ? next : null;
}

/** The home page, the magic-link landing, and the organisers' passwordless sign-in. */
@PageController()
export class SessionPagesController {
  private readonly secure: boolean;

  constructor(
    private readonly renderer: PageRenderer,
    private readonly authenticator: AuthenticatorService,
    private readonly signIn: SignInService,
    private readonly forums: ForumsService,
    private readonly reads: PublicReads,
    private readonly accessLinks: AccessLinksService,
    private readonly clock: Clock,
    config: AppConfig,
  ) {
    this.secure = config.get('publicUrl').startsWith('https:');
  }

  @Get('editions')
  @PublicRead(PUBLIC_PAGE)
  async home(@Page() page: PageContext, @Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    await this.reads.serve(request, reply, async () => {
      const query = Object.assign(new ListForumsQuery(), { status: 'published', perPage: 20 });
      const forums = (await this.forums.list(query, false)).items.map((forum) => ({
        slug: forum.slug,
        title: pickLocale(forum.title, page.locale),
        startDate: forum.startDate,
        endDate: forum.endDate,
      }));
      return this.renderer.rendered(reply, 'home', page, { forums });
    });
  }

  /** The link of the access-link email: the token becomes a cookie for that forum's pages. */
  @Get('access')
  async access(@Query('token') token: unknown, @Page() page: PageContext, @Res() reply: FastifyReply): Promise<void> {
    const principal = typeof token === 'string' ? await this.authenticator.authenticate(token) : null;
    if (principal?.kind !== 'authority') {
      throw new ProblemException(HttpStatus.UNAUTHORIZED, ProblemCode.LinkInvalid, this.renderer.t(page.locale, 'access.invalid'));
    }
    if (!principal.invited) {
      throw new ProblemException(HttpStatus.FORBIDDEN, ProblemCode.Forbidden, this.renderer.t(page.locale, 'access.notInvited'));
    }
    const forum = await this.forums.get(principal.forumId, true);
    const path = memberCookiePath(forum.slug);
    // The cookie lasts as long as the link it holds.
    const expiresAt = (await this.accessLinks.expiresAt(principal.accessLinkId)) ?? this.clock.now();
    const maxAge = Math.max(0, Math.floor((expiresAt.getTime() - this.clock.now().getTime()) / 1000));
    void reply.setCookie(MEMBER_COOKIE, token as string, {
      path,
      signed: true,
      httpOnly: true,
      sameSite: 'lax',
      secure: this.secure,
      maxAge,
    });
    // The token leaves the address bar (and the history) at once.
    await reply.redirect(sitePaths.registration(forum.slug), 303);
  }

  @Get('sign-in')
  async signInPage(
    @Query('token') token: unknown,
    @Query('next') next: unknown,
    @Page() page: PageContext,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    // Mail scanners follow links: the single-use token is only spent by the button's POST.
    await this.renderer.render(reply, 'sign-in', page, {
      token: typeof token === 'string' ? token : null,
      next: safeNext(next),
      form: EMPTY_FORM,
    });
  }

  @Post('sign-in')
  async requestLink(
    @Body() body: FormBody,
    @Req() request: FastifyRequest,
    @Page() page: PageContext,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const email = text(body.email).trim();
    if (!isEmailAddress(email)) {
      await this.renderer.render(
        reply,
        'sign-in',
        page,
        { token: null, form: { values: { email }, errors: { email: this.renderer.t(page.locale, 'signIn.badEmail') } } },
        400,
      );
      return;
    }
    try {
      await this.signIn.requestLink(email, request.ip);
    } catch (error) {
      await this.renderer.render(
        reply,
        'sign-in',
        page,
        { token: null, form: refusalForm(error, { email }, this.renderer.messages(page.locale), { mailbox: this.renderer.mailbox }) },
        429,
      );
      return;
    }
    await this.renderer.render(reply, 'sign-in', page, { token: null, sent: true, form: { values: { email }, errors: {} } });
  }

  @Post('sign-in/session')
  async openSession(
    @Body() body: FormBody,
    @Req() request: FastifyRequest,
    @Page() page: PageContext,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    let secret: string;
    try {
      ({ secret } = await this.signIn.openSession(text(body.token), request.ip));
    } catch (error) {
      await this.renderer.render(
        reply,
        'sign-in',
        page,
        { token: null, form: { ...EMPTY_FORM, general: this.renderer.t(page.locale, 'signIn.expired') } },
        error instanceof ProblemException ? error.status : 500,
      );
      return;
    }
    void reply.setCookie(ORGANISER_COOKIE, secret, {
      path: '/',
      signed: true,
      httpOnly: true,
      sameSite: 'lax',
      secure: this.secure,
      maxAge: ORGANISER_SESSION_DAYS * DAY_SECONDS,
    });
    await reply.redirect(safeNext(body.next) ?? '/desk', 303);
  }

  @Post('sign-out')
  async signOut(@Body() body: FormBody, @Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const session = request.cookies[ORGANISER_COOKIE];
    const { valid, value } = session ? request.unsignCookie(session) : { valid: false, value: null };
    if (valid && value) {
      await this.signIn.closeSession(value);
    }
    void reply.clearCookie(ORGANISER_COOKIE, { path: '/' });
    const slug = text(body.slug);
    if (slug) {
      void reply.clearCookie(MEMBER_COOKIE, { path: memberCookiePath(slug) });
    }
    await reply.redirect('/', 303);
  }
}
