import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { isLocale, LOCALES } from '../src/common/locale';
import { PROJECT_ROOT } from '../src/common/project-root';
import { MAIL_TEMPLATES_DIR, TemplateService } from '../src/notifications/template.service';

/**
 * `npm run mail:preview [-- <template> [<locale>]]`: renders templates with their sample.json,
 * prints subject and text, and writes the HTML to .data/mail-preview/ to open in a browser.
 */
function main(): void {
  const [only, language] = process.argv.slice(2);
  const templates = only ? [only] : readdirSync(MAIL_TEMPLATES_DIR, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name);
  const locales = language ? [language] : [...LOCALES];
  const out = join(PROJECT_ROOT, '.data', 'mail-preview');
  mkdirSync(out, { recursive: true });
  const renderer = new TemplateService();
  for (const template of templates) {
    const sample = JSON.parse(readFileSync(join(MAIL_TEMPLATES_DIR, template, 'sample.json'), 'utf8')) as Record<string, unknown>;
    for (const locale of locales) {
      if (!isLocale(locale)) {
        throw new Error(`Unknown locale ${locale}; use one of ${LOCALES.join(', ')}`);
      }
      const mail = renderer.render(template, locale, sample);
      const file = join(out, `${template}.${locale}.html`);
      writeFileSync(file, mail.html);
      process.stdout.write(`── ${template} [${locale}] ── ${mail.subject}\n${mail.text}\n(HTML: ${file})\n\n`);
    }
  }
}

main();
