import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../common/project-root';
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

/** `{name}` placeholders filled from params; a missing message shows its key, never a blank. */
export function translate(catalogue: Catalogue, key: string, params: Record<string, unknown> = {}): string {
  const message = catalogue[key] ?? key;
  return message.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

/** The reader's language: ?lang, then the cookie, then Accept-Language, then French. */
export function resolveLocale(queryLang: unknown, cookieLang: string | undefined, acceptLanguage: string | undefined): Locale {
  if (isLocale(queryLang)) {
    return queryLang;
  }
  if (isLocale(cookieLang)) {
    return cookieLang;
  }
  const ranked = (acceptLanguage ?? '')
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
