import type { AppConfig } from '../../src/config/app-config';
import type { PageContext } from '../../src/web/page-context';
import { PageRenderer } from '../../src/web/page-renderer.service';

const renderer = new PageRenderer({ get: () => 'organisers@passerelle.test' } as unknown as AppConfig);

/** What a textarea shows again, unescaped as the browser reads it. */
function textareaValue(html: string, id: string): string | undefined {
  const match = new RegExp(`<textarea id="${id}"[^>]*>([\\s\\S]*?)</textarea>`).exec(html);
  return match?.[1].replace(/&#x([0-9a-f]+);/gi, (_, hex: string) => String.fromCodePoint(parseInt(hex, 16))).replace(/&amp;/g, '&');
}

describe('A form shown again', () => {
  it('gives back a multi-line text as it was typed, whatever the indentation of the field in its template', () => {
    const typed = 'Départ de l’hôtel à 8 h.\nRetour vers 18 h.\n\n  Prévoir des chaussures.';
    const page = { locale: 'fr', url: '/desk/editions/x/sessions/new' } as unknown as PageContext;
    const html = renderer.html('desk/session-form', page, {
      form: { values: { transportNotes: typed, descriptionFr: typed }, errors: {} },
    });
    expect(textareaValue(html, 'session-transport')).toBe(typed);
    expect(textareaValue(html, 'session-description-fr')).toBe(typed);
  });
});
