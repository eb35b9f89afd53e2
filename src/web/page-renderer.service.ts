import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Injectable } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import Handlebars from 'handlebars';
import { LOCALES, type Locale } from '../common/locale';
import { AppConfig } from '../config/app-config';
import {
  formatLocalDateRange,
  type InstantRendering,
  PARIS,
  readableRange,
  readableTime,
  SEOUL,
  type ZonedRendering,
} from '../common/time';
import { interpretationText } from '../programme/interpretation';
import type { InterpretationMode } from '../programme/session.entity';
import type { RenderedRead } from '../reads/public-read';
import type { PageContext } from './page-context';
import { organisationName } from '../organisations/organisation.views';
import { loadCatalogues, PAGES_DIR, translate } from './page-i18n';
import type { Messages } from './page-refusals';

type HelperOptions = Handlebars.HelperOptions;

export interface LanguageLink {
  code: Locale;
  href: string;
  current: boolean;
}

/** A form's typed values and its errors by field name, to show them again next to each field. */
export interface FormState {
  values: Record<string, unknown>;
  errors: Record<string, string>;
  /** An error that belongs to no one field (a passed deadline, say). */
  general?: string;
}

export const EMPTY_FORM: FormState = { values: {}, errors: {} };

/** What helmet adds to a page: these go with the page's bytes wherever they are served from. */
const SECURITY_HEADER =
  /^(?:content-security-policy|cross-origin-|origin-agent-cluster|referrer-policy|strict-transport-security|x-content-type-options|x-dns-prefetch-control|x-download-options|x-frame-options|x-permitted-cross-domain-policies|x-xss-protection)/;

function withLang(url: string, locale: Locale): string {
  const [path, query = ''] = url.split('?');
  const params = new URLSearchParams(query);
  params.set('lang', locale);
  return `${path}?${params.toString()}`;
}

/**
 * Server-rendered pages from templates/pages: `<view>.hbs` inside `layout.hbs`, the partials of
 * `partials/`, messages from `i18n/<locale>.json`. Handlebars escapes every value; security
 * headers go with every page.
 */
@Injectable()
export class PageRenderer {
  private readonly handlebars = Handlebars.create();
  private readonly cache = new Map<string, Handlebars.TemplateDelegate>();
  private readonly catalogues = loadCatalogues();
  private readonly sentences = new Map<Locale, Set<string>>();

  /** The organisers' mailbox, which pages give wherever a reader may need a person. */
  readonly mailbox: string;

  constructor(config: AppConfig) {
    this.mailbox = config.get('organisersEmail');
    for (const file of readdirSync(join(PAGES_DIR, 'partials')).filter((name) => name.endsWith('.hbs'))) {
      this.handlebars.registerPartial(file.replace(/\.hbs$/, ''), readFileSync(join(PAGES_DIR, 'partials', file), 'utf8'));
    }
    this.registerHelpers();
  }

  /** A message in the page's language. */
  t(locale: Locale, key: string, params: Record<string, unknown> = {}): string {
    return translate(this.catalogues[locale], key, params, locale);
  }

  /** The reader's sentence for a failed validation constraint; never the API's English one. */
  constraint(locale: Locale): (constraint: string, fallback: string) => string {
    return (constraint) => {
      const key = `validation.${constraint}`;
      return key in this.catalogues[locale] ? this.t(locale, key) : this.t(locale, 'validation.invalid');
    };
  }

  /** One language's catalogue, as refusals read it (see page-refusals.ts). */
  messages(locale: Locale): Messages {
    const catalogue = this.catalogues[locale];
    const sentences = this.sentences.get(locale) ?? new Set(Object.values(catalogue));
    this.sentences.set(locale, sentences);
    return {
      locale,
      t: (key, params = {}) => this.t(locale, key, params),
      has: (key) => key in catalogue,
      says: (text) => sentences.has(text),
    };
  }

  html(view: string, page: PageContext, data: Record<string, unknown>): string {
    const root = { ...data, page, locale: page.locale, languages: this.languages(page) };
    const body = this.compile(`${view}.hbs`)(root);
    return this.compile('layout.hbs')({ ...root, body: new Handlebars.SafeString(body) });
  }

  async render(reply: FastifyReply, view: string, page: PageContext, data: Record<string, unknown>, status = 200): Promise<void> {
    const html = this.html(view, page, data);
    reply.helmet?.();
    await reply
      .status(status)
      .header('content-type', 'text/html; charset=utf-8')
      .header('cache-control', 'no-store')
      .header('content-language', page.locale)
      .send(html);
  }

  /** A page as bytes and the headers that go with them (security headers too), for a cache to serve again. */
  rendered(reply: FastifyReply, view: string, page: PageContext, data: Record<string, unknown>, status = 200): RenderedRead {
    const body = this.html(view, page, data);
    reply.helmet?.();
    const headers: Record<string, string> = { 'content-type': 'text/html; charset=utf-8', 'content-language': page.locale };
    for (const [name, value] of Object.entries(reply.getHeaders())) {
      if (SECURITY_HEADER.test(name) && typeof value === 'string') {
        headers[name] = value;
      }
    }
    return { body, headers, status };
  }

  private languages(page: PageContext): LanguageLink[] {
    return LOCALES.map((code) => ({ code, href: withLang(page.url, code), current: code === page.locale }));
  }

  private compile(file: string): Handlebars.TemplateDelegate {
    let compiled = this.cache.get(file);
    if (!compiled) {
      // preventIndent: an indented partial would indent every line of what it prints, a textarea's
      // typed text included, which the next save would keep.
      compiled = this.handlebars.compile(readFileSync(join(PAGES_DIR, file), 'utf8'), { preventIndent: true });
      this.cache.set(file, compiled);
    }
    return compiled;
  }

  /** Paris and Seoul, and the forum's zone first when it is neither, each read by `read`. */
  private zones(
    locale: Locale,
    rendering: InstantRendering,
    read: (at: ZonedRendering, zone: 'forum' | 'paris' | 'seoul') => string,
  ): string {
    const parts = [
      `${this.t(locale, 'time.paris')} ${read(rendering.paris, 'paris')}`,
      `${this.t(locale, 'time.seoul')} ${read(rendering.seoul, 'seoul')}`,
    ];
    if (rendering.forum.zone !== rendering.paris.zone && rendering.forum.zone !== rendering.seoul.zone) {
      parts.unshift(`${rendering.forum.zone} ${read(rendering.forum, 'forum')}`);
    }
    return parts.join(' · ');
  }

  private registerHelpers(): void {
    const localeOf = (options: HelperOptions): Locale => (options.data as { root: { locale: Locale } }).root.locale;
    const hb = this.handlebars;
    hb.registerHelper('t', (key: string, options: HelperOptions) =>
      this.t(localeOf(options), key, options.hash as Record<string, unknown>),
    );
    hb.registerHelper('eq', (a: unknown, b: unknown) => a === b);
    hb.registerHelper('concat', (...parts: unknown[]) => parts.slice(0, -1).join(''));
    hb.registerHelper('includes', (list: unknown, value: unknown) => Array.isArray(list) && list.includes(value));
    // "2024-09-25 14:00" (with its offset when the clocks pass that hour twice), as in the emails.
    hb.registerHelper('localTime', (rendering: ZonedRendering | undefined) => (rendering ? readableTime(rendering) : ''));
    hb.registerHelper('longDate', (date: string, options: HelperOptions) =>
      typeof date === 'string'
        ? new Intl.DateTimeFormat(localeOf(options), {
            weekday: 'long',
            day: 'numeric',
            month: 'long',
            year: 'numeric',
            timeZone: 'UTC',
          }).format(new Date(`${date.slice(0, 10)}T00:00:00Z`))
        : '',
    );
    hb.registerHelper('dateRange', (start: string, end: string, options: HelperOptions) =>
      start && end ? formatLocalDateRange(start, end, localeOf(options)) : '',
    );
    // A zone as the reader knows it: Paris and Seoul by their names, any other by its IANA name.
    hb.registerHelper('zoneName', (zone: string, options: HelperOptions) =>
      zone === PARIS ? this.t(localeOf(options), 'time.paris') : zone === SEOUL ? this.t(localeOf(options), 'time.seoul') : zone,
    );
    // An organisation's name for the reader: in Hangul on Korean pages when it has one.
    hb.registerHelper('orgName', (organisation: { name: string; nameKo: string | null } | undefined, options: HelperOptions) =>
      organisation ? organisationName(organisation, localeOf(options)) : '',
    );
    // The three readings of an instant: the forum's zone (when neither Paris nor Seoul), Paris, Seoul.
    hb.registerHelper('zones', (rendering: InstantRendering | undefined, options: HelperOptions) =>
      rendering ? this.zones(localeOf(options), rendering, (at) => readableTime(at)) : '',
    );
    // The same for a start and an end: "Heure de Paris 2024-09-25 07:00 – 09:00 · Heure de Séoul 2024-09-25 14:00 – 16:00".
    hb.registerHelper('zonesRange', (start: InstantRendering | undefined, end: InstantRendering | undefined, options: HelperOptions) =>
      start && end ? this.zones(localeOf(options), start, (at, zone) => readableRange(at, end[zone])) : '',
    );
    // "21:00 – 2027-10-30 00:00" in the forum's zone, below a heading that gives the start's day.
    hb.registerHelper('timeRange', (start: InstantRendering | undefined, end: InstantRendering | undefined) =>
      start && end ? readableRange(start.forum, end.forum, { startDate: false }) : '',
    );
    hb.registerHelper(
      'interpretation',
      (interpretation: { mode: InterpretationMode; languages: string[] } | undefined, options: HelperOptions) =>
        interpretation && interpretation.mode !== 'none'
          ? interpretationText(interpretation.mode, interpretation.languages, localeOf(options))
          : '',
    );
  }
}
