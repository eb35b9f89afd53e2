import { readableText, untranslated } from './untranslated';

describe('The check for untranslated words on French and Korean pages', () => {
  it('finds an API code, a field name, an English detail and a raw catalogue key', () => {
    const html = `<html lang="fr"><body><main>
      <p class="error-message">TIME_CLASH</p>
      <p>venueName : obligatoire</p>
      <p>endDate (2024-09-20) must not be before startDate (2024-09-24)</p>
      <p>refusal.SESSION_FULL</p>
    </main></body></html>`;
    const found = untranslated(readableText(html));
    expect(found.some((line) => line.startsWith('code TIME_CLASH'))).toBe(true);
    expect(found.some((line) => line.startsWith('field name venueName'))).toBe(true);
    expect(found.some((line) => line.startsWith('field name endDate'))).toBe(true);
    expect(found.some((line) => line.startsWith('English "must not"'))).toBe(true);
    expect(found.some((line) => line.startsWith('catalogue key refusal.SESSION_FULL'))).toBe(true);
  });

  it('finds an English sentence in an accessible label', () => {
    expect(untranslated(readableText('<button aria-label="This page needs the organiser role">x</button>')).length).toBeGreaterThan(0);
  });

  it('lets French and Korean sentences, typed values, quoted emails, English-marked text and addresses through', () => {
    const html = `<main>
      <p>La fin doit venir après le début.</p><p>서초구를 초대했습니다.</p>
      <input name="startsAt" value="must be"><textarea name="notes">cannot come</textarea>
      <pre>Hello, the session is closed</pre><p lang="en">Your access: must be kept</p>
      <a href="https://passerelle.test/forums/x?camelCase=1">lien</a> santini@issy.test
    </main>`;
    expect(untranslated(readableText(html))).toEqual([]);
  });
});
