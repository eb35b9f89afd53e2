export const LOCALES = ['fr', 'ko', 'en'] as const;
export type Locale = (typeof LOCALES)[number];

/** A text in several languages; at least one is present. */
export type LocalizedText = Partial<Record<Locale, string>>;

const FALLBACK: readonly Locale[] = ['fr', 'en', 'ko'];

/** The text in the requested locale, else French, English, Korean (DESIGN.md, Languages). */
export function pickLocale(text: LocalizedText | null | undefined, requested: Locale): string {
  if (!text) {
    return '';
  }
  for (const locale of [requested, ...FALLBACK]) {
    const value = text[locale];
    if (value) {
      return value;
    }
  }
  return '';
}

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (LOCALES as readonly string[]).includes(value);
}
