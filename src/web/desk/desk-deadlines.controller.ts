import { Body, Get, Param, Post, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { IdPipe } from '../../common/id.pipe';
import { type Locale, pickLocale } from '../../common/locale';
import { PageQuery } from '../../common/pagination';
import { PARIS, renderInstant, SEOUL } from '../../common/time';
import type { Deadline } from '../../deadlines/deadline.entity';
import { DEADLINE_KINDS, ENFORCEMENTS } from '../../deadlines/deadline.entity';
import { DEADLINE_KIND_DEFINITIONS } from '../../deadlines/deadline-kinds';
import { DeadlinesService } from '../../deadlines/deadlines.service';
import { CreateDeadlineDto, UpdateDeadlineDto } from '../../deadlines/dto/deadline.dto';
import { PendingService } from '../../deadlines/pending.service';
import { RemindersService } from '../../deadlines/reminders.service';
import type { Forum } from '../../forums/forum.entity';
import { ForumsService } from '../../forums/forums.service';
import { InvitationsService } from '../../forums/invitations.service';
import { Outbox } from '../../outbox/outbox.service';
import { Clock } from '../../common/clock';
import { Page, type PageContext } from '../page-context';
import { organisationName } from '../../organisations/organisation.views';
import { text } from '../page-forms';
import { OrganiserPage } from '../page.guard';
import type { FormState } from '../page-renderer.service';
import type { FormBody } from '../web-http';
import { checkForm, DEADLINE_FORM, localized, localizedValues, typed, zoneOptions } from './desk-forms';
import { DeskPages, deskPath } from './desk-pages.service';
import { DeskController } from './desk-problem.filter';

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

/** What became of one reminder: planned, sent (to whom), or not sent. */
interface ReminderLine {
  offset: string;
  at: ReturnType<typeof renderInstant>;
  state: 'planned' | 'sent' | 'none';
  stateLabel: string;
  recipients: { email: string; status: string }[];
}

/**
 * Deadlines: created, edited, deleted; who has not acted on each; and each deadline's reminders,
 * when they are planned, which were sent and to whom.
 */
@DeskController('desk/editions/:slug/deadlines')
export class DeskDeadlinesController {
  constructor(
    private readonly pages: DeskPages,
    private readonly forums: ForumsService,
    private readonly invitations: InvitationsService,
    private readonly deadlines: DeadlinesService,
    private readonly pendings: PendingService,
    private readonly reminders: RemindersService,
    private readonly outbox: Outbox,
    private readonly clock: Clock,
  ) {}

  @Get()
  @OrganiserPage('viewer')
  async list(@Param('slug') slug: string, @Page() page: PageContext, @Res() reply: FastifyReply): Promise<void> {
    const forum = await this.forums.get(slug, true);
    const t = (key: string, params: Record<string, unknown> = {}) => this.pages.t(page.locale, key, params);
    const deadlines = [];
    for (const deadline of await this.deadlines.list(forum.id)) {
      const pending = await this.pendings.forDeadline(deadline);
      const schedule = await this.schedule(deadline, page.locale);
      deadlines.push({
        ...this.deadlines.view(deadline),
        label: pickLocale(deadline.title, page.locale),
        kindLabel: DEADLINE_KIND_DEFINITIONS[deadline.kind].label[page.locale],
        enforcementLabel: t(`deadlines.enforcements.${deadline.enforcement}`),
        pendingCount: pending.length,
        pendingLabel: pending.length === 0 ? t('deadlines.allDone') : t('deadlines.pendingCount', { count: pending.length }),
        remindersLabel:
          schedule.length === 0
            ? t('deadlines.noReminder')
            : t('deadlines.remindersSummary', { count: schedule.length, sent: schedule.filter((line) => line.state === 'sent').length }),
        path: deskPath(forum, `/deadlines/${deadline.id}`),
        pendingPath: deskPath(forum, `/deadlines/${deadline.id}/pending`),
        editPath: deskPath(forum, `/deadlines/${deadline.id}/edit`),
      });
    }
    await this.pages.render(reply, 'desk/deadlines', page, {
      forum,
      section: 'deadlines',
      title: t('deadlines.title'),
      data: { deadlines, newPath: deskPath(forum, '/deadlines/new') },
    });
  }

  @Get('new')
  @OrganiserPage('organiser')
  async newDeadline(@Param('slug') slug: string, @Page() page: PageContext, @Res() reply: FastifyReply): Promise<void> {
    const forum = await this.forums.get(slug, true);
    await this.deadlineForm(reply, page, forum, undefined, {
      values: { timeZone: PARIS, enforcement: 'soft', kind: 'interest', reminderOffsets: 'P7D, P1D' },
      errors: {},
    });
  }

  @Post()
  @OrganiserPage('organiser')
  async create(@Param('slug') slug: string, @Body() body: FormBody, @Page() page: PageContext, @Res() reply: FastifyReply): Promise<void> {
    const forum = await this.forums.get(slug, true);
    const values = typed(body);
    const checked = await checkForm(CreateDeadlineDto, deadlinePayload(body), body, {
      localize: this.pages.constraint(page.locale),
      form: DEADLINE_FORM,
    });
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

  /** One deadline: its reminders (planned, sent, to whom) and who has not acted yet. */
  @Get(':deadlineId')
  @OrganiserPage('viewer')
  async show(
    @Param('slug') slug: string,
    @Param('deadlineId', IdPipe) deadlineId: string,
    @Page() page: PageContext,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const forum = await this.forums.get(slug, true);
    const deadline = await this.deadlines.get(forum.id, deadlineId);
    const t = (key: string, params: Record<string, unknown> = {}) => this.pages.t(page.locale, key, params);
    const pending = await this.pendings.forDeadline(deadline);
    await this.pages.render(reply, 'desk/deadline', page, {
      forum,
      section: 'deadlines',
      title: pickLocale(deadline.title, page.locale),
      data: {
        deadline: this.deadlines.view(deadline),
        kindLabel: DEADLINE_KIND_DEFINITIONS[deadline.kind].label[page.locale],
        enforcementLabel: t(`deadlines.enforcements.${deadline.enforcement}`),
        schedule: await this.schedule(deadline, page.locale),
        audience: t('deadlines.audience', { count: pending.length }),
        pendingPath: deskPath(forum, `/deadlines/${deadline.id}/pending`),
        editPath: deskPath(forum, `/deadlines/${deadline.id}/edit`),
        deletePath: deskPath(forum, `/deadlines/${deadline.id}/delete`),
        back: deskPath(forum, '/deadlines'),
      },
    });
  }

  @Get(':deadlineId/edit')
  @OrganiserPage('organiser')
  async edit(
    @Param('slug') slug: string,
    @Param('deadlineId', IdPipe) deadlineId: string,
    @Page() page: PageContext,
    @Res() reply: FastifyReply,
  ): Promise<void> {
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

  @Post(':deadlineId')
  @OrganiserPage('organiser')
  async update(
    @Param('slug') slug: string,
    @Param('deadlineId', IdPipe) deadlineId: string,
    @Body() body: FormBody,
    @Page() page: PageContext,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const forum = await this.forums.get(slug, true);
    const deadline = await this.deadlines.get(forum.id, deadlineId);
    const values = typed(body);
    const checked = await checkForm(UpdateDeadlineDto, deadlinePayload(body), body, {
      localize: this.pages.constraint(page.locale),
      form: DEADLINE_FORM,
    });
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
    await reply.redirect(`${deskPath(forum, `/deadlines/${deadlineId}`)}?done=saved`, 303);
  }

  @Get(':deadlineId/delete')
  @OrganiserPage('organiser')
  async confirmDelete(
    @Param('slug') slug: string,
    @Param('deadlineId', IdPipe) deadlineId: string,
    @Page() page: PageContext,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const forum = await this.forums.get(slug, true);
    const deadline = await this.deadlines.get(forum.id, deadlineId);
    const t = (key: string) => this.pages.t(page.locale, key);
    await this.pages.render(reply, 'desk/confirm', page, {
      forum,
      section: 'deadlines',
      title: t('deadlines.deleteTitle'),
      data: {
        subject: pickLocale(deadline.title, page.locale),
        text: t('deadlines.deleteText'),
        button: t('deadlines.deleteConfirm'),
        action: deskPath(forum, `/deadlines/${deadline.id}/delete`),
        back: deskPath(forum, `/deadlines/${deadline.id}`),
      },
    });
  }

  @Post(':deadlineId/delete')
  @OrganiserPage('organiser')
  async remove(@Param('slug') slug: string, @Param('deadlineId', IdPipe) deadlineId: string, @Res() reply: FastifyReply): Promise<void> {
    const forum = await this.forums.get(slug, true);
    await this.deadlines.remove(forum.id, deadlineId);
    await reply.redirect(`${deskPath(forum, '/deadlines')}?done=deadlineDeleted`, 303);
  }

  @Get(':deadlineId/pending')
  @OrganiserPage('viewer')
  async pending(
    @Param('slug') slug: string,
    @Param('deadlineId', IdPipe) deadlineId: string,
    @Page() page: PageContext,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const forum = await this.forums.get(slug, true);
    const deadline = await this.deadlines.get(forum.id, deadlineId);
    const names = new Map(
      (await this.invitations.list(forum.id, ALL)).items.map((invitation) => [
        invitation.organisation.id,
        organisationName(invitation.organisation, page.locale),
      ]),
    );
    const missingLabel = DEADLINE_KIND_DEFINITIONS[deadline.kind].reason.text[page.locale];
    const rows = (await this.pendings.forDeadline(deadline)).map((row) => ({
      ...row,
      organisation: names.get(row.organisationId) ?? row.organisation,
      missingLabel,
    }));
    await this.pages.render(reply, 'desk/pending', page, {
      forum,
      section: 'deadlines',
      title: this.pages.t(page.locale, 'deadlines.pendingTitle', { title: pickLocale(deadline.title, page.locale) }),
      data: { rows, deadline: this.deadlines.view(deadline), back: deskPath(forum, `/deadlines/${deadline.id}`) },
    });
  }

  /**
   * Each reminder of the deadline: when it goes out (due instant less its offset), and, once its
   * time has come, the emails it wrote; the audience of a planned one is chosen when it fires.
   */
  private async schedule(deadline: Deadline, locale: Locale): Promise<ReminderLine[]> {
    const now = this.clock.now().getTime();
    const lines: ReminderLine[] = [];
    for (const offset of deadline.reminderOffsets) {
      const at = this.reminders.fireAt(deadline, offset);
      const sent = await this.outbox.byDedupePrefix(`reminder-${deadline.id}-${offset}-`);
      const state = sent.length > 0 ? 'sent' : at > now ? 'planned' : 'none';
      lines.push({
        offset,
        at: renderInstant(new Date(at), deadline.forum.timeZone),
        state,
        stateLabel: this.pages.t(locale, `deadlines.reminderStates.${state}`, { count: sent.length, before: this.before(offset, locale) }),
        recipients: sent.map((message) => ({
          email: message.recipient,
          status: this.pages.t(locale, `outbox.statuses.${message.status}`),
        })),
      });
    }
    return lines.sort((a, b) => a.at.instant.localeCompare(b.at.instant));
  }

  /** "14 jours avant", "2 heures avant": an ISO-8601 offset as the reader says it. */
  private before(offset: string, locale: Locale): string {
    const match = /^P(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/.exec(offset);
    if (!match) {
      return offset;
    }
    const [, weeks, days, hours, minutes, seconds] = match.map((part) => (part === undefined ? 0 : Number(part)));
    const format = (value: number, unit: 'week' | 'day' | 'hour' | 'minute' | 'second') =>
      new Intl.NumberFormat(locale, { style: 'unit', unit, unitDisplay: 'long' }).format(value);
    const amounts: [number, 'week' | 'day' | 'hour' | 'minute' | 'second'][] = [
      [weeks, 'week'],
      [days, 'day'],
      [hours, 'hour'],
      [minutes, 'minute'],
      [seconds, 'second'],
    ];
    const parts = amounts.filter(([value]) => value > 0).map(([value, unit]) => format(value, unit));
    return this.pages.t(locale, 'deadlines.before', { duration: parts.join(' ') });
  }

  private async deadlineForm(
    reply: FastifyReply,
    page: PageContext,
    forum: Forum,
    deadline: Deadline | undefined,
    form: FormState,
    status = 200,
  ): Promise<void> {
    const t = (key: string) => this.pages.t(page.locale, key);
    await this.pages.render(reply, 'desk/deadline-form', page, {
      forum,
      section: 'deadlines',
      title: t(deadline ? 'deadlines.editTitle' : 'deadlines.newTitle'),
      status,
      data: {
        form,
        action: deadline ? deskPath(forum, `/deadlines/${deadline.id}`) : deskPath(forum, '/deadlines'),
        back: deadline ? deskPath(forum, `/deadlines/${deadline.id}`) : deskPath(forum, '/deadlines'),
        kinds: DEADLINE_KINDS.map((value) => ({ value, label: DEADLINE_KIND_DEFINITIONS[value].label[page.locale] })),
        enforcements: ENFORCEMENTS.map((value) => ({ value, label: t(`deadlines.enforcements.${value}`) })),
        zones: zoneOptions(PARIS, SEOUL, forum.timeZone),
      },
    });
  }
}
