import { Get, Param, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { pickLocale } from '../../common/locale';
import { PageQuery } from '../../common/pagination';
import { formatLocalDateRange } from '../../common/time';
import { ForumsService } from '../../forums/forums.service';
import { ThemesService } from '../../forums/themes.service';
import { fullName } from '../../organisations/organisation.views';
import { EnrolmentsService } from '../../participation/enrolments.service';
import { DelegatesService } from '../../participation/delegates.service';
import { HostOffersService } from '../../participation/host-offers.service';
import { RegistrationsService } from '../../participation/registrations.service';
import { Page, type PageContext } from '../page-context';
import { organisationName } from '../../organisations/organisation.views';
import { OrganiserPage } from '../page.guard';
import { DeskPages } from './desk-pages.service';
import { DeskController } from './desk-problem.filter';

const ALL = Object.assign(new PageQuery(), { perPage: 100 });

/**
 * Registrations as the organisers prepare the forum from them: each authority's status, remarks,
 * ranked themes, answers and host offer; each delegate's function, interpretation need, dietary
 * and access notes, and visits with their place in line.
 */
@DeskController('desk/editions/:slug')
export class DeskRegistrationsController {
  constructor(
    private readonly pages: DeskPages,
    private readonly forums: ForumsService,
    private readonly registrations: RegistrationsService,
    private readonly delegates: DelegatesService,
    private readonly enrolments: EnrolmentsService,
    private readonly themes: ThemesService,
    private readonly offers: HostOffersService,
  ) {}

  @Get('registrations')
  @OrganiserPage('viewer')
  async registrationsPage(@Param('slug') slug: string, @Page() page: PageContext, @Res() reply: FastifyReply): Promise<void> {
    const forum = await this.forums.get(slug, true);
    const locale = page.locale;
    const t = (key: string, params: Record<string, unknown> = {}) => this.pages.t(locale, key, params);
    const themeTitles = new Map((await this.themes.list(forum.id)).map((theme) => [theme.id, pickLocale(theme.title, locale)]));
    const rankings = await this.themes.rankings(forum.id);
    const questions = await this.registrations.questions(forum.id);
    const offers = new Map((await this.offers.list(forum.id)).map((offer) => [offer.registration.id, offer]));
    const rows = [];
    for (const registration of (await this.registrations.list(forum.id, ALL)).items) {
      const delegates = [];
      for (const delegate of await this.delegates.list(forum.id, registration.id, page.organiser)) {
        const visits = [];
        for (const enrolment of await this.enrolments.listFor(delegate)) {
          const position = enrolment.status === 'waitlisted' ? await this.enrolments.waitlistPosition(enrolment) : null;
          visits.push({
            title: pickLocale(enrolment.session.title, locale),
            state: position === null ? t('registrations.confirmed') : t('registrations.waitlisted', { position }),
            waitlisted: position !== null,
          });
        }
        delegates.push({
          name: fullName(delegate.contact.firstName, delegate.contact.lastName),
          role: t(`registrations.roles.${delegate.role}`),
          function: delegate.printedFunction ?? delegate.contact.function ?? '',
          needs: [
            delegate.needsInterpretation ? t('registrations.interpretationNeeded') : null,
            delegate.dietaryNotes ? t('registrations.dietaryNote', { text: delegate.dietaryNotes }) : null,
            delegate.accessNotes ? t('registrations.accessNote', { text: delegate.accessNotes }) : null,
          ].filter(Boolean),
          late: delegate.late,
          visits,
        });
      }
      const offer = offers.get(registration.id);
      rows.push({
        organisation: organisationName(registration.organisation, locale),
        status: registration.status,
        statusLabel: t(`registrations.statuses.${registration.status}`),
        late: registration.late,
        notes: registration.notes,
        themes: (rankings.get(registration.organisation.id) ?? []).map((theme) => pickLocale(theme.title, locale)),
        answers: questions
          .filter((question) => question.id in registration.answers)
          .map((question) => {
            const answer = registration.answers[question.id];
            return { question: pickLocale(question.label, locale), answer: Array.isArray(answer) ? answer.join(', ') : answer };
          }),
        offer: offer
          ? {
              visitors: t('registrations.visitors', { count: offer.visitors }),
              dates: offer.availableFrom && offer.availableTo ? formatLocalDateRange(offer.availableFrom, offer.availableTo, locale) : null,
              themes: offer.themeIds.map((id) => themeTitles.get(id)).filter(Boolean),
              description: offer.description,
            }
          : null,
        delegates,
      });
    }
    await this.pages.render(reply, 'desk/registrations', page, {
      forum,
      section: 'registrations',
      title: t('registrations.title'),
      data: { registrations: rows },
    });
  }
}
