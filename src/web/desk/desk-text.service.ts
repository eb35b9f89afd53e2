import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Injectable } from '@nestjs/common';
import { LOCALES, type Locale } from '../../common/locale';
import { PAGES_DIR, translate } from '../page-i18n';

export interface DeskCatalogue {
  [key: string]: string | DeskCatalogue;
}

function flatten(tree: DeskCatalogue, prefix = ''): Record<string, string> {
  const flat: Record<string, string> = {};
  for (const [key, value] of Object.entries(tree)) {
    const path = prefix ? `${prefix}.${key}` : key;
    Object.assign(flat, typeof value === 'string' ? { [path]: value } : flatten(value, path));
  }
  return flat;
}

/**
 * The desk's own messages (templates/pages/desk/i18n/<locale>.json), kept apart from the member
 * pages' catalogues: templates read them as `d.<section>.<key>`, code through `t`.
 */
@Injectable()
export class DeskText {
  private readonly trees = new Map<Locale, DeskCatalogue>();
  private readonly flat = new Map<Locale, Record<string, string>>();

  constructor() {
    for (const locale of LOCALES) {
      const tree = JSON.parse(readFileSync(join(PAGES_DIR, 'desk', 'i18n', `${locale}.json`), 'utf8')) as DeskCatalogue;
      this.trees.set(locale, tree);
      this.flat.set(locale, flatten(tree));
    }
  }

  of(locale: Locale): DeskCatalogue {
    return this.trees.get(locale) as DeskCatalogue;
  }

  t(locale: Locale, key: string, params: Record<string, unknown> = {}): string {
    return translate(this.flat.get(locale) as Record<string, string>, key, params);
  }

  has(locale: Locale, key: string): boolean {
    return key in (this.flat.get(locale) as Record<string, string>);
  }
}
