import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Injectable } from '@nestjs/common';
import { LOCALES, type Locale } from '../../common/locale';
import { flatten, type Nested, PAGES_DIR, translate } from '../page-i18n';

/**
 * The desk's own messages (templates/pages/desk/i18n/<locale>.json), kept apart from the member
 * pages' catalogues: templates read them as `d.<section>.<key>`, code through `t`.
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
    return translate(this.flat.get(locale) as Record<string, string>, key, params);
  }

  has(locale: Locale, key: string): boolean {
    return key in (this.flat.get(locale) as Record<string, string>);
  }
}
