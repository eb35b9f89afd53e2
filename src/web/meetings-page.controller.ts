import { Body, Get, Param, Post, Query, Res } from '@nestjs/common';
import { EntityManager } from '@mikro-orm/postgresql';
import type { FastifyReply } from 'fastify';
import type { AuthorityPrincipal } from '../access/principal';
import { IdPipe } from '../common/id.pipe';
import { pickLocale } from '../common/locale';
import { renderInstant } from '../common/time';
import type { Forum } from '../forums/forum.entity';
import { Theme } from '../forums/theme.entity';
import { CreateMeetingRequestDto, MeetingProfileDto } from '../meetings/dto/meetings.dto';
import { MeetingPlanningService } from '../meetings/meeting-planning.service';
import { MeetingRequestsService } from '../meetings/meeting-requests.service';
import { POPULATION_BANDS } from '../meetings/profile';
import { kindLabel, PARTNER_KINDS } from '../meetings/suggestion-reasons';
import { MemberNavService } from './member-nav';
import { Page, type PageContext } from './page-context';
import { text, validateAs } from './page-forms';
import { refusalForm } from './page-refusals';
import { MemberPage, PageController } from './page.guard';
import { EMPTY_FORM, type FormState, PageRenderer } from './page-renderer.service';
import { statusOf } from './registration-page.forms';
import { PROFILE_FIELDS, profileForm } from './meeting-profile-form';
import type { FormBody } from './web-http';

const NOTICES = new Set(['saved', 'asked', 'accepted', 'declined']);

/** Mise en relation for a member: its profile, the suggested counterparts and why, the requests to answer, its meetings. */
@PageController('forums/:slug/meetings')
@MemberPage()
export class MeetingsPageController {
  constructor(
    private readonly renderer: PageRenderer,
    private readonly requests: MeetingRequestsService,
    private readonly planning: MeetingPlanningService,
    private readonly nav: MemberNavService,
    private readonly em: EntityManager,
  ) {}

  @Get()
  async show(
    @Page() page: PageContext,
    @Param('slug') _slug: string,
    @Query('notice') notice: unknown,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    await this.render(reply, page, {}, 200, typeof notice === 'string' && NOTICES.has(notice) ? notice : null);
  }

  @Post('profile')
  async saveProfile(@Page() page: PageContext, @Body() body: FormBody, @Res() reply: FastifyReply): Promise<void> {
    const member = page.member as AuthorityPrincipal;
    const { values, shown } = profileForm(body);
    const checked = await validateAs(MeetingProfileDto, values, this.renderer.constraint(page.locale));
    if (!checked.ok) {
      return this.render(reply, page, { profile: { values: shown, errors: checked.errors } }, 400);
    }
    try {
      await this.requests.putProfile(member.forumId, member.organisationId, checked.value, member);
    } catch (error) {
      const form = refusalForm(error, shown, this.renderer.messages(page.locale), {
        mailbox: this.renderer.mailbox,
        place: (field) => (PROFILE_FIELDS.has(field) ? field : undefined),
      });
      return this.render(reply, page, { profile: form }, statusOf(error));
    }
    await this.done(reply, page, 'saved', 'profile');
  }

  @Post('requests')
  async ask(@Page() page: PageContext, @Body() body: FormBody, @Res() reply: FastifyReply): Promise<void> {
    const member = page.member as AuthorityPrincipal;
    const values = { counterpartId: text(body.counterpartId), note: text(body.note) || undefined };
    const checked = await validateAs(CreateMeetingRequestDto, values, this.renderer.constraint(page.locale));
    if (!checked.ok) {
      return this.render(reply, page, { request: { values, errors: {}, general: Object.values(checked.errors).join(' ') } }, 400);
    }
    try {
      await this.requests.create(member.forumId, member.organisationId, checked.value, member);
    } catch (error) {
      const form = refusalForm(error, values, this.renderer.messages(page.locale), {
        mailbox: this.renderer.mailbox,
        place: () => undefined,
      });
      return this.render(reply, page, { request: form }, statusOf(error));
    }
    await this.done(reply, page, 'asked', 'sent');
  }

  @Post('requests/:requestId/:answer')
  async answer(
    @Page() page: PageContext,
    @Param('requestId', IdPipe) requestId: string,
    @Param('answer') answer: string,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const member = page.member as AuthorityPrincipal;
    if (answer !== 'accept' && answer !== 'decline') {
      return this.render(reply, page, {}, 404);
    }
    try {
      await this.requests.answer(member.forumId, member.organisationId, requestId, answer === 'accept', member);
    } catch (error) {
      const form = refusalForm(error, {}, this.renderer.messages(page.locale), { mailbox: this.renderer.mailbox, place: () => undefined });
      return this.render(reply, page, { answer: form }, statusOf(error));
    }
    await this.done(reply, page, answer === 'accept' ? 'accepted' : 'declined', 'received');
  }

  private async done(reply: FastifyReply, page: PageContext, notice: string, anchor: string): Promise<void> {
    await reply.redirect(`/forums/${encodeURIComponent((page.forum as Forum).slug)}/meetings?notice=${notice}#${anchor}`, 303);
  }

  private async render(
    reply: FastifyReply,
    page: PageContext,
    forms: { profile?: FormState; request?: FormState; answer?: FormState },
    status: number,
    notice: string | null = null,
  ): Promise<void> {
    const forum = page.forum as Forum;
    const member = page.member as AuthorityPrincipal;
    const locale = page.locale;
    const nav = await this.nav.of(page, forum, 'meetings');
    const themes = (await this.em.find(Theme, { forum }, { orderBy: { position: 'asc' } })).map((t) => ({
      id: t.id,
      title: pickLocale(t.title, locale),
    }));
    const { profile } = await this.requests.profile(forum.id, member.organisationId, member);
    const profileForm: FormState = forms.profile ?? {
      ...EMPTY_FORM,
      values: {
        offersThemeIds: profile?.offersThemeIds ?? [],
        seeksThemeIds: profile?.seeksThemeIds ?? [],
        offersCompetences: (profile?.offersCompetences ?? []).join(', '),
        seeksCompetences: (profile?.seeksCompetences ?? []).join(', '),
        partnerKinds: profile?.partnerKinds ?? [],
        partnerSizes: profile?.partnerSizes ?? [],
        languages: (profile?.languages ?? []).join(', '),
      },
    };
    const suggestions = await this.requests.suggestions(forum.id, member.organisationId, locale, member);
    const requests = await this.requests.list(forum.id, member.organisationId, undefined, member);
    const open = new Set(
      requests.filter((r) => r.state === 'requested' || r.state === 'accepted').flatMap((r) => [r.requester.id, r.counterpart.id]),
    );
    const requestView = (r: (typeof requests)[number]) => ({
      id: r.id,
      other: r.requester.id === member.organisationId ? r.counterpart : r.requester,
      note: r.note,
      state: r.state,
      stateLabel: this.renderer.t(locale, `meetings.states.${r.state}`),
      expires: renderInstant(r.expiresAt, forum.timeZone),
      answerable: r.state === 'requested' && r.counterpart.id === member.organisationId,
    });
    const meetings = (await this.planning.meetingsOf(forum, member.organisationId))
      .filter((m) => m.request.state === 'accepted')
      .map((m) => ({
        other: m.request.requester.id === member.organisationId ? m.request.counterpart : m.request.requester,
        start: m.block ? renderInstant(m.block.startsAt, forum.timeZone) : null,
        end: m.block ? renderInstant(m.block.endsAt, forum.timeZone) : null,
        table: m.tableLabel,
        interpreter: m.interpreter?.name ?? null,
      }));
    await this.renderer.render(
      reply,
      'meetings',
      page,
      {
        title: this.renderer.t(locale, 'meetings.title'),
        organisation: nav?.organisation,
        nav,
        notice: notice && this.renderer.t(locale, `meetings.${notice}`),
        themes,
        kinds: PARTNER_KINDS.map((kind) => ({ value: kind, label: kindLabel(kind, locale) })),
        sizes: POPULATION_BANDS.map((band) => ({ value: band, label: this.renderer.t(locale, `meetings.sizes.${band}`) })),
        profile: profileForm,
        requestForm: forms.request ?? EMPTY_FORM,
        answerForm: forms.answer ?? EMPTY_FORM,
        suggestions: suggestions.map((s) => ({
          organisation: s.organisation,
          renew: s.relation === 'renew',
          score: s.score,
          reasons: s.reasonTexts,
          canAsk: !open.has(s.organisation.id),
        })),
        received: requests.filter((r) => r.counterpart.id === member.organisationId).map(requestView),
        sent: requests.filter((r) => r.requester.id === member.organisationId).map(requestView),
        meetings,
      },
      status,
    );
  }
}
