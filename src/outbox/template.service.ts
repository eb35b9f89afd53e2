import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Injectable, OnModuleInit } from '@nestjs/common';
import Handlebars from 'handlebars';
import { headerValue } from '../common/escape';
import { PROJECT_ROOT } from '../common/project-root';
import { LOCALES, type Locale } from '../common/locale';

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
export class TemplateService implements OnModuleInit {
  private readonly handlebars = Handlebars.create();
  private readonly cache = new Map<string, Handlebars.TemplateDelegate>();

  /**
   * Compiles every template when the process starts (Handlebars compiles on first use), by
   * rendering each with its sample: the first email of a fan-out does not wait for it.
   */
  onModuleInit(): void {
    for (const template of this.names()) {
      for (const locale of LOCALES) {
        try {
          this.preview(template, locale);
        } catch {
          // A template that does not render says so when a message uses it, with the message.
        }
      }
    }
  }

  render(template: string, locale: Locale, data: Record<string, unknown>): RenderedMail {
    const html = this.compile(join(template, `${locale}.html.hbs`))(data);
    return {
      subject: headerValue(this.compile(join(template, `${locale}.subject.hbs`))(data)),
      html: this.compile('layout.html.hbs')({ ...data, locale, body: new Handlebars.SafeString(html) }),
      text: this.compile(join(template, `${locale}.text.hbs`))(data),
    };
  }

  /** The templates there are: the folders of templates/mail. */
  names(): string[] {
    return readdirSync(MAIL_TEMPLATES_DIR, { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .map((entry) => entry.name)
      .sort();
  }

  /** A template rendered with its sample.json, for organisers to look at. */
  preview(template: string, locale: Locale): RenderedMail | null {
    if (!this.names().includes(template)) {
      return null;
    }
    const sample = JSON.parse(readFileSync(join(MAIL_TEMPLATES_DIR, template, 'sample.json'), 'utf8')) as Record<string, unknown>;
    return this.render(template, locale, sample);
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
