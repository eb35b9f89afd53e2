import { Body, Get, Param, Post, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { IdPipe } from '../../common/id.pipe';
import { pickLocale } from '../../common/locale';
import { ProblemException } from '../../common/problem';
import { renderInstant } from '../../common/time';
import type { Forum } from '../../forums/forum.entity';
import { ForumsService } from '../../forums/forums.service';
import { fullName } from '../../organisations/organisation.views';
import { ListSessionsQuery } from '../../programme/dto/session.dto';
import type { Enrolment } from '../../participation/enrolment.entity';
import { EnrolmentsService } from '../../participation/enrolments.service';
import { SessionsService } from '../../programme/sessions.service';
import { Page, type PageContext } from '../page-context';
import { organisationName } from '../../organisations/organisation.views';
import { text } from '../page-forms';
import { OrganiserPage } from '../page.guard';
import type { FormBody } from '../web-http';
import { DeskPages, deskPath } from './desk-pages.service';
import { DeskController } from './desk-problem.filter';
import { refusalSentence } from './desk-refusals';

/**
 * Each field visit's seats and waiting list: the organisers promote a person (a seat when one is
 * free, else first in line), move them in line, or take them off; the seat rules are the
 * enrolment service's, so nothing here can oversell a visit.
 */
@DeskController('desk/editions/:slug/waitlists')
export class DeskWaitlistsController {
  constructor(
    private readonly pages: DeskPages,
    private readonly forums: ForumsService,
    private readonly sessions: SessionsService,
    private readonly enrolments: EnrolmentsService,
  ) {}

  @Get()
  @OrganiserPage('viewer')
  async waitlists(@Param('slug') slug: string, @Page() page: PageContext, @Res() reply: FastifyReply): Promise<void> {
    await this.render(reply, page, await this.forums.get(slug, true), null);
  }

  @Post(':sessionId/:enrolmentId/promote')
  @OrganiserPage('organiser')
  async promote(
    @Param('slug') slug: string,
    @Param('sessionId', IdPipe) sessionId: string,
    @Param('enrolmentId', IdPipe) enrolmentId: string,
    @Page() page: PageContext,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const forum = await this.forums.get(slug, true);
    let seated: boolean;
    try {
      seated = (await this.enrolments.promoteInLine(forum.id, sessionId, enrolmentId)).status === 'confirmed';
    } catch (error) {
      await this.refused(reply, page, forum, sessionId, error);
      return;
    }
    await reply.redirect(
      `${deskPath(forum, '/waitlists')}?${new URLSearchParams({ done: seated ? 'promoted' : 'promotedFirst', enrolment: enrolmentId }).toString()}#visit-${sessionId}`,
      303,
    );
  }

  @Post(':sessionId/:enrolmentId/move')
  @OrganiserPage('organiser')
  async move(
    @Param('slug') slug: string,
    @Param('sessionId', IdPipe) sessionId: string,
    @Param('enrolmentId', IdPipe) enrolmentId: string,
    @Body() body: FormBody,
    @Page() page: PageContext,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const forum = await this.forums.get(slug, true);
    const position = text(body.position).trim();
    if (!/^\d{1,5}$/.test(position) || Number(position) < 1) {
      await this.render(reply, page, forum, { sessionId, message: this.pages.t(page.locale, 'waitlists.badPosition') }, 400);
      return;
    }
    let placed: number;
    try {
      placed = await this.enrolments.moveInLine(forum.id, sessionId, enrolmentId, Number(position));
    } catch (error) {
      await this.refused(reply, page, forum, sessionId, error);
      return;
    }
    await reply.redirect(
      `${deskPath(forum, '/waitlists')}?${new URLSearchParams({ done: 'moved', enrolment: enrolmentId, position: String(placed) }).toString()}#visit-${sessionId}`,
      303,
    );
  }

  @Get(':sessionId/:enrolmentId/remove')
  @OrganiserPage('organiser')
  async confirmRemove(
    @Param('slug') slug: string,
    @Param('sessionId', IdPipe) sessionId: string,
    @Param('enrolmentId', IdPipe) enrolmentId: string,
    @Page() page: PageContext,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const forum = await this.forums.get(slug, true);
    const { session, seated, waiting } = await this.enrolments.roster(forum.id, sessionId);
    const enrolment = [...seated, ...waiting].find((candidate) => candidate.id === enrolmentId);
    if (!enrolment) {
      throw ProblemException.notFound('Enrolment in session', enrolmentId);
    }
    const t = (key: string, params: Record<string, unknown> = {}) => this.pages.t(page.locale, key, params);
    const name = fullName(enrolment.delegate.contact.firstName, enrolment.delegate.contact.lastName);
    const visit = pickLocale(session.title, page.locale);
    await this.pages.render(reply, 'desk/confirm', page, {
      forum,
      section: 'waitlists',
      title: t('waitlists.removeTitle', { name, visit }),
      data: {
        text: t(enrolment.status === 'confirmed' ? 'waitlists.removeSeatText' : 'waitlists.removeLineText', { name, visit }),
        button: t('waitlists.removeConfirm'),
        action: deskPath(forum, `/waitlists/${sessionId}/${enrolmentId}/remove`),
        back: `${deskPath(forum, '/waitlists')}#visit-${sessionId}`,
      },
    });
  }

  @Post(':sessionId/:enrolmentId/remove')
  @OrganiserPage('organiser')
  async remove(
    @Param('slug') slug: string,
    @Param('sessionId', IdPipe) sessionId: string,
    @Param('enrolmentId', IdPipe) enrolmentId: string,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const forum = await this.forums.get(slug, true);
    await this.enrolments.removeEnrolment(forum.id, sessionId, enrolmentId);
    await reply.redirect(`${deskPath(forum, '/waitlists')}?done=removedFromVisit#visit-${sessionId}`, 303);
  }

  /** A refusal of the enrolment rules (a clash, a seat taken meanwhile) shown at its visit. */
  private async refused(reply: FastifyReply, page: PageContext, forum: Forum, sessionId: string, error: unknown): Promise<void> {
    if (!(error instanceof ProblemException) || Number(error.status) >= 500) {
      throw error;
    }
    await this.render(
      reply,
      page,
      forum,
      { sessionId, message: refusalSentence(this.pages.wording(page.locale), error.code) },
      Number(error.status),
    );
  }

  private async render(
    reply: FastifyReply,
    page: PageContext,
    forum: Forum,
    refusal: { sessionId: string; message: string } | null,
    status = 200,
  ): Promise<void> {
    const locale = page.locale;
    const t = (key: string, params: Record<string, unknown> = {}) => this.pages.t(locale, key, params);
    const query = Object.assign(new ListSessionsQuery(), { kind: 'field_visit', perPage: 100 });
    const visits = [];
    // Whom a redirect's notice speaks of: named from the rosters, never from the address.
    const names = new Map<string, string>();
    for (const session of (await this.sessions.list(forum.id, query)).items.filter((candidate) => candidate.status !== 'cancelled')) {
      const { seated, waiting } = await this.enrolments.roster(forum.id, session.id);
      const free = session.capacity === null ? null : Math.max(0, session.capacity - seated.length);
      const title = pickLocale(session.title, locale);
      const person = (enrolment: Enrolment, position: number | null) => {
        const name = fullName(enrolment.delegate.contact.firstName, enrolment.delegate.contact.lastName);
        names.set(enrolment.id, name);
        const path = (action: string) => deskPath(forum, `/waitlists/${session.id}/${enrolment.id}/${action}`);
        return {
          name,
          organisation: organisationName(enrolment.delegate.registration.organisation, locale),
          position,
          positions: waiting.map((_, index) => ({ value: String(index + 1), label: String(index + 1), current: index + 1 === position })),
          promotePath: path('promote'),
          movePath: path('move'),
          removePath: path('remove'),
          promoteLabel: t('waitlists.promoteLabel', { name }),
          moveLabel: t('waitlists.moveLabel', { name }),
          removeLabel: t('waitlists.removeLabel', { name }),
          positionId: `position-${enrolment.id}`,
        };
      };
      visits.push({
        id: session.id,
        title,
        status: session.status,
        statusLabel: t(`statuses.${session.status}`),
        startsAt: renderInstant(session.startsAt, forum.timeZone),
        seats: session.capacity === null ? t('waitlists.noLimit') : t('waitlists.seats', { count: session.capacity, taken: seated.length }),
        freeLabel: free === null ? null : t('waitlists.free', { count: free }),
        seated: seated.map((enrolment) => person(enrolment, null)),
        waiting: waiting.map((enrolment, index) => person(enrolment, index + 1)),
        refusal: refusal?.sessionId === session.id ? refusal.message : null,
      });
    }
    const done = new URLSearchParams(page.url.split('?')[1] ?? '');
    const who = names.get(done.get('enrolment') ?? '');
    const doneKey = done.get('done');
    const notice =
      doneKey && who && ['promoted', 'promotedFirst', 'moved'].includes(doneKey)
        ? t(`waitlists.done.${doneKey}`, { name: who, position: Number(done.get('position')) || 1 })
        : null;
    await this.pages.render(reply, 'desk/waitlists', page, {
      forum,
      section: 'waitlists',
      title: t('waitlists.title'),
      status,
      data: { visits, notice },
    });
  }
}
