import { Body, Get, Param, Post, Res } from '@nestjs/common';
import { EntityManager } from '@mikro-orm/postgresql';
import type { FastifyReply } from 'fastify';
import { IdPipe } from '../../common/id.pipe';
import { pickLocale } from '../../common/locale';
import { ACTIVE_STATUSES } from '../../common/registration-status';
import type { Forum } from '../../forums/forum.entity';
import { ForumsService } from '../../forums/forums.service';
import { Theme } from '../../forums/theme.entity';
import { MeetingProfileDto } from '../../meetings/dto/meetings.dto';
import { MeetingProfile } from '../../meetings/meeting.entities';
import { MeetingRequestsService } from '../../meetings/meeting-requests.service';
import { POPULATION_BANDS } from '../../meetings/profile';
import { kindLabel, PARTNER_KINDS } from '../../meetings/suggestion-reasons';
import { organisationName } from '../../organisations/organisation.views';
import type { Organisation } from '../../organisations/organisation.entity';
import { Registration } from '../../participation/registration.entity';
import { Page, type PageContext } from '../page-context';
import { validateAs } from '../page-forms';
import { refusalForm } from '../page-refusals';
import { EMPTY_FORM, type FormState, PageRenderer } from '../page-renderer.service';
import { OrganiserPage } from '../page.guard';
import { statusOf } from '../registration-page.forms';
import { PROFILE_FIELDS, profileForm } from '../meeting-profile-form';
import type { FormBody } from '../web-http';
import { DeskPages, deskPath } from './desk-pages.service';
import { DeskController } from './desk-problem.filter';

/**
 * The organisers' side of the meeting profiles: each registered authority with what it offers and
 * seeks, and the same form as on its member page, filled in for it.
 */
@DeskController('desk/editions/:slug/meetings/profiles')
export class DeskMeetingProfilesController {
  constructor(
    private readonly pages: DeskPages,
    private readonly forums: ForumsService,
    private readonly requests: MeetingRequestsService,
    private readonly renderer: PageRenderer,
    private readonly em: EntityManager,
  ) {}

  @Get()
  @OrganiserPage('viewer')
  async index(@Param('slug') slug: string, @Page() page: PageContext, @Res() reply: FastifyReply): Promise<void> {
    const forum = await this.forums.get(slug, true);
    const locale = page.locale;
    const t = (key: string, params: Record<string, unknown> = {}) => this.pages.t(locale, key, params);
    const registrations = await this.em.find(
      Registration,
      { forum, status: { $in: [...ACTIVE_STATUSES] } },
      { populate: ['organisation'] },
    );
    const profiles = new Map((await this.em.find(MeetingProfile, { forum })).map((p) => [p.organisation.id, p]));
    const themes = new Map((await this.em.find(Theme, { forum })).map((th) => [th.id, pickLocale(th.title, locale)]));
    const names = (ids: string[]) => ids.map((id) => themes.get(id) ?? '').filter(Boolean);
    const organisations = registrations
      .map((r) => r.organisation)
      .sort((a, b) => organisationName(a, locale).localeCompare(organisationName(b, locale), locale))
      .map((organisation) => {
        const profile = profiles.get(organisation.id);
        return {
          name: organisationName(organisation, locale),
          country: organisation.country,
          offers: profile ? [...names(profile.offersThemeIds), ...profile.offersCompetences].join(', ') : '',
          seeks: profile ? [...names(profile.seeksThemeIds), ...profile.seeksCompetences].join(', ') : '',
          languages: profile?.languages.join(', ') ?? '',
          stated: profile !== undefined,
          edit: deskPath(forum, `/meetings/profiles/${organisation.id}`),
          editLabel: t('meetings.profileEditLabel', { name: organisationName(organisation, locale) }),
        };
      });
    await this.pages.render(reply, 'desk/meeting-profiles', page, {
      forum,
      section: 'meetings',
      title: t('meetings.profilesTitle'),
      data: { organisations, back: deskPath(forum, '/meetings') },
    });
  }

  @Get(':organisationId')
  @OrganiserPage('organiser')
  async edit(
    @Param('slug') slug: string,
    @Param('organisationId', IdPipe) organisationId: string,
    @Page() page: PageContext,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const forum = await this.forums.get(slug, true);
    const { organisation, profile } = await this.requests.profile(forum.id, organisationId, page.organiser);
    const values = {
      offersThemeIds: profile?.offersThemeIds ?? [],
      seeksThemeIds: profile?.seeksThemeIds ?? [],
      offersCompetences: (profile?.offersCompetences ?? []).join(', '),
      seeksCompetences: (profile?.seeksCompetences ?? []).join(', '),
      partnerKinds: profile?.partnerKinds ?? [],
      partnerSizes: profile?.partnerSizes ?? [],
      languages: (profile?.languages ?? []).join(', '),
    };
    await this.render(reply, page, forum, organisation, { ...EMPTY_FORM, values });
  }

  @Post(':organisationId')
  @OrganiserPage('organiser')
  async save(
    @Param('slug') slug: string,
    @Param('organisationId', IdPipe) organisationId: string,
    @Body() body: FormBody,
    @Page() page: PageContext,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const forum = await this.forums.get(slug, true);
    const { organisation } = await this.requests.profile(forum.id, organisationId, page.organiser);
    const { values, shown } = profileForm(body);
    const checked = await validateAs(MeetingProfileDto, values, this.renderer.constraint(page.locale));
    if (!checked.ok) {
      return this.render(reply, page, forum, organisation, { values: shown, errors: checked.errors }, 400);
    }
    try {
      await this.requests.putProfile(forum.id, organisation.id, checked.value, page.organiser);
    } catch (error) {
      const form = refusalForm(error, shown, this.renderer.messages(page.locale), {
        mailbox: this.renderer.mailbox,
        place: (field) => (PROFILE_FIELDS.has(field) ? field : undefined),
      });
      return this.render(reply, page, forum, organisation, form, statusOf(error));
    }
    await reply.redirect(`${deskPath(forum, '/meetings/profiles')}?done=profileSaved`, 303);
  }

  private async render(
    reply: FastifyReply,
    page: PageContext,
    forum: Forum,
    organisation: Organisation,
    form: FormState,
    status = 200,
  ): Promise<void> {
    const locale = page.locale;
    const themes = (await this.em.find(Theme, { forum }, { orderBy: { position: 'asc' } })).map((th) => ({
      id: th.id,
      title: pickLocale(th.title, locale),
    }));
    await this.pages.render(reply, 'desk/meeting-profile', page, {
      forum,
      section: 'meetings',
      title: this.pages.t(locale, 'meetings.profileTitle', { name: organisationName(organisation, locale) }),
      data: {
        profile: form,
        themes,
        kinds: PARTNER_KINDS.map((kind) => ({ value: kind, label: kindLabel(kind, locale) })),
        sizes: POPULATION_BANDS.map((band) => ({ value: band, label: this.renderer.t(locale, `meetings.sizes.${band}`) })),
        action: deskPath(forum, `/meetings/profiles/${organisation.id}`),
        back: deskPath(forum, '/meetings/profiles'),
      },
      status,
    });
  }
}
