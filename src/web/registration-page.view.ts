import { Injectable } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import type { AuthorityPrincipal } from '../access/principal';
import { ProblemCode, ProblemException } from '../common/problem';
import { readableTime, timeLeft } from '../common/time';
import type { Forum } from '../forums/forum.entity';
import { MemberNavService } from './member-nav';
import type { PageContext } from './page-context';
import { refusalForm } from './page-refusals';
import { type FormState, PageRenderer } from './page-renderer.service';
import { type DeadlineState, type RegistrationForms, RegistrationPageService } from './registration-page.service';

/** What the page says after a change, read back from the redirect's query. */
export interface RegistrationNotice {
  notice?: string;
  /** A delegate, a session, a contact the notice names (by id, looked up again, never echoed). */
  d?: string;
  s?: string;
  c?: string;
}

interface DelegateSummary {
  id: string;
  name: string;
  enrolments: { sessionId: string; title: string; status: string; position: number | null }[];
}

/** The registration page as one view: its data, its deadlines in the reader's words, its notices and refusals. */
@Injectable()
export class RegistrationPageView {
  constructor(
    private readonly renderer: PageRenderer,
    private readonly pages: RegistrationPageService,
    private readonly nav: MemberNavService,
  ) {}

  async render(
    reply: FastifyReply,
    page: PageContext,
    forms: RegistrationForms,
    status = 200,
    notice: RegistrationNotice = {},
  ): Promise<void> {
    const forum = page.forum as Forum;
    const member = page.member as AuthorityPrincipal;
    const data = await this.pages.view(forum, member, page.locale, forms);
    const deadlines = (data.deadlines as DeadlineState[]).map((deadline) => this.deadline(page, deadline));
    const closed = new Set(deadlines.filter((deadline) => deadline.closed).map((deadline) => deadline.kind));
    const active = (data.registration as { active: boolean } | null)?.active === true;
    await this.renderer.render(
      reply,
      'registration',
      page,
      {
        ...data,
        title: this.renderer.t(page.locale, 'registration.title', { organisation: data.organisation }),
        deadlines,
        deadline: Object.fromEntries(deadlines.map((deadline) => [deadline.kind, deadline])),
        // A step past its hard deadline, or a registration that no longer comes, offers no form the service would refuse.
        canDelegate: active && !closed.has('delegation'),
        canVisit: active && !closed.has('visit_choice'),
        notice: await this.notice(page, member, data, notice),
        nav: await this.nav.of(page, forum, 'registration'),
      },
      status,
    );
  }

  /**
   * A service's refusal shown on the form that was sent, in the reader's words; `place` says which
   * API fields the form shows beside themselves.
   */
  async refusal(
    page: PageContext,
    error: unknown,
    values: Record<string, unknown>,
    place: (field: string) => string | undefined = () => undefined,
  ): Promise<FormState> {
    const forum = page.forum as Forum;
    const titles =
      error instanceof ProblemException && error.code === ProblemCode.TimeClash
        ? await this.pages.sessionTitles(forum, page.locale)
        : new Map<string, string>();
    return refusalForm(error, values, this.renderer.messages(page.locale), {
      mailbox: this.renderer.mailbox,
      place,
      sessionTitle: (id) => titles.get(id),
    });
  }

  private deadline(page: PageContext, deadline: DeadlineState) {
    const t = (key: string, params: Record<string, unknown> = {}) => this.renderer.t(page.locale, key, params);
    const times = {
      title: deadline.title,
      paris: readableTime(deadline.dueAt.paris),
      seoul: readableTime(deadline.dueAt.seoul),
      mailbox: this.renderer.mailbox,
    };
    return {
      ...deadline,
      ...times,
      label: t(`deadlines.kinds.${deadline.kind}`),
      open: deadline.state === 'open',
      closed: deadline.state === 'closed',
      late: deadline.state === 'late',
      left: deadline.state === 'open' ? t('time.left', { time: timeLeft(deadline.leftMs, page.locale) }) : t(`deadlines.${deadline.state}`),
      // Each step's own deadline, said where its form is: never one step's countdown beside another's refusal.
      notice:
        deadline.state === 'closed'
          ? t(deadline.kind === 'interest' ? 'registration.deadlinePassed' : 'deadlines.closedNotice', times)
          : deadline.state === 'late'
            ? t('deadlines.lateNotice', times)
            : null,
    };
  }

  private async notice(
    page: PageContext,
    member: AuthorityPrincipal,
    data: Record<string, unknown>,
    notice: RegistrationNotice,
  ): Promise<string | null> {
    const t = (key: string, params: Record<string, unknown> = {}) => this.renderer.t(page.locale, key, params);
    const delegate = (data.delegates as DelegateSummary[]).find((d) => d.id === notice.d);
    switch (notice.notice) {
      case 'registered':
        return t('registration.saved');
      case 'delegate':
        return t('delegates.added');
      case 'updated':
        return delegate ? t('delegates.updated', { name: delegate.name }) : null;
      case 'removed': {
        const name = notice.c ? await this.pages.contactName(member, notice.c) : null;
        return name ? t('delegates.removed', { name }) : null;
      }
      case 'offer':
        return t('offer.saved');
      case 'excused':
        return t('withdraw.doneExcused');
      case 'cancelled':
        return t('withdraw.doneCancelled');
      case 'visit': {
        const enrolment = delegate?.enrolments.find((e) => e.sessionId === notice.s);
        if (!delegate || !enrolment) {
          return null;
        }
        return enrolment.status === 'waitlisted'
          ? t('visits.onWaitlist', { session: enrolment.title, name: delegate.name, position: enrolment.position })
          : t('visits.enrolled', { session: enrolment.title });
      }
      case 'left': {
        const visit = (data.visits as { id: string; title: string }[]).find((v) => v.id === notice.s);
        return delegate && visit ? t('visits.left', { session: visit.title, name: delegate.name }) : null;
      }
      case undefined:
      default:
        return null;
    }
  }
}
