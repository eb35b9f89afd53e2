import { Body, Get, Param, Post, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { IdPipe } from '../../common/id.pipe';
import { type Locale, pickLocale } from '../../common/locale';
import { PageQuery } from '../../common/pagination';
import { PARIS, SEOUL } from '../../common/time';
import { sitePaths } from '../../config/public-urls';
import type { Forum } from '../../forums/forum.entity';
import { ForumsService } from '../../forums/forums.service';
import { InvitationsService } from '../../forums/invitations.service';
import { ThemesService } from '../../forums/themes.service';
import { CancelSessionDto, CreateSessionDto, ListSessionsQuery, UpdateSessionDto } from '../../programme/dto/session.dto';
import { EnrolmentsService } from '../../programme/enrolments.service';
import { interpretationMode } from '../../programme/interpretation';
import { HOST_ROLES, INTERPRETATION_MODES, SESSION_KINDS, type Session } from '../../programme/session.entity';
import { toSessionView } from '../../programme/session.views';
import { SessionsService } from '../../programme/sessions.service';
import { Page, type PageContext } from '../page-context';
import { text, validateAs } from '../page-forms';
import { OrganiserPage, PageController } from '../page.guard';
import { EMPTY_FORM, type FormState, PageRenderer } from '../page-renderer.service';
import type { FormBody } from '../web-http';
import { checkForm, type FormCheck, HOST_SLOTS, refusal, SESSION_FIELDS, sessionPayload, sessionValues, typed, zoneOptions } from './desk-forms';
import { DeskPages, deskPath } from './desk-pages.service';

const ALL = Object.assign(new PageQuery(), { perPage: 100 });

interface SessionFormState {
  form: FormState;
  session?: Session;
  saved?: boolean;
  warnings?: string[];
}

/**
 * The programme editor: sessions listed with their state, created and edited with the API's own
 * checks, published, cancelled with a reason. The service's warnings appear with the saved form,
 * its refusals next to the field they name.
 */
@PageController('desk/editions/:slug/sessions')
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
      hostNames: session.hosts.getItems().map((host) => host.organisation.name),
    }));
    await this.pages.render(reply, 'desk/sessions', page, { forum, section: 'sessions', title: this.pages.t(page.locale, 'sessions.title'), data: { sessions, newPath: deskPath(forum, '/sessions/new'), publicPath: sitePaths.forum(forum.slug) } });
  }

  @Get('new')
  @OrganiserPage('organiser')
  async newSession(@Param('slug') slug: string, @Page() page: PageContext, @Res() reply: FastifyReply): Promise<void> {
    const forum = await this.forums.get(slug, true);
    await this.sessionForm(reply, page, forum, { form: { ...EMPTY_FORM, values: { kind: 'seminar', timeZone: forum.timeZone, interpretation: 'none' } } });
  }

  @Post()
  @OrganiserPage('organiser')
  async create(@Param('slug') slug: string, @Body() body: FormBody, @Page() page: PageContext, @Res() reply: FastifyReply): Promise<void> {
    const forum = await this.forums.get(slug, true);
    const values = typed(body);
    const checked = await checkForm(CreateSessionDto, sessionPayload(body), body, this.formCheck(page));
    if (!checked.ok) {
      await this.sessionForm(reply, page, forum, { form: { values, errors: checked.errors } }, 400);
      return;
    }
    try {
      const { session, warnings } = await this.sessions.create(forum.id, checked.value, this.pages.actor(page));
      await this.sessionForm(reply, page, forum, { form: { values: sessionValues(session), errors: {} }, session, saved: true, warnings });
    } catch (error) {
      await this.sessionForm(reply, page, forum, { form: refusal(error, values, SESSION_FIELDS, this.pages.text, page.locale) }, 400);
    }
  }

  @Get(':sessionId/edit')
  @OrganiserPage('viewer')
  async edit(@Param('slug') slug: string, @Param('sessionId', IdPipe) sessionId: string, @Page() page: PageContext, @Res() reply: FastifyReply): Promise<void> {
    const forum = await this.forums.get(slug, true);
    const session = await this.sessions.get(forum.id, sessionId);
    await this.sessionForm(reply, page, forum, { form: { values: sessionValues(session), errors: {} }, session });
  }

  @Post(':sessionId')
  @OrganiserPage('organiser')
  async update(@Param('slug') slug: string, @Param('sessionId', IdPipe) sessionId: string, @Body() body: FormBody, @Page() page: PageContext, @Res() reply: FastifyReply): Promise<void> {
    const forum = await this.forums.get(slug, true);
    const current = await this.sessions.get(forum.id, sessionId);
    const values = typed(body);
    const checked = await checkForm(UpdateSessionDto, sessionPayload(body), body, this.formCheck(page));
    if (!checked.ok) {
      await this.sessionForm(reply, page, forum, { form: { values, errors: checked.errors }, session: current }, 400);
      return;
    }
    try {
      const { session, warnings } = await this.sessions.update(forum.id, sessionId, checked.value, this.pages.actor(page));
      await this.sessionForm(reply, page, forum, { form: { values: sessionValues(session), errors: {} }, session, saved: true, warnings });
    } catch (error) {
      await this.sessionForm(reply, page, forum, { form: refusal(error, values, SESSION_FIELDS, this.pages.text, page.locale), session: current }, 400);
    }
  }

  @Post(':sessionId/publish')
  @OrganiserPage('organiser')
  async publish(@Param('slug') slug: string, @Param('sessionId', IdPipe) sessionId: string, @Page() page: PageContext, @Res() reply: FastifyReply): Promise<void> {
    const forum = await this.forums.get(slug, true);
    await this.sessions.update(forum.id, sessionId, Object.assign(new UpdateSessionDto(), { status: 'published' }), this.pages.actor(page));
    await reply.redirect(`${deskPath(forum, '/sessions')}?done=published`, 303);
  }

  @Get(':sessionId/cancel')
  @OrganiserPage('organiser')
  async confirmCancel(@Param('slug') slug: string, @Param('sessionId', IdPipe) sessionId: string, @Page() page: PageContext, @Res() reply: FastifyReply): Promise<void> {
    const forum = await this.forums.get(slug, true);
    await this.cancelForm(reply, page, forum, await this.sessions.get(forum.id, sessionId), EMPTY_FORM);
  }

  @Post(':sessionId/cancel')
  @OrganiserPage('organiser')
  async cancel(@Param('slug') slug: string, @Param('sessionId', IdPipe) sessionId: string, @Body() body: FormBody, @Page() page: PageContext, @Res() reply: FastifyReply): Promise<void> {
    const forum = await this.forums.get(slug, true);
    const session = await this.sessions.get(forum.id, sessionId);
    const values = { reason: text(body.reason) };
    const checked = await validateAs(CancelSessionDto, values, this.pages.constraint(page.locale));
    if (!checked.ok) {
      await this.cancelForm(reply, page, forum, session, { values, errors: checked.errors }, 400);
      return;
    }
    try {
      await this.sessions.cancel(forum.id, sessionId, checked.value.reason, this.pages.actor(page));
    } catch (error) {
      await this.cancelForm(reply, page, forum, session, refusal(error, values, {}, this.pages.text, page.locale), 400);
      return;
    }
    await reply.redirect(`${deskPath(forum, '/sessions')}?done=cancelled`, 303);
  }

  private formCheck(page: PageContext): FormCheck {
    return { localize: this.pages.constraint(page.locale), fields: SESSION_FIELDS, wholeNumbers: { names: ['capacity'], message: this.renderer.t(page.locale, 'validation.isInt') } };
  }

  private async cancelForm(reply: FastifyReply, page: PageContext, forum: Forum, session: Session, form: FormState, status = 200): Promise<void> {
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
    const organisations = (await this.invitations.list(forum.id, ALL)).items.map((invitation) => ({ value: invitation.organisation.id, label: invitation.organisation.name }));
    const zones = zoneOptions(forum.timeZone, PARIS, SEOUL);
    await this.pages.render(reply, 'desk/session-form', page, {
      forum,
      section: 'sessions',
      title: t(session ? 'session.editTitle' : 'session.newTitle'),
      status,
      data: {
        form: state.form,
        saved: state.saved ?? false,
        warnings: state.warnings ?? [],
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
