import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Injectable } from '@nestjs/common';
import Handlebars from 'handlebars';
import { PROJECT_ROOT } from '../common/project-root';
import type { Locale } from '../common/locale';

export const MAIL_TEMPLATES_DIR = join(PROJECT_ROOT, 'templates', 'mail');

export interface RenderedMail {
  subject: string;
  html: string;
  text: string;
}

type Part = 'subject' | 'html' | 'text';

/**
 * Renders `templates/mail/<template>/<locale>.<part>.hbs`, the HTML inside `layout.html.hbs`.
 * Strict mode: a field the template names but the data lacks is an error, never a blank.
 */
@Injectable()
export class TemplateService {
  private readonly handlebars = Handlebars.create();
  private readonly cache = new Map<string, Handlebars.TemplateDelegate>();

  render(template: string, locale: Locale, data: Record<string, unknown>): RenderedMail {
    const html = this.compile(join(template, `${locale}.html.hbs`))(data);
    return {
      subject: this.compile(join(template, `${locale}.subject.hbs`))(data).replace(/\s+/g, ' ').trim(),
      html: this.compile('layout.html.hbs')({ ...data, locale, body: new Handlebars.SafeString(html) }),
      text: this.compile(join(template, `${locale}.text.hbs`))(data),
    };
  }

  private compile(relativePath: string): Handlebars.TemplateDelegate {
    let compiled = this.cache.get(relativePath);
    if (!compiled) {
      const source = readFileSync(join(MAIL_TEMPLATES_DIR, relativePath), 'utf8');
      const part = relativePath.split('.').at(-2) as Part;
      compiled = this.handlebars.compile(source, { strict: true, noEscape: part !== 'html' });
      this.cache.set(relativePath, compiled);
    }
    return compiled;
  }
}
