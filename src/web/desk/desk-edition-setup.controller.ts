import { Body, Get, Param, Post, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { IdPipe } from '../../common/id.pipe';
import { LOCALES, pickLocale } from '../../common/locale';
import { ProblemException } from '../../common/problem';
import { CreateThemeDto, type ThemeView, UpdateThemeDto } from '../../forums/dto/theme.dto';
import type { Forum } from '../../forums/forum.entity';
import { ForumsService } from '../../forums/forums.service';
import { ThemesService } from '../../forums/themes.service';
import { CreateQuestionDto, UpdateQuestionDto } from '../../participation/dto/registration.dto';
import { QUESTION_KINDS, type RegistrationQuestion } from '../../participation/registration.entity';
import { RegistrationsService } from '../../participation/registrations.service';
import { Page, type PageContext } from '../page-context';
import { text } from '../page-forms';
import { OrganiserPage } from '../page.guard';
import { EMPTY_FORM, type FormState } from '../page-renderer.service';
import type { FormBody } from '../web-http';
import { DeskEditionForm } from './desk-edition-form.service';
import { checkForm, count, editionValues, localized, localizedValues, typed } from './desk-forms';
import { DeskPages, deskPath } from './desk-pages.service';
import { DeskController } from './desk-problem.filter';
import type { FormFields } from './desk-refusals';

const capital = (locale: string): string => locale[0].toUpperCase() + locale.slice(1);
const names = (prefix: string) => LOCALES.map((locale) => `${prefix}${capital(locale)}`);
const localizedMap = (field: string, prefix = field) => ({
  [field]: `${prefix}Fr`,
  ...Object.fromEntries(LOCALES.map((locale) => [`${field}.${locale}`, `${prefix}${capital(locale)}`])),
});

const THEME_FORM: FormFields = {
  scope: 'theme',
  map: { ...localizedMap('title', 'themeTitle'), ...localizedMap('description', 'themeDescription'), position: 'themePosition' },
  names: [...names('themeTitle'), ...names('themeDescription'), 'themePosition'],
};
const QUESTION_FORM: FormFields = {
  scope: 'question',
  map: { ...localizedMap('label'), kind: 'questionKind', choices: 'choices', required: 'required' },
  names: [...names('label'), 'questionKind', 'choices', 'required'],
};

function themePayload(body: FormBody): Record<string, unknown> {
  return {
    title: localized(body, 'themeTitle'),
    description: localized(body, 'themeDescription'),
    ...(text(body.themePosition).trim() ? { position: count(body.themePosition) } : {}),
  };
}

/** Choices one per line, blank lines left out. */
function questionPayload(body: FormBody): Record<string, unknown> {
  const choices = text(body.choices)
    .split(/\r?\n/)
    .map((choice) => choice.trim())
    .filter(Boolean);
  return { label: localized(body, 'label'), kind: text(body.questionKind), choices, required: text(body.required) === 'true' };
}

/** An edition's themes and registration questions: added on the edition's page, each edited or removed on its own. */
@DeskController('desk/editions/:slug')
export class DeskEditionSetupController {
  constructor(
    private readonly pages: DeskPages,
    private readonly forums: ForumsService,
    private readonly themes: ThemesService,
    private readonly registrations: RegistrationsService,
    private readonly editionForm: DeskEditionForm,
  ) {}

  @Post('themes')
  @OrganiserPage('organiser')
  async addTheme(
    @Param('slug') slug: string,
    @Body() body: FormBody,
    @Page() page: PageContext,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const forum = await this.forums.get(slug, true);
    const state = await this.saveTheme(forum, undefined, body, page);
    if (state) {
      await this.editionForm.render(reply, page, forum, { edition: this.editionValues(forum), theme: state }, 400);
      return;
    }
    await reply.redirect(`${deskPath(forum, '/edit')}?done=themeAdded#themes`, 303);
  }

  @Get('themes/:themeId/edit')
  @OrganiserPage('organiser')
  async editTheme(
    @Param('slug') slug: string,
    @Param('themeId', IdPipe) themeId: string,
    @Page() page: PageContext,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const forum = await this.forums.get(slug, true);
    const theme = await this.theme(forum, themeId);
    const values = {
      ...localizedValues(theme.title, 'themeTitle'),
      ...localizedValues(theme.description, 'themeDescription'),
      themePosition: String(theme.position),
    };
    await this.themeForm(reply, page, forum, theme, { values, errors: {} });
  }

  @Post('themes/:themeId')
  @OrganiserPage('organiser')
  async updateTheme(
    @Param('slug') slug: string,
    @Param('themeId', IdPipe) themeId: string,
    @Body() body: FormBody,
    @Page() page: PageContext,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const forum = await this.forums.get(slug, true);
    const theme = await this.theme(forum, themeId);
    const state = await this.saveTheme(forum, theme, body, page);
    if (state) {
      await this.themeForm(reply, page, forum, theme, state, 400);
      return;
    }
    await reply.redirect(`${deskPath(forum, '/edit')}?done=saved#themes`, 303);
  }

  @Get('themes/:themeId/delete')
  @OrganiserPage('organiser')
  async confirmThemeDelete(
    @Param('slug') slug: string,
    @Param('themeId', IdPipe) themeId: string,
    @Page() page: PageContext,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const forum = await this.forums.get(slug, true);
    const theme = await this.theme(forum, themeId);
    const t = (key: string, params: Record<string, unknown> = {}) => this.pages.t(page.locale, key, params);
    await this.pages.render(reply, 'desk/confirm', page, {
      forum,
      section: 'overview',
      title: t('themes.deleteTitle'),
      data: {
        subject: pickLocale(theme.title, page.locale),
        text: t('themes.deleteText', { count: theme.interest.interested }),
        button: t('themes.deleteConfirm'),
        action: deskPath(forum, `/themes/${theme.id}/delete`),
        back: deskPath(forum, '/edit'),
      },
    });
  }

  @Post('themes/:themeId/delete')
  @OrganiserPage('organiser')
  async removeTheme(@Param('slug') slug: string, @Param('themeId', IdPipe) themeId: string, @Res() reply: FastifyReply): Promise<void> {
    const forum = await this.forums.get(slug, true);
    await this.themes.remove(forum.id, themeId);
    await reply.redirect(`${deskPath(forum, '/edit')}?done=themeDeleted#themes`, 303);
  }

  @Post('questions')
  @OrganiserPage('organiser')
  async addQuestion(
    @Param('slug') slug: string,
    @Body() body: FormBody,
    @Page() page: PageContext,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const forum = await this.forums.get(slug, true);
    const state = await this.saveQuestion(forum, undefined, body, page);
    if (state) {
      await this.editionForm.render(reply, page, forum, { edition: this.editionValues(forum), question: state }, 400);
      return;
    }
    await reply.redirect(`${deskPath(forum, '/edit')}?done=questionAdded#questions`, 303);
  }

  @Get('questions/:questionId/edit')
  @OrganiserPage('organiser')
  async editQuestion(
    @Param('slug') slug: string,
    @Param('questionId', IdPipe) questionId: string,
    @Page() page: PageContext,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const forum = await this.forums.get(slug, true);
    const question = await this.question(forum, questionId);
    const values = {
      ...localizedValues(question.label, 'label'),
      questionKind: question.kind,
      choices: question.choices.join('\n'),
      required: question.required ? 'true' : '',
    };
    await this.questionForm(reply, page, forum, question, { values, errors: {} });
  }

  @Post('questions/:questionId')
  @OrganiserPage('organiser')
  async updateQuestion(
    @Param('slug') slug: string,
    @Param('questionId', IdPipe) questionId: string,
    @Body() body: FormBody,
    @Page() page: PageContext,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const forum = await this.forums.get(slug, true);
    const question = await this.question(forum, questionId);
    const state = await this.saveQuestion(forum, question, body, page);
    if (state) {
      await this.questionForm(reply, page, forum, question, state, 400);
      return;
    }
    await reply.redirect(`${deskPath(forum, '/edit')}?done=saved#questions`, 303);
  }

  @Get('questions/:questionId/delete')
  @OrganiserPage('organiser')
  async confirmQuestionDelete(
    @Param('slug') slug: string,
    @Param('questionId', IdPipe) questionId: string,
    @Page() page: PageContext,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const forum = await this.forums.get(slug, true);
    const question = await this.question(forum, questionId);
    const t = (key: string) => this.pages.t(page.locale, key);
    await this.pages.render(reply, 'desk/confirm', page, {
      forum,
      section: 'overview',
      title: t('questions.deleteTitle'),
      data: {
        subject: pickLocale(question.label, page.locale),
        text: t('questions.deleteText'),
        button: t('questions.deleteConfirm'),
        action: deskPath(forum, `/questions/${question.id}/delete`),
        back: deskPath(forum, '/edit'),
      },
    });
  }

  @Post('questions/:questionId/delete')
  @OrganiserPage('organiser')
  async removeQuestion(
    @Param('slug') slug: string,
    @Param('questionId', IdPipe) questionId: string,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const forum = await this.forums.get(slug, true);
    await this.registrations.removeQuestion(forum.id, questionId);
    await reply.redirect(`${deskPath(forum, '/edit')}?done=questionDeleted#questions`, 303);
  }

  /** Saves a theme; the form state to show again when it was refused. */
  private async saveTheme(forum: Forum, theme: ThemeView | undefined, body: FormBody, page: PageContext): Promise<FormState | null> {
    const values = typed(body);
    const wholeNumbers = { names: ['themePosition'], message: this.pages.t(page.locale, 'validation.wholeNumber') };
    const checked = await checkForm(theme ? UpdateThemeDto : CreateThemeDto, themePayload(body), body, {
      localize: this.pages.constraint(page.locale),
      form: THEME_FORM,
      wholeNumbers,
    });
    if (!checked.ok) {
      return this.pages.formState(values, checked.errors, THEME_FORM, page.locale);
    }
    try {
      if (theme) {
        await this.themes.update(forum.id, theme.id, checked.value);
      } else {
        await this.themes.create(forum.id, checked.value as CreateThemeDto);
      }
    } catch (error) {
      return this.pages.refusal(error, values, THEME_FORM, page.locale);
    }
    return null;
  }

  private async saveQuestion(
    forum: Forum,
    question: RegistrationQuestion | undefined,
    body: FormBody,
    page: PageContext,
  ): Promise<FormState | null> {
    const values = typed(body);
    const checked = await checkForm(question ? UpdateQuestionDto : CreateQuestionDto, questionPayload(body), body, {
      localize: this.pages.constraint(page.locale),
      form: QUESTION_FORM,
    });
    if (!checked.ok) {
      return this.pages.formState(values, checked.errors, QUESTION_FORM, page.locale);
    }
    try {
      if (question) {
        await this.registrations.updateQuestion(forum.id, question.id, checked.value);
      } else {
        await this.registrations.createQuestion(forum.id, checked.value as CreateQuestionDto);
      }
    } catch (error) {
      return this.pages.refusal(error, values, QUESTION_FORM, page.locale);
    }
    return null;
  }

  private editionValues(forum: Forum): FormState {
    return { ...EMPTY_FORM, values: editionValues(forum) };
  }

  private async theme(forum: Forum, themeId: string): Promise<ThemeView> {
    const theme = (await this.themes.list(forum.id)).find((candidate) => candidate.id === themeId);
    if (!theme) {
      throw ProblemException.notFound('Theme', themeId);
    }
    return theme;
  }

  private async question(forum: Forum, questionId: string): Promise<RegistrationQuestion> {
    const question = (await this.registrations.questions(forum.id)).find((candidate) => candidate.id === questionId);
    if (!question) {
      throw ProblemException.notFound('Question', questionId);
    }
    return question;
  }

  private async themeForm(
    reply: FastifyReply,
    page: PageContext,
    forum: Forum,
    theme: ThemeView,
    form: FormState,
    status = 200,
  ): Promise<void> {
    await this.pages.render(reply, 'desk/theme-form', page, {
      forum,
      section: 'overview',
      title: this.pages.t(page.locale, 'themes.editTitle'),
      status,
      data: { form, action: deskPath(forum, `/themes/${theme.id}`), back: `${deskPath(forum, '/edit')}#themes` },
    });
  }

  private async questionForm(
    reply: FastifyReply,
    page: PageContext,
    forum: Forum,
    question: RegistrationQuestion,
    form: FormState,
    status = 200,
  ): Promise<void> {
    const t = (key: string) => this.pages.t(page.locale, key);
    await this.pages.render(reply, 'desk/question-form', page, {
      forum,
      section: 'overview',
      title: t('questions.editTitle'),
      status,
      data: {
        form,
        action: deskPath(forum, `/questions/${question.id}`),
        back: `${deskPath(forum, '/edit')}#questions`,
        questionKinds: QUESTION_KINDS.map((value) => ({ value, label: t(`questions.kinds.${value}`) })),
      },
    });
  }
}
