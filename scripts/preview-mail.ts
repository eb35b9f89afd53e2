import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { isLocale, LOCALES } from '../src/common/locale';
import { PROJECT_ROOT } from '../src/common/project-root';
import { TemplateService } from '../src/outbox/template.service';

/**
 * `npm run mail:preview [-- <template> [<locale>]]`: renders templates with their sample.json,
 * prints subject and text, and writes the HTML to .data/mail-preview/ to open in a browser.
 */
function main(): void {
  const [only, language] = process.argv.slice(2);
  const renderer = new TemplateService();
  const templates = only ? [only] : renderer.names();
  const locales = language ? [language] : [...LOCALES];
  const out = join(PROJECT_ROOT, '.data', 'mail-preview');
  mkdirSync(out, { recursive: true });
  for (const template of templates) {
    for (const locale of locales) {
      if (!isLocale(locale)) {
        throw new Error(`Unknown locale ${locale}; use one of ${LOCALES.join(', ')}`);
      }
      const mail = renderer.preview(template, locale);
      if (!mail) {
        throw new Error(`No template ${template}; there are: ${renderer.names().join(', ')}`);
      }
      const file = join(out, `${template}.${locale}.html`);
      writeFileSync(file, mail.html);
      process.stdout.write(`── ${template} [${locale}] ── ${mail.subject}\n${mail.text}\n(HTML: ${file})\n\n`);
    }
  }
}

main();
