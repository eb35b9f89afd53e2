import { Body, Get, Param, Post, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { IdPipe } from '../../common/id.pipe';
import { type Locale, LOCALES, pickLocale } from '../../common/locale';
import { PageQuery } from '../../common/pagination';
import { formatLocalDateRange, PARIS, SEOUL } from '../../common/time';
import { sitePaths } from '../../config/public-urls';
import type { Forum } from '../../forums/forum.entity';
import { ForumsService } from '../../forums/forums.service';
import { InvitationsService } from '../../forums/invitations.service';
import { ThemesService } from '../../forums/themes.service';
import { CancelSessionDto, CreateSessionDto, ListSessionsQuery, UpdateSessionDto } from '../../programme/dto/session.dto';
import { EnrolmentsService } from '../../participation/enrolments.service';
import { interpretationMode } from '../../programme/interpretation';
import { HOST_ROLES, INTERPRETATION_MODES, SESSION_KINDS, type Session } from '../../programme/session.entity';
import { toSessionView } from '../../programme/session.views';
import { type SessionWarning, SessionsService } from '../../programme/sessions.service';
import { Page, type PageContext } from '../page-context';
import { organisationName } from '../../organisations/organisation.views';
import { text, validateAs } from '../page-forms';
import { OrganiserPage } from '../page.guard';
import { EMPTY_FORM, type FormState, PageRenderer } from '../page-renderer.service';
import type { FormBody } from '../web-http';
import {
  CANCEL_FORM,
  checkForm,
  type FormCheck,
  HOST_SLOTS,
  SESSION_FORM,
  sessionPayload,
  sessionValues,
  typed,
  zoneOptions,
} from './desk-forms';
import type { FormFields } from './desk-refusals';
import { DeskController } from './desk-problem.filter';
import { DeskPages, deskPath } from './desk-pages.service';

const ALL = Object.assign(new PageQuery(), { perPage: 100 });

interface SessionFormState {
  form: FormState;
  session?: Session;
  saved?: boolean;
  warnings?: SessionWarning[];
}

const TICKED = ['interpretationLanguages'];

/**
 * The programme editor: sessions listed with their state, created and edited with the API's own
 * checks, published, cancelled with a reason. The service's warnings appear with the saved form,
 * its refusals next to the field they name.
 */
@DeskController('desk/editions/:slug/sessions')
export class DeskProgrammeController {
  constructor(
    private readonly pages: DeskPages,
    private readonly renderer: PageRenderer,
    private readonly forums: ForumsService,
    private readonly sessions: SessionsService,
    private readonly enrolments: EnrolmentsService,
    private readonly themes: ThemesService,
    private readonly invitations: InvitationsService,
  ) {}

  @Get()
  @OrganiserPage('viewer')
  async list(@Param('slug') slug: string, @Page() page: PageContext, @Res() reply: FastifyReply): Promise<void> {
    const forum = await this.forums.get(slug, true);
    const items = (await this.sessions.list(forum.id, Object.assign(new ListSessionsQuery(), { perPage: 100 }))).items;
    const counts = await this.enrolments.confirmedCounts(items.map((session) => session.id));
    const themes = new Map((await this.themes.list(forum.id)).map((theme) => [theme.id, pickLocale(theme.title, page.locale)]));
    const sessions = items.map((session) => ({
      ...toSessionView(session, counts.get(session.id) ?? 0),
      label: pickLocale(session.title, page.locale),
      taken: counts.get(session.id) ?? 0,
      theme: session.theme ? themes.get(session.theme.id) : null,
      editPath: deskPath(forum, `/sessions/${session.id}/edit`),
      publishPath: deskPath(forum, `/sessions/${session.id}/publish`),
      cancelPath: deskPath(forum, `/sessions/${session.id}/cancel`),
      hostNames: session.hosts.getItems().map((host) => organisationName(host.organisation, page.locale)),
    }));
    await this.pages.render(reply, 'desk/sessions', page, {
      forum,
      section: 'sessions',
      title: this.pages.t(page.locale, 'sessions.title'),
      data: { sessions, newPath: deskPath(forum, '/sessions/new'), publicPath: sitePaths.forum(forum.slug) },
    });
  }

  @Get('new')
  @OrganiserPage('organiser')
  async newSession(@Param('slug') slug: string, @Page() page: PageContext, @Res() reply: FastifyReply): Promise<void> {
    const forum = await this.forums.get(slug, true);
    await this.sessionForm(reply, page, forum, {
      form: {
        ...EMPTY_FORM,
        values: { kind: 'seminar', timeZone: forum.timeZone, interpretation: 'none', interpretationLanguages: ['fr', 'ko'] },
      },
    });
  }

  @Post()
  @OrganiserPage('organiser')
  async create(@Param('slug') slug: string, @Body() body: FormBody, @Page() page: PageContext, @Res() reply: FastifyReply): Promise<void> {
    const forum = await this.forums.get(slug, true);
    const values = typed(body, TICKED);
    const checked = await checkForm(CreateSessionDto, sessionPayload(body), body, this.formCheck(page));
    if (!checked.ok) {
      await this.sessionForm(reply, page, forum, { form: this.pages.formState(values, checked.errors, SESSION_FORM, page.locale) }, 400);
      return;
    }
    try {
      const { session, warnings } = await this.sessions.create(forum.id, checked.value, this.pages.actor(page));
      await this.sessionForm(reply, page, forum, { form: { values: sessionValues(session), errors: {} }, session, saved: true, warnings });
    } catch (error) {
      await this.sessionForm(
        reply,
        page,
        forum,
        { form: this.pages.refusal(error, values, this.sessionRefusal(forum, values, page), page.locale) },
        400,
      );
    }
  }

  @Get(':sessionId/edit')
  @OrganiserPage('viewer')
  async edit(
    @Param('slug') slug: string,
    @Param('sessionId', IdPipe) sessionId: string,
    @Page() page: PageContext,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const forum = await this.forums.get(slug, true);
    const session = await this.sessions.get(forum.id, sessionId);
    await this.sessionForm(reply, page, forum, { form: { values: sessionValues(session), errors: {} }, session });
  }

  @Post(':sessionId')
  @OrganiserPage('organiser')
  async update(
    @Param('slug') slug: string,
    @Param('sessionId', IdPipe) sessionId: string,
    @Body() body: FormBody,
    @Page() page: PageContext,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const forum = await this.forums.get(slug, true);
    const current = await this.sessions.get(forum.id, sessionId);
    const values = typed(body, TICKED);
    const checked = await checkForm(UpdateSessionDto, sessionPayload(body), body, this.formCheck(page));
    if (!checked.ok) {
      await this.sessionForm(
        reply,
        page,
        forum,
        { form: this.pages.formState(values, checked.errors, SESSION_FORM, page.locale), session: current },
        400,
      );
      return;
    }
    try {
      const { session, warnings } = await this.sessions.update(forum.id, sessionId, checked.value, this.pages.actor(page));
      await this.sessionForm(reply, page, forum, { form: { values: sessionValues(session), errors: {} }, session, saved: true, warnings });
    } catch (error) {
      await this.sessionForm(
        reply,
        page,
        forum,
        { form: this.pages.refusal(error, values, this.sessionRefusal(forum, values, page), page.locale), session: current },
        400,
      );
    }
  }

  @Post(':sessionId/publish')
  @OrganiserPage('organiser')
  async publish(
    @Param('slug') slug: string,
    @Param('sessionId', IdPipe) sessionId: string,
    @Page() page: PageContext,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const forum = await this.forums.get(slug, true);
    const session = await this.sessions.get(forum.id, sessionId);
    const { status } = session;
    try {
      await this.sessions.update(
        forum.id,
        sessionId,
        Object.assign(new UpdateSessionDto(), { status: 'published' }),
        this.pages.actor(page),
      );
    } catch (error) {
      // A draft the rules refuse to publish opens in its form, each refusal beside its field,
      // showing the status it kept (the refused change was never saved).
      session.status = status;
      const values = sessionValues(session);
      await this.sessionForm(
        reply,
        page,
        forum,
        { form: this.pages.refusal(error, values, this.sessionRefusal(forum, values, page), page.locale), session },
        400,
      );
      return;
    }
    await reply.redirect(`${deskPath(forum, '/sessions')}?done=published`, 303);
  }

  @Get(':sessionId/cancel')
  @OrganiserPage('organiser')
  async confirmCancel(
    @Param('slug') slug: string,
    @Param('sessionId', IdPipe) sessionId: string,
    @Page() page: PageContext,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const forum = await this.forums.get(slug, true);
    await this.cancelForm(reply, page, forum, await this.sessions.get(forum.id, sessionId), EMPTY_FORM);
  }

  @Post(':sessionId/cancel')
  @OrganiserPage('organiser')
  async cancel(
    @Param('slug') slug: string,
    @Param('sessionId', IdPipe) sessionId: string,
    @Body() body: FormBody,
    @Page() page: PageContext,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const forum = await this.forums.get(slug, true);
    const session = await this.sessions.get(forum.id, sessionId);
    const values = { reason: text(body.reason) };
    const checked = await validateAs(CancelSessionDto, values, this.pages.constraint(page.locale));
    if (!checked.ok) {
      await this.cancelForm(reply, page, forum, session, this.pages.formState(values, checked.errors, CANCEL_FORM, page.locale), 400);
      return;
    }
    try {
      await this.sessions.cancel(forum.id, sessionId, checked.value.reason, this.pages.actor(page));
    } catch (error) {
      await this.cancelForm(reply, page, forum, session, this.pages.refusal(error, values, CANCEL_FORM, page.locale), 400);
      return;
    }
    await reply.redirect(`${deskPath(forum, '/sessions')}?done=cancelled`, 303);
  }

  /**
   * The session form as its refusals need it. The service names `endsAt` both for an end before
   * the start and for a session outside the edition's dates: the typed times tell which it was.
   */
  private sessionRefusal(forum: Forum, values: Record<string, unknown>, page: PageContext): FormFields {
    const endsAfterStart = text(values.endsAt) > text(values.startsAt);
    const dates = forum.startDate && forum.endDate ? formatLocalDateRange(forum.startDate, forum.endDate, page.locale) : '';
    return { ...SESSION_FORM, scope: endsAfterStart ? 'sessionDates' : 'session', params: { dates } };
  }

  /** The service's warnings in the reader's words. */
  private warningLines(warnings: SessionWarning[], kind: string, locale: Locale): string[] {
    const regions = new Intl.DisplayNames([locale], { type: 'region' });
    return warnings.map((warning) => {
      switch (warning.code) {
        case 'EDITION_DATES_OPEN':
          return this.pages.t(locale, 'session.warningDatesOpen');
        case 'HOSTS_NOT_MIXED':
          return this.pages.t(locale, warning.countries.length ? 'session.warningHostsNotMixed' : 'session.warningNoHosts', {
            kind: this.renderer.t(locale, `kind.${kind}`),
            countries: warning.countries.map((code) => regions.of(code) ?? code).join(', '),
          });
      }
    });
  }

  private formCheck(page: PageContext): FormCheck {
    return {
      localize: this.pages.constraint(page.locale),
      form: SESSION_FORM,
      wholeNumbers: { names: ['capacity'], message: this.renderer.t(page.locale, 'validation.isInt') },
    };
  }

  private async cancelForm(
    reply: FastifyReply,
    page: PageContext,
    forum: Forum,
    session: Session,
    form: FormState,
    status = 200,
  ): Promise<void> {
    const title = pickLocale(session.title, page.locale);
    await this.pages.render(reply, 'desk/cancel', page, {
      forum,
      section: 'sessions',
      title: this.pages.t(page.locale, 'session.cancelTitle', { title }),
      status,
      data: { form, action: deskPath(forum, `/sessions/${session.id}/cancel`), back: deskPath(forum, '/sessions') },
    });
  }

  private async sessionForm(reply: FastifyReply, page: PageContext, forum: Forum, state: SessionFormState, status = 200): Promise<void> {
    const locale: Locale = page.locale;
    const t = (key: string, params: Record<string, unknown> = {}) => this.pages.t(locale, key, params);
    const { session } = state;
    const organisations = (await this.invitations.list(forum.id, ALL)).items.map((invitation) => ({
      value: invitation.organisation.id,
      label: organisationName(invitation.organisation, locale),
    }));
    const zones = zoneOptions(forum.timeZone, PARIS, SEOUL);
    await this.pages.render(reply, 'desk/session-form', page, {
      forum,
      section: 'sessions',
      title: t(session ? 'session.editTitle' : 'session.newTitle'),
      status,
      data: {
        form: state.form,
        saved: state.saved ?? false,
        warnings: this.warningLines(state.warnings ?? [], session?.kind ?? text(state.form.values.kind), locale),
        languageOptions: LOCALES.map((value) => ({ value, label: t(`common.${value}`) })),
        session: session ? { status: session.status, cancelReason: session.cancelReason, title: pickLocale(session.title, locale) } : null,
        editable: session?.status !== 'cancelled',
        action: session ? deskPath(forum, `/sessions/${session.id}`) : deskPath(forum, '/sessions'),
        back: deskPath(forum, '/sessions'),
        kinds: SESSION_KINDS.map((value) => ({ value, label: this.renderer.t(locale, `kind.${value}`) })),
        themes: (await this.themes.list(forum.id)).map((theme) => ({ value: theme.id, label: pickLocale(theme.title, locale) })),
        zones,
        interpretations: INTERPRETATION_MODES.map((value) => ({ value, label: interpretationMode(value, locale, true) })),
        hostSlots: HOST_SLOTS.map((slot) => ({
          slot,
          name: `host${slot}`,
          roleName: `hostRole${slot}`,
          label: t('session.host', { n: slot + 1 }),
          roleLabel: t('session.hostRole', { n: slot + 1 }),
          organisations,
          roles: HOST_ROLES.map((value) => ({ value, label: t(`session.roles.${value}`) })),
        })),
      },
    });
  }
}
