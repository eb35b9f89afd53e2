import { type ArgumentsHost, Catch, Logger } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { ProblemCode } from '../common/problem';
import { ProblemDetailsFilter } from '../common/problem-details.filter';
import type { PageContext, PageRequest } from './page-context';
import { resolveLocale } from './page-i18n';
import { LANG_COOKIE, PageRedirect } from './page-context';
import { isPagePath } from './page-paths';
import type { PageRenderer } from './page-renderer.service';
import { describeRefusal } from './page-refusals';

const KNOWN_STATUSES = new Set([400, 401, 403, 404, 409, 413, 429, 503]);

/**
 * The one global filter: pages get an error page in their own style (never a stack trace), the
 * API, the feeds and anything that does not ask for HTML keep their problem details.
 */
@Catch()
export class PageAwareProblemFilter extends ProblemDetailsFilter {
  private readonly pageLogger = new Logger('Pages');

  constructor(private readonly renderer: PageRenderer) {
    super();
  }

  override catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<PageRequest>();
    const reply = http.getResponse<FastifyReply>();
    if (exception instanceof PageRedirect) {
      void reply.redirect(exception.location, 303);
      return;
    }
    const wantsHtml = request.page !== undefined || /text\/html/.test(request.headers?.accept ?? '');
    if (!request?.url || !isPagePath(request.url) || !wantsHtml) {
      super.catch(exception, host);
      return;
    }
    const problem = this.toProblem(exception);
    if (problem.status >= 500) {
      this.pageLogger.error({ err: exception, code: problem.code }, `Page failed: ${problem.detail}`);
    }
    const page: PageContext = request.page ?? {
      locale: resolveLocale(
        (request.query as Record<string, unknown> | undefined)?.lang,
        request.cookies?.[LANG_COOKIE],
        request.headers['accept-language'],
      ),
      csrfToken: '',
      url: request.url,
    };
    const status = problem.status;
    const key = KNOWN_STATUSES.has(status) ? String(status) : status >= 500 ? '500' : '400';
    const refusal = describeRefusal(problem, this.renderer.messages(page.locale), { mailbox: this.renderer.mailbox });
    // Without a valid link, the page says where to get a new one and whom to write to.
    const linkMissing = status === 401 || problem.code === ProblemCode.LinkInvalid;
    const slug = /^\/forums\/([^/?#]+)/.exec(request.url)?.[1];
    void this.renderer.render(
      reply,
      'error',
      page,
      {
        status,
        title: this.renderer.t(page.locale, `error.${key}.title`),
        explanation: this.renderer.t(page.locale, `error.${key}.text`),
        // Said in the reader's words; an internal error's own words help nobody.
        detail: status < 500 ? refusal.general : null,
        newLink: linkMissing ? (slug ? `/forums/${slug}/access` : '/editions') : null,
        newLinkForum: Boolean(slug),
        mailbox: linkMissing || status === 403 ? this.renderer.mailbox : null,
        requestId: request.id,
      },
      status,
    );
  }
}
