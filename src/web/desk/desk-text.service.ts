import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Injectable } from '@nestjs/common';
import { type Josa, withJosa } from '../../common/korean';
import { LOCALES, type Locale } from '../../common/locale';
import { flatten, type Nested, PAGES_DIR, translate } from '../page-i18n';

// `{name|을/를}`: the parameter followed by the particle that agrees with it (서초구를, 김민지는).
const WITH_PARTICLE = /\{(\w+)\|(을\/를|이\/가|은\/는|와\/과|으로\/로)\}/g;

/**
 * The desk's own messages (templates/pages/desk/i18n/<locale>.json), kept apart from the member
 * pages' catalogues: templates read them as `d.<section>.<key>`, code through `t`. A message may
 * have plural forms (`key.one`, `key.other`, chosen by the `count` parameter) and Korean
 * particles that agree with the word they follow (`{name|은/는}`).
 */
@Injectable()
export class DeskText {
  private readonly trees = new Map<Locale, Nested>();
  private readonly flat = new Map<Locale, Record<string, string>>();

  constructor() {
    for (const locale of LOCALES) {
      const tree = JSON.parse(readFileSync(join(PAGES_DIR, 'desk', 'i18n', `${locale}.json`), 'utf8')) as Nested;
      this.trees.set(locale, tree);
      this.flat.set(locale, flatten(tree));
    }
  }

  of(locale: Locale): Nested {
    return this.trees.get(locale) as Nested;
  }

  t(locale: Locale, key: string, params: Record<string, unknown> = {}): string {
    const catalogue = this.catalogue(locale);
    const message = catalogue[this.pluralKey(locale, key, params)] ?? key;
    const agreed = message.replace(WITH_PARTICLE, (whole, name: string, particle: Josa) =>
      name in params ? withJosa(String(params[name]), particle) : whole,
    );
    return translate({ [key]: agreed }, key, params);
  }

  has(locale: Locale, key: string): boolean {
    const catalogue = this.catalogue(locale);
    return key in catalogue || `${key}.other` in catalogue;
  }

  private catalogue(locale: Locale): Record<string, string> {
    return this.flat.get(locale) as Record<string, string>;
  }

  private pluralKey(locale: Locale, key: string, params: Record<string, unknown>): string {
    const catalogue = this.catalogue(locale);
    if (key in catalogue || typeof params.count !== 'number') {
      return key;
    }
    const form = `${key}.${new Intl.PluralRules(locale).select(params.count)}`;
    return form in catalogue ? form : `${key}.other`;
  }
}
