import { Injectable } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { roleAtLeast } from '../../access/principal';
import { type Locale, pickLocale } from '../../common/locale';
import type { Forum } from '../../forums/forum.entity';
import type { PageContext } from '../page-context';
import type { LocalizeConstraint } from '../page-forms';
import { type FormState, PageRenderer } from '../page-renderer.service';
import { ruleSentenceKey } from '../page-refusals';
import { type FormFields, formState, refusalForm, type Wording } from './desk-refusals';
import { DeskText } from './desk-text.service';

export const DESK_SECTIONS = [
  'overview',
  'invitations',
  'poll',
  'sessions',
  'registrations',
  'waitlists',
  'meetings',
  'deadlines',
  'outbox',
  'exports',
] as const;
export type DeskSection = (typeof DESK_SECTIONS)[number] | 'editions' | 'organisations';

export interface DeskRender {
  /** The edition the page belongs to: its sections go in the navigation. */
  forum?: Forum;
  section: DeskSection;
  title: string;
  data?: Record<string, unknown>;
  status?: number;
}

/** The desk's address of an edition (by slug, as the public pages). */
export function deskPath(forum: Forum, rest = ''): string {
  return `/desk/editions/${encodeURIComponent(forum.slug)}${rest}`;
}

/** The `done` flag of a redirect after a form, as the sentence to show, if the catalogue has one. */
function doneKey(url: string): string | undefined {
  const query = url.split('?')[1] ?? '';
  const done = new URLSearchParams(query).get('done');
  return done && /^\w+$/.test(done) ? done : undefined;
}

/** Renders a desk page: the navigation, the desk catalogue (`d`), whether the reader may write. */
@Injectable()
export class DeskPages {
  constructor(
    private readonly renderer: PageRenderer,
    readonly text: DeskText,
  ) {}

  canWrite(page: PageContext): boolean {
    return page.organiser !== undefined && roleAtLeast(page.organiser.role, 'organiser');
  }

  /** Who acted, as the services record it: the signed-in organiser's label. */
  actor(page: PageContext): string {
    return page.organiser?.label ?? '';
  }

  t(locale: Locale, key: string, params: Record<string, unknown> = {}): string {
    return this.text.t(locale, key, params);
  }

  /**
   * A failed check in the reader's language: the desk's catalogue, then the pages', then a plain
   * sentence of the desk's (the API's English one never reaches the page).
   */
  constraint(locale: Locale): LocalizeConstraint {
    const plain = this.t(locale, 'validation.default');
    const shared = this.renderer.constraint(locale);
    return (constraint, _fallback, field) => {
      // A field may word a constraint its own way (a phone number's pattern is no blank field).
      const key = ruleSentenceKey({ field, constraint }, (candidate) => this.text.has(locale, candidate));
      return key === undefined ? shared(constraint, plain) : this.t(locale, key);
    };
  }

  wording(locale: Locale): Wording {
    return { has: (key) => this.text.has(locale, key), t: (key, params) => this.t(locale, key, params) };
  }

  /** A service's refusal as the form's errors, worded in the reader's language. */
  refusal(error: unknown, values: Record<string, unknown>, form: FormFields, locale: Locale): FormState {
    return refusalForm(error, values, form, this.wording(locale));
  }

  /** The form's own checks as a form state: errors beside their fields, any other above the form. */
  formState(values: Record<string, unknown>, errors: Record<string, string>, form: FormFields, locale: Locale): FormState {
    return formState(values, errors, form, this.wording(locale));
  }

  async render(reply: FastifyReply, view: string, page: PageContext, options: DeskRender): Promise<void> {
    const { forum, section } = options;
    const locale = page.locale;
    const nav = [
      { href: '/desk', label: this.t(locale, 'nav.editions'), current: section === 'editions' },
      { href: '/desk/organisations', label: this.t(locale, 'nav.organisations'), current: section === 'organisations' },
    ];
    if (forum) {
      for (const item of DESK_SECTIONS) {
        nav.push({
          href: deskPath(forum, item === 'overview' ? '' : `/${item}`),
          label: this.t(locale, `nav.${item}`),
          current: section === item,
        });
      }
    }
    const done = doneKey(page.url);
    const desk = {
      navLabel: this.t(locale, 'nav.label'),
      nav,
      forum: forum ? { slug: forum.slug, title: pickLocale(forum.title, locale), status: forum.status, path: deskPath(forum) } : null,
      canWrite: this.canWrite(page),
      done: done && this.text.has(locale, `done.${done}`) ? this.t(locale, `done.${done}`) : null,
    };
    await this.renderer.render(
      reply,
      view,
      page,
      { ...options.data, title: options.title, d: this.text.of(locale), desk },
      options.status ?? 200,
    );
  }
}
