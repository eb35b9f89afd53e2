import { Get, Param, Post, Query, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { IdPipe } from '../../common/id.pipe';
import { PageQuery } from '../../common/pagination';
import { ProblemException } from '../../common/problem';
import { wallClock } from '../../common/time';
import { ForumsService } from '../../forums/forums.service';
import { MESSAGE_STATUSES, type MessageStatus } from '../../notifications/message.entity';
import { NotificationsService } from '../../notifications/notifications.service';
import { ParticipantsService } from '../../registrations/participants.service';
import { Page, type PageContext } from '../page-context';
import { OrganiserPage } from '../page.guard';
import { DeskPages, deskPath } from './desk-pages.service';
import { DeskController } from './desk-problem.filter';

const PER_PAGE = 50;

function isStatus(value: unknown): value is MessageStatus {
  return typeof value === 'string' && (MESSAGE_STATUSES as readonly string[]).includes(value);
}

/** The outbox (filter by status, retry a failed message, cancel one not sent) and the exports. */
@DeskController('desk/editions/:slug')
export class DeskOutboxController {
  constructor(
    private readonly pages: DeskPages,
    private readonly forums: ForumsService,
    private readonly notifications: NotificationsService,
    private readonly participants: ParticipantsService,
  ) {}

  @Get('outbox')
  @OrganiserPage('viewer')
  async outbox(@Param('slug') slug: string, @Query('status') status: unknown, @Query('page') pageNumber: unknown, @Page() page: PageContext, @Res() reply: FastifyReply): Promise<void> {
    const forum = await this.forums.get(slug, true);
    const t = (key: string, params: Record<string, unknown> = {}) => this.pages.t(page.locale, key, params);
    if (status !== undefined && status !== '' && !isStatus(status)) {
      throw ProblemException.validation([{ field: 'status', message: `status must be one of ${MESSAGE_STATUSES.join(', ')}` }]);
    }
    const number = typeof pageNumber === 'string' && /^\d{1,6}$/.test(pageNumber) && Number(pageNumber) > 0 ? Number(pageNumber) : 1;
    const filter = isStatus(status) ? status : undefined;
    const query = Object.assign(new PageQuery(), { page: number, perPage: PER_PAGE }, filter ? { status: filter } : {});
    const result = await this.notifications.list(forum.id, query);
    const pages = Math.max(1, Math.ceil(result.total / PER_PAGE));
    const link = (n: number) => `${deskPath(forum, '/outbox')}?${new URLSearchParams({ ...(filter ? { status: filter } : {}), page: String(n) }).toString()}`;
    const messages = result.items.map((message) => ({
      id: message.id,
      recipient: message.recipient,
      kind: message.kind,
      locale: message.locale,
      status: message.status,
      statusLabel: t(`outbox.statuses.${message.status}`),
      attempts: message.attempts,
      lastError: message.lastError,
      created: wallClock(message.createdAt.toISOString()),
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
        statuses: MESSAGE_STATUSES.map((value) => ({ value, label: t(`outbox.statuses.${value}`) })),
        action: deskPath(forum, '/outbox'),
        total: result.total,
        pageLabel: t('common.page', { page: number, pages }),
        previous: number > 1 ? link(number - 1) : null,
        next: number < pages ? link(number + 1) : null,
      },
    });
  }

  @Post('outbox/:messageId/retry')
  @OrganiserPage('organiser')
  async retry(@Param('slug') slug: string, @Param('messageId', IdPipe) messageId: string, @Res() reply: FastifyReply): Promise<void> {
    const forum = await this.forums.get(slug, true);
    await this.notifications.retry(forum.id, messageId);
    await reply.redirect(`${deskPath(forum, '/outbox')}?done=retried`, 303);
  }

  @Post('outbox/:messageId/cancel')
  @OrganiserPage('organiser')
  async cancel(@Param('slug') slug: string, @Param('messageId', IdPipe) messageId: string, @Res() reply: FastifyReply): Promise<void> {
    const forum = await this.forums.get(slug, true);
    await this.notifications.cancel(forum.id, messageId);
    await reply.redirect(`${deskPath(forum, '/outbox')}?done=messageCancelled`, 303);
  }

  @Get('exports')
  @OrganiserPage('viewer')
  async exports(@Param('slug') slug: string, @Page() page: PageContext, @Res() reply: FastifyReply): Promise<void> {
    const forum = await this.forums.get(slug, true);
    await this.pages.render(reply, 'desk/exports', page, { forum, section: 'exports', title: this.pages.t(page.locale, 'exports.title'), data: { csv: deskPath(forum, '/exports/participants.csv'), xlsx: deskPath(forum, '/exports/participants.xlsx') } });
  }

  /** The same export as the API's, for the signed-in organiser (the API route wants a bearer token). */
  @Get('exports/participants.csv')
  @OrganiserPage('viewer')
  async csv(@Param('slug') slug: string, @Res() reply: FastifyReply): Promise<void> {
    const forum = await this.forums.get(slug, true);
    const body = this.participants.csv(await this.participants.sheet(forum.id));
    await reply.header('content-type', 'text/csv; charset=utf-8').header('content-disposition', `attachment; filename="participants-${forum.slug}.csv"`).header('cache-control', 'no-store').send(body);
  }

  @Get('exports/participants.xlsx')
  @OrganiserPage('viewer')
  async xlsx(@Param('slug') slug: string, @Res() reply: FastifyReply): Promise<void> {
    const forum = await this.forums.get(slug, true);
    const body = await this.participants.xlsx(await this.participants.sheet(forum.id));
    await reply
      .header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
      .header('content-disposition', `attachment; filename="participants-${forum.slug}.xlsx"`)
      .header('cache-control', 'no-store')
      .send(body);
  }
}
