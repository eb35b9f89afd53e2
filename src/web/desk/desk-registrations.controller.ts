import { Body, Get, Param, Post, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { IdPipe } from '../../common/id.pipe';
import { pickLocale } from '../../common/locale';
import { PageQuery } from '../../common/pagination';
import { PARIS, SEOUL } from '../../common/time';
import type { Deadline } from '../../deadlines/deadline.entity';
import { DEADLINE_KINDS, ENFORCEMENTS } from '../../deadlines/deadline.entity';
import { DeadlinesService } from '../../deadlines/deadlines.service';
import { CreateDeadlineDto, UpdateDeadlineDto } from '../../deadlines/dto/deadline.dto';
import { PendingService } from '../../deadlines/pending.service';
import type { Forum } from '../../forums/forum.entity';
import { ForumsService } from '../../forums/forums.service';
import { fullName } from '../../organisations/organisation.views';
import { EnrolmentsService } from '../../programme/enrolments.service';
import { DelegatesService } from '../../registrations/delegates.service';
import { RegistrationsService } from '../../registrations/registrations.service';
import { Page, type PageContext } from '../page-context';
import { text } from '../page-forms';
import { OrganiserPage } from '../page.guard';
import type { FormState } from '../page-renderer.service';
import type { FormBody } from '../web-http';
import { checkForm, DEADLINE_FORM, localized, localizedValues, typed, zoneOptions } from './desk-forms';
import { DeskController } from './desk-problem.filter';
import { DeskPages, deskPath } from './desk-pages.service';

const ALL = Object.assign(new PageQuery(), { perPage: 100 });

function deadlinePayload(body: FormBody): Record<string, unknown> {
  const offsets = text(body.reminderOffsets)
    .split(',')
    .map((offset) => offset.trim())
    .filter(Boolean);
  return {
    kind: text(body.kind),
    title: localized(body, 'title'),
    dueAt: text(body.dueAt).trim(),
    timeZone: text(body.timeZone),
    enforcement: text(body.enforcement) || undefined,
    reminderOffsets: offsets,
  };
}

/** Registrations with their delegates and visits; deadlines and who has not acted on each. */
@DeskController('desk/editions/:slug')
export class DeskRegistrationsController {
  constructor(
    private readonly pages: DeskPages,
    private readonly forums: ForumsService,
    private readonly registrations: RegistrationsService,
    private readonly delegates: DelegatesService,
    private readonly enrolments: EnrolmentsService,
    private readonly deadlines: DeadlinesService,
    private readonly pendings: PendingService,
  ) {}

  @Get('registrations')
  @OrganiserPage('viewer')
  async registrationsPage(@Param('slug') slug: string, @Page() page: PageContext, @Res() reply: FastifyReply): Promise<void> {
    const forum = await this.forums.get(slug, true);
    const t = (key: string, params: Record<string, unknown> = {}) => this.pages.t(page.locale, key, params);
    const rows = [];
    for (const registration of (await this.registrations.list(forum.id, ALL)).items) {
      const delegates = [];
      for (const delegate of await this.delegates.list(forum.id, registration.id, page.organiser)) {
        const visits = [];
        for (const enrolment of await this.enrolments.listFor(delegate)) {
          const position = enrolment.status === 'waitlisted' ? await this.enrolments.waitlistPosition(enrolment) : null;
          visits.push({ title: pickLocale(enrolment.session.title, page.locale), state: position === null ? t('registrations.confirmed') : t('registrations.waitlisted', { position }), waitlisted: position !== null });
        }
        delegates.push({
          name: fullName(delegate.contact.firstName, delegate.contact.lastName),
          role: t(`registrations.roles.${delegate.role}`),
          function: delegate.printedFunction ?? delegate.contact.function ?? '',
          interpretation: delegate.needsInterpretation,
          late: delegate.late,
          visits,
        });
      }
      rows.push({ organisation: registration.organisation.name, status: registration.status, statusLabel: t(`registrations.statuses.${registration.status}`), late: registration.late, delegates });
    }
    await this.pages.render(reply, 'desk/registrations', page, { forum, section: 'registrations', title: t('registrations.title'), data: { registrations: rows } });
  }

  @Get('deadlines')
  @OrganiserPage('viewer')
  async deadlinesPage(@Param('slug') slug: string, @Page() page: PageContext, @Res() reply: FastifyReply): Promise<void> {
    const forum = await this.forums.get(slug, true);
    const t = (key: string, params: Record<string, unknown> = {}) => this.pages.t(page.locale, key, params);
    const deadlines = [];
    for (const deadline of await this.deadlines.list(forum.id)) {
      const pending = await this.pendings.forDeadline(deadline);
      deadlines.push({
        ...this.deadlines.view(deadline),
        label: pickLocale(deadline.title, page.locale),
        kindLabel: t(`deadlines.kinds.${deadline.kind}`),
        enforcementLabel: t(`deadlines.enforcements.${deadline.enforcement}`),
        pendingCount: pending.length,
        pendingLabel: pending.length === 0 ? t('deadlines.allDone') : t('deadlines.pendingCount', { count: pending.length }),
        pendingPath: deskPath(forum, `/deadlines/${deadline.id}/pending`),
        editPath: deskPath(forum, `/deadlines/${deadline.id}/edit`),
      });
    }
    await this.pages.render(reply, 'desk/deadlines', page, { forum, section: 'deadlines', title: t('deadlines.title'), data: { deadlines, newPath: deskPath(forum, '/deadlines/new') } });
  }

  @Get('deadlines/new')
  @OrganiserPage('organiser')
  async newDeadline(@Param('slug') slug: string, @Page() page: PageContext, @Res() reply: FastifyReply): Promise<void> {
    const forum = await this.forums.get(slug, true);
    await this.deadlineForm(reply, page, forum, undefined, { values: { timeZone: PARIS, enforcement: 'soft', kind: 'interest', reminderOffsets: 'P7D, P1D' }, errors: {} });
  }

  @Post('deadlines')
  @OrganiserPage('organiser')
  async createDeadline(@Param('slug') slug: string, @Body() body: FormBody, @Page() page: PageContext, @Res() reply: FastifyReply): Promise<void> {
    const forum = await this.forums.get(slug, true);
    const values = typed(body);
    const checked = await checkForm(CreateDeadlineDto, deadlinePayload(body), body, { localize: this.pages.constraint(page.locale), form: DEADLINE_FORM });
    if (!checked.ok) {
      await this.deadlineForm(reply, page, forum, undefined, this.pages.formState(values, checked.errors, DEADLINE_FORM, page.locale), 400);
      return;
    }
    try {
      await this.deadlines.create(forum.id, checked.value);
    } catch (error) {
      await this.deadlineForm(reply, page, forum, undefined, this.pages.refusal(error, values, DEADLINE_FORM, page.locale), 400);
      return;
    }
    await reply.redirect(`${deskPath(forum, '/deadlines')}?done=created`, 303);
  }

  @Get('deadlines/:deadlineId/edit')
  @OrganiserPage('organiser')
  async editDeadline(@Param('slug') slug: string, @Param('deadlineId', IdPipe) deadlineId: string, @Page() page: PageContext, @Res() reply: FastifyReply): Promise<void> {
    const forum = await this.forums.get(slug, true);
    const deadline = await this.deadlines.get(forum.id, deadlineId);
    const view = this.deadlines.view(deadline);
    const values = {
      kind: deadline.kind,
      ...localizedValues(deadline.title, 'title'),
      dueAt: view.dueAtStated.slice(0, 16),
      timeZone: deadline.timeZone,
      enforcement: deadline.enforcement,
      reminderOffsets: deadline.reminderOffsets.join(', '),
    };
    await this.deadlineForm(reply, page, forum, deadline, { values, errors: {} });
  }

  @Post('deadlines/:deadlineId')
  @OrganiserPage('organiser')
  async updateDeadline(@Param('slug') slug: string, @Param('deadlineId', IdPipe) deadlineId: string, @Body() body: FormBody, @Page() page: PageContext, @Res() reply: FastifyReply): Promise<void> {
    const forum = await this.forums.get(slug, true);
    const deadline = await this.deadlines.get(forum.id, deadlineId);
    const values = typed(body);
    const checked = await checkForm(UpdateDeadlineDto, deadlinePayload(body), body, { localize: this.pages.constraint(page.locale), form: DEADLINE_FORM });
    if (!checked.ok) {
      await this.deadlineForm(reply, page, forum, deadline, this.pages.formState(values, checked.errors, DEADLINE_FORM, page.locale), 400);
      return;
    }
    try {
      await this.deadlines.update(forum.id, deadlineId, checked.value);
    } catch (error) {
      await this.deadlineForm(reply, page, forum, deadline, this.pages.refusal(error, values, DEADLINE_FORM, page.locale), 400);
      return;
    }
    await reply.redirect(`${deskPath(forum, '/deadlines')}?done=saved`, 303);
  }

  @Get('deadlines/:deadlineId/pending')
  @OrganiserPage('viewer')
  async pending(@Param('slug') slug: string, @Param('deadlineId', IdPipe) deadlineId: string, @Page() page: PageContext, @Res() reply: FastifyReply): Promise<void> {
    const forum = await this.forums.get(slug, true);
    const deadline = await this.deadlines.get(forum.id, deadlineId);
    const missing = (key: string) => (this.pages.text.has(page.locale, `deadlines.missingText.${key}`) ? this.pages.t(page.locale, `deadlines.missingText.${key}`) : key);
    const rows = (await this.pendings.forDeadline(deadline)).map((row) => ({ ...row, missingLabel: missing(row.missing) }));
    await this.pages.render(reply, 'desk/pending', page, {
      forum,
      section: 'deadlines',
      title: this.pages.t(page.locale, 'deadlines.pendingTitle', { title: pickLocale(deadline.title, page.locale) }),
      data: { rows, deadline: this.deadlines.view(deadline), back: deskPath(forum, '/deadlines') },
    });
  }

  private async deadlineForm(reply: FastifyReply, page: PageContext, forum: Forum, deadline: Deadline | undefined, form: FormState, status = 200): Promise<void> {
    const t = (key: string) => this.pages.t(page.locale, key);
    await this.pages.render(reply, 'desk/deadline-form', page, {
      forum,
      section: 'deadlines',
      title: t(deadline ? 'deadlines.editTitle' : 'deadlines.newTitle'),
      status,
      data: {
        form,
        action: deadline ? deskPath(forum, `/deadlines/${deadline.id}`) : deskPath(forum, '/deadlines'),
        back: deskPath(forum, '/deadlines'),
        kinds: DEADLINE_KINDS.map((value) => ({ value, label: t(`deadlines.kinds.${value}`) })),
        enforcements: ENFORCEMENTS.map((value) => ({ value, label: t(`deadlines.enforcements.${value}`) })),
        zones: zoneOptions(PARIS, SEOUL, forum.timeZone),
      },
    });
  }
}
