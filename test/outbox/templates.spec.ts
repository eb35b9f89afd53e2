import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { LOCALES } from '../../src/common/locale';
import { MAIL_TEMPLATES_DIR, TemplateService } from '../../src/outbox/template.service';

const templates = readdirSync(MAIL_TEMPLATES_DIR, { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name);
const cases = templates.flatMap((template) => LOCALES.map((locale) => [template, locale] as const));

describe('Mail templates', () => {
  const renderer = new TemplateService();

  it('exist', () => {
    expect(templates).toEqual(expect.arrayContaining(['forum-created', 'sign-in-link', 'access-link']));
  });

  it.each(cases)('%s renders in %s with every field of its sample, and no placeholder left', (template, locale) => {
    const sample = JSON.parse(readFileSync(join(MAIL_TEMPLATES_DIR, template, 'sample.json'), 'utf8')) as Record<string, unknown>;

    const mail = renderer.render(template, locale, sample);

    for (const part of [mail.subject, mail.html, mail.text]) {
      expect(part.trim()).not.toBe('');
      expect(part).not.toMatch(/\{\{|\}\}|undefined|\[object Object\]/);
    }
    expect(mail.html).toMatch(new RegExp(`<html lang="${locale}"[ >]`));
    // Every sample value that is text shows up in the text part.
    for (const value of Object.values(sample)) {
      if (typeof value === 'string' && value !== sample.status) {
        expect(mail.text).toContain(value);
      }
    }
  });

  it.each(cases)('%s in %s refuses to render when a field is missing', (template, locale) => {
    expect(() => renderer.render(template, locale, {})).toThrow();
  });

  it('previews a template with its sample, and knows no template it does not have', () => {
    expect(renderer.preview('session-invite', 'ko')?.subject).toMatch(/^초대: Visite des éco-quartiers/);
    expect(renderer.preview('no-such-template', 'fr')).toBeNull();
  });

  it('escapes HTML in the HTML part but not in the text part', () => {
    const sample = JSON.parse(readFileSync(join(MAIL_TEMPLATES_DIR, 'forum-created', 'sample.json'), 'utf8')) as Record<string, unknown>;
    const mail = renderer.render('forum-created', 'fr', { ...sample, title: 'Forum <b>&</b>' });

    expect(mail.html).toContain('Forum &lt;b&gt;&amp;&lt;/b&gt;');
    expect(mail.text).toContain('Forum <b>&</b>');
  });
});
