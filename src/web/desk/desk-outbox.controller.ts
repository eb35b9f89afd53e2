import { Get, Param, Post, Query, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { contentDisposition } from '../../common/escape';
import { IdPipe } from '../../common/id.pipe';
import { PageQuery } from '../../common/pagination';
import { ProblemException } from '../../common/problem';
import { type Locale } from '../../common/locale';
import { renderInstant } from '../../common/time';
import { ForumsService } from '../../forums/forums.service';
import { type Message, MESSAGE_STATUSES, type MessageStatus } from '../../outbox/message.entity';
import { calendarFileName } from '../../outbox/message-sender.service';
import { Outbox } from '../../outbox/outbox.service';
import { type RenderedMail, TemplateService } from '../../outbox/template.service';
import { ParticipantsService } from '../../participation/participants.service';
import { Page, type PageContext } from '../page-context';
import { OrganiserPage } from '../page.guard';
import { DeskPages, deskPath } from './desk-pages.service';
import { DeskController } from './desk-problem.filter';

const PER_PAGE = 50;

function isStatus(value: unknown): value is MessageStatus {
  return typeof value === 'string' && (MESSAGE_STATUSES as readonly string[]).includes(value);
}

/**
 * Every kind of email the outbox holds, for the filter: named in the catalogue's `outbox.kinds`.
 * A kind missing here still shows, as "another email".
 */
const MESSAGE_KINDS = [
  'access_link',
  'registration_received',
  'registration_confirmed',
  'dates_fixed',
  'dates_changed',
  'deadline_reminder',
  'enrolment_waitlisted',
  'session_invite',
  'session_update',
  'session_cancel',
  'session_left',
  'agenda_digest',
  'forum_created',
  'sign_in_link',
] as const;

/**
 * A message's text with its personal links masked: an access link, a feed or an unsubscribe
 * token would let whoever reads the outbox act as its recipient.
 */
export function maskPersonalLinks(text: string): string {
  return text.replace(/\b(acc|sil|cal|pat)_[A-Za-z0-9_-]{8,}/g, '$1_…').replace(/([?&]token=)[^\s&"]+/g, '$1…');
}

/** The outbox (filter by status and kind, each email as sent, retry a failed one, cancel one not sent) and the exports. */
@DeskController('desk/editions/:slug')
export class DeskOutboxController {
  constructor(
    private readonly pages: DeskPages,
    private readonly forums: ForumsService,
    private readonly messages: Outbox,
    private readonly participants: ParticipantsService,
    private readonly templates: TemplateService,
  ) {}

  @Get('outbox')
  @OrganiserPage('viewer')
  async outbox(
    @Param('slug') slug: string,
    @Query('status') status: unknown,
    @Query('kind') kind: unknown,
    @Query('page') pageNumber: unknown,
    @Page() page: PageContext,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const forum = await this.forums.get(slug, true);
    const t = (key: string, params: Record<string, unknown> = {}) => this.pages.t(page.locale, key, params);
    if (status !== undefined && status !== '' && !isStatus(status)) {
      throw ProblemException.validation([{ field: 'status', message: `status must be one of ${MESSAGE_STATUSES.join(', ')}` }]);
    }
    const number = typeof pageNumber === 'string' && /^\d{1,6}$/.test(pageNumber) && Number(pageNumber) > 0 ? Number(pageNumber) : 1;
    const filter = isStatus(status) ? status : undefined;
    const kindFilter = typeof kind === 'string' && (MESSAGE_KINDS as readonly string[]).includes(kind) ? kind : undefined;
    const query = Object.assign(
      new PageQuery(),
      { page: number, perPage: PER_PAGE },
      filter ? { status: filter } : {},
      kindFilter ? { kind: kindFilter } : {},
    );
    const result = await this.messages.list(forum.id, query);
    const pages = Math.max(1, Math.ceil(result.total / PER_PAGE));
    const link = (n: number) =>
      `${deskPath(forum, '/outbox')}?${new URLSearchParams({ ...(filter ? { status: filter } : {}), ...(kindFilter ? { kind: kindFilter } : {}), page: String(n) }).toString()}`;
    const messages = result.items.map((message) => ({
      id: message.id,
      recipient: message.recipient,
      kind: this.kindLabel(message.kind, page.locale),
      subject: this.rendered(message)?.subject ?? t('outbox.unrendered'),
      locale: message.locale,
      language: t(`common.${message.locale}`),
      status: message.status,
      statusLabel: t(`outbox.statuses.${message.status}`),
      attempts: message.attempts,
      lastError: message.lastError,
      failed: message.status === 'failed',
      created: renderInstant(message.createdAt, forum.timeZone),
      sent: message.sentAt ? renderInstant(message.sentAt, forum.timeZone) : null,
      path: deskPath(forum, `/outbox/${message.id}`),
      retryPath: message.status === 'failed' ? deskPath(forum, `/outbox/${message.id}/retry`) : null,
      cancelPath: message.status === 'scheduled' || message.status === 'queued' ? deskPath(forum, `/outbox/${message.id}/cancel`) : null,
    }));
    await this.pages.render(reply, 'desk/outbox', page, {
      forum,
      section: 'outbox',
      title: t('outbox.title'),
      data: {
        messages,
        status: filter ?? '',
        kind: kindFilter ?? '',
        statuses: MESSAGE_STATUSES.map((value) => ({ value, label: t(`outbox.statuses.${value}`) })),
        kinds: MESSAGE_KINDS.map((value) => ({ value, label: this.kindLabel(value, page.locale) })),
        action: deskPath(forum, '/outbox'),
        total: result.total,
        pageLabel: t('common.page', { page: number, pages }),
        previous: number > 1 ? link(number - 1) : null,
        next: number < pages ? link(number + 1) : null,
      },
    });
  }

  /** One email as its recipient reads it: subject and text, personal links masked. */
  @Get('outbox/:messageId')
  @OrganiserPage('viewer')
  async message(
    @Param('slug') slug: string,
    @Param('messageId', IdPipe) messageId: string,
    @Page() page: PageContext,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const forum = await this.forums.get(slug, true);
    const message = await this.messages.get(forum.id, messageId);
    const t = (key: string, params: Record<string, unknown> = {}) => this.pages.t(page.locale, key, params);
    const rendered = this.rendered(message);
    await this.pages.render(reply, 'desk/message', page, {
      forum,
      section: 'outbox',
      title: rendered?.subject ?? t('outbox.unrendered'),
      data: {
        message: {
          recipient: message.recipient,
          kind: this.kindLabel(message.kind, page.locale),
          locale: message.locale,
          language: t(`common.${message.locale}`),
          statusLabel: t(`outbox.statuses.${message.status}`),
          failed: message.status === 'failed',
          attempts: message.attempts,
          lastError: message.lastError,
          created: renderInstant(message.createdAt, forum.timeZone),
          scheduled: renderInstant(message.scheduledFor, forum.timeZone),
          sent: message.sentAt ? renderInstant(message.sentAt, forum.timeZone) : null,
          attachment: message.icsMethod ? calendarFileName(message.icsMethod, message.template) : null,
          subject: rendered?.subject ?? null,
          body: rendered ? maskPersonalLinks(rendered.text) : null,
          retryPath: message.status === 'failed' ? deskPath(forum, `/outbox/${message.id}/retry`) : null,
          cancelPath:
            message.status === 'scheduled' || message.status === 'queued' ? deskPath(forum, `/outbox/${message.id}/cancel`) : null,
        },
        back: deskPath(forum, '/outbox'),
      },
    });
  }

  /** The email as it was composed; null when its template cannot render it (the outbox says why). */
  private rendered(message: Message): RenderedMail | null {
    try {
      const mail = this.templates.render(message.template, message.locale, message.data);
      return { ...mail, subject: maskPersonalLinks(mail.subject) };
    } catch {
      return null;
    }
  }

  private kindLabel(kind: string, locale: Locale): string {
    return this.pages.text.has(locale, `outbox.kinds.${kind}`)
      ? this.pages.t(locale, `outbox.kinds.${kind}`)
      : this.pages.t(locale, 'outbox.kinds.other');
  }

  @Post('outbox/:messageId/retry')
  @OrganiserPage('organiser')
  async retry(@Param('slug') slug: string, @Param('messageId', IdPipe) messageId: string, @Res() reply: FastifyReply): Promise<void> {
    const forum = await this.forums.get(slug, true);
    await this.messages.retry(forum.id, messageId);
    await reply.redirect(`${deskPath(forum, '/outbox')}?done=retried`, 303);
  }

  @Post('outbox/:messageId/cancel')
  @OrganiserPage('organiser')
  async cancel(@Param('slug') slug: string, @Param('messageId', IdPipe) messageId: string, @Res() reply: FastifyReply): Promise<void> {
    const forum = await this.forums.get(slug, true);
    await this.messages.cancel(forum.id, messageId);
    await reply.redirect(`${deskPath(forum, '/outbox')}?done=messageCancelled`, 303);
  }

  @Get('exports')
  @OrganiserPage('viewer')
  async exports(@Param('slug') slug: string, @Page() page: PageContext, @Res() reply: FastifyReply): Promise<void> {
    const forum = await this.forums.get(slug, true);
    await this.pages.render(reply, 'desk/exports', page, {
      forum,
      section: 'exports',
      title: this.pages.t(page.locale, 'exports.title'),
      data: { csv: deskPath(forum, '/exports/participants.csv'), xlsx: deskPath(forum, '/exports/participants.xlsx') },
    });
  }

  /** The same export as the API's, for the signed-in organiser (the API route wants a bearer token). */
  @Get('exports/participants.csv')
  @OrganiserPage('viewer')
  async csv(@Param('slug') slug: string, @Res() reply: FastifyReply): Promise<void> {
    const forum = await this.forums.get(slug, true);
    const body = this.participants.csv(await this.participants.sheet(forum.id));
    await reply
      .header('content-type', 'text/csv; charset=utf-8')
      .header('content-disposition', contentDisposition('attachment', `participants-${forum.slug}.csv`))
      .header('cache-control', 'no-store')
      .send(body);
  }

  @Get('exports/participants.xlsx')
  @OrganiserPage('viewer')
  async xlsx(@Param('slug') slug: string, @Res() reply: FastifyReply): Promise<void> {
    const forum = await this.forums.get(slug, true);
    const body = await this.participants.xlsx(await this.participants.sheet(forum.id));
    await reply
      .header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
      .header('content-disposition', contentDisposition('attachment', `participants-${forum.slug}.xlsx`))
      .header('cache-control', 'no-store')
      .send(body);
  }
}
