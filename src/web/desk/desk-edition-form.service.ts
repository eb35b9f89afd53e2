import { Injectable } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { pickLocale } from '../../common/locale';
import { PARIS, SEOUL } from '../../common/time';
import { FORUM_STATUSES, type Forum } from '../../forums/forum.entity';
import { ThemesService } from '../../forums/themes.service';
import { QUESTION_KINDS } from '../../participation/registration.entity';
import { RegistrationsService } from '../../participation/registrations.service';
import type { PageContext } from '../page-context';
import { EMPTY_FORM, type FormState } from '../page-renderer.service';
import { zoneOptions } from './desk-forms';
import { DeskPages, deskPath } from './desk-pages.service';

/** The forms of the edition page: the edition itself, then (once it exists) a theme and a question to add. */
export interface EditionForms {
  edition: FormState;
  theme?: FormState;
  question?: FormState;
}

/**
 * The edition page: its form (titles, description, dates, status…) and, for an edition that
 * exists, its themes and its registration questions with their own forms. Several controllers
 * answer a refused form with this same page.
 */
@Injectable()
export class DeskEditionForm {
  constructor(
    private readonly pages: DeskPages,
    private readonly themes: ThemesService,
    private readonly registrations: RegistrationsService,
  ) {}

  async render(reply: FastifyReply, page: PageContext, forum: Forum | undefined, forms: EditionForms, status = 200): Promise<void> {
    const t = (key: string, params: Record<string, unknown> = {}) => this.pages.t(page.locale, key, params);
    const setup = forum ? await this.setup(forum, page) : null;
    await this.pages.render(reply, 'desk/edition-form', page, {
      forum,
      section: forum ? 'overview' : 'editions',
      title: t(forum ? 'edition.editTitle' : 'edition.newTitle'),
      status,
      data: {
        form: forms.edition,
        themeForm: forms.theme ?? EMPTY_FORM,
        questionForm: forms.question ?? { ...EMPTY_FORM, values: { questionKind: 'text' } },
        action: forum ? deskPath(forum) : '/desk/editions',
        back: forum ? deskPath(forum) : '/desk',
        zones: zoneOptions(PARIS, SEOUL, forum?.timeZone ?? SEOUL),
        statuses: FORUM_STATUSES.map((value) => ({ value, label: t(`statuses.${value}`) })),
        questionKinds: QUESTION_KINDS.map((value) => ({ value, label: t(`questions.kinds.${value}`) })),
        setup,
      },
    });
  }

  private async setup(forum: Forum, page: PageContext): Promise<Record<string, unknown>> {
    const t = (key: string, params: Record<string, unknown> = {}) => this.pages.t(page.locale, key, params);
    const themes = (await this.themes.list(forum.id)).map((theme) => {
      const title = pickLocale(theme.title, page.locale);
      return {
        title,
        position: theme.position,
        interest: t('themes.interest', { count: theme.interest.interested }),
        editPath: deskPath(forum, `/themes/${theme.id}/edit`),
        deletePath: deskPath(forum, `/themes/${theme.id}/delete`),
        editLabel: t('themes.editLabel', { title }),
        deleteLabel: t('themes.deleteLabel', { title }),
      };
    });
    const questions = (await this.registrations.questions(forum.id)).map((question) => {
      const label = pickLocale(question.label, page.locale);
      return {
        label,
        kind: t(`questions.kinds.${question.kind}`),
        choices: question.choices,
        required: question.required,
        editPath: deskPath(forum, `/questions/${question.id}/edit`),
        deletePath: deskPath(forum, `/questions/${question.id}/delete`),
        editLabel: t('questions.editLabel', { label }),
        deleteLabel: t('questions.deleteLabel', { label }),
      };
    });
    return { themes, questions, themeAction: deskPath(forum, '/themes'), questionAction: deskPath(forum, '/questions') };
  }
}
