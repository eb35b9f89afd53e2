import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../common/project-root';
import { type Josa, withJosa } from '../common/korean';
import { isLocale, LOCALES, type Locale } from '../common/locale';

export const PAGES_DIR = join(PROJECT_ROOT, 'templates', 'pages');

type Catalogue = Record<string, string>;
/** A message catalogue as written: sections of keys, nested. */
export interface Nested {
  [key: string]: string | Nested;
}

/** A nested catalogue as dotted keys (`section.key`). */
export function flatten(tree: Nested, prefix = ''): Catalogue {
  const flat: Catalogue = {};
  for (const [key, value] of Object.entries(tree)) {
    const path = prefix ? `${prefix}.${key}` : key;
    Object.assign(flat, typeof value === 'string' ? { [path]: value } : flatten(value, path));
  }
  return flat;
}

/** The messages of templates/pages/i18n/<locale>.json, by dotted key. */
export function loadCatalogues(): Record<Locale, Catalogue> {
  const load = (locale: Locale) => flatten(JSON.parse(readFileSync(join(PAGES_DIR, 'i18n', `${locale}.json`), 'utf8')) as Nested);
  return { fr: load('fr'), ko: load('ko'), en: load('en') };
}

/**
 * A message with its placeholders filled, in one syntax for every catalogue:
 * - `{name}`: the parameter as it is;
 * - `{name:을/를}`: the parameter followed by the Korean particle that agrees with it (서초구를,
 *   김민지는), through the one rule of src/common/korean.ts;
 * - `{count, plural, one {# place restante} other {# places restantes}}`: the branch the
 *   language's plural rules pick for the number (`=0` and other exact values first), `#` being the
 *   number. `locale` says whose rules: French when not given.
 * A missing message shows its key, never a blank; a missing parameter stays as written.
 */
export function translate(catalogue: Catalogue, key: string, params: Record<string, unknown> = {}, locale: Locale = LOCALES[0]): string {
  return fill(catalogue[key] ?? key, params, locale);
}

const JOSA_FORMS: readonly string[] = ['을/를', '이/가', '은/는', '와/과', '으로/로'];
const pluralRules = new Map<Locale, Intl.PluralRules>();

function pluralOf(locale: Locale, count: number): string {
  let rules = pluralRules.get(locale);
  if (!rules) {
    rules = new Intl.PluralRules(locale);
    pluralRules.set(locale, rules);
  }
  return rules.select(count);
}

/** The index of the brace that closes the one at `open`, braces nesting. */
function closing(message: string, open: number): number {
  let depth = 0;
  for (let index = open; index < message.length; index += 1) {
    if (message[index] === '{') {
      depth += 1;
    } else if (message[index] === '}') {
      depth -= 1;
      if (depth === 0) {
        return index;
      }
    }
  }
  return -1;
}

function fill(message: string, params: Record<string, unknown>, locale: Locale): string {
  let out = '';
  let index = 0;
  while (index < message.length) {
    const open = message.indexOf('{', index);
    const end = open < 0 ? -1 : closing(message, open);
    if (end < 0) {
      return out + message.slice(index);
    }
    out += message.slice(index, open) + placeholder(message.slice(open, end + 1), message.slice(open + 1, end), params, locale);
    index = end + 1;
  }
  return out;
}

function placeholder(whole: string, inner: string, params: Record<string, unknown>, locale: Locale): string {
  const plural = /^\s*(\w+)\s*,\s*plural\s*,(.*)$/s.exec(inner);
  if (plural) {
    const [, name, branches] = plural;
    return name in params ? pluralBranch(branches, Number(params[name]), params, locale) : whole;
  }
  const [name, particle] = inner.split(':');
  if (!/^\w+$/.test(name) || !(name in params)) {
    return whole;
  }
  const value = String(params[name]);
  return particle !== undefined && JOSA_FORMS.includes(particle) ? withJosa(value, particle as Josa) : value;
}

function pluralBranch(branches: string, count: number, params: Record<string, unknown>, locale: Locale): string {
  const found = new Map<string, string>();
  const selector = /\s*(=\d+|zero|one|two|few|many|other)\s*\{/g;
  let match: RegExpExecArray | null;
  while ((match = selector.exec(branches))) {
    const open = selector.lastIndex - 1;
    const end = closing(branches, open);
    if (end < 0) {
      break;
    }
    found.set(match[1], branches.slice(open + 1, end));
    selector.lastIndex = end + 1;
  }
  const chosen = found.get(`=${count}`) ?? found.get(pluralOf(locale, count)) ?? found.get('other') ?? '';
  return fill(chosen.replace(/#/g, new Intl.NumberFormat(locale).format(count)), params, locale);
}

/** The reader's language: ?lang, then the cookie, then Accept-Language, then French. */
export function resolveLocale(queryLang: unknown, cookieLang: string | undefined, acceptLanguage: string | undefined): Locale {
  if (isLocale(queryLang)) {
    return queryLang;
  }
  if (isLocale(cookieLang)) {
    return cookieLang;
  }
  const header = acceptLanguage ?? '';
  let locale = acceptedLocales.get(header);
  if (locale === undefined) {
    locale = preferredLocale(header);
    if (acceptedLocales.size >= ACCEPTED_LOCALES_KEPT) {
      acceptedLocales.clear();
    }
    acceptedLocales.set(header, locale);
  }
  return locale;
}

/** Browsers send few distinct Accept-Language headers: each is read once (a public page is answered per request). */
const ACCEPTED_LOCALES_KEPT = 256;
const acceptedLocales = new Map<string, Locale>();

function preferredLocale(acceptLanguage: string): Locale {
  const ranked = acceptLanguage
    .split(',')
    .map((part) => {
      const [tag, ...params] = part.trim().split(';');
      const q = params.map((p) => /^\s*q=([\d.]+)/.exec(p)?.[1]).find(Boolean);
      return { language: tag.toLowerCase().split('-')[0], q: q === undefined ? 1 : Number(q) };
    })
    .filter((entry) => entry.q > 0)
    .sort((a, b) => b.q - a.q);
  return ranked.map((entry) => entry.language).find(isLocale) ?? LOCALES[0];
}
