import type { Locale } from '../common/locale';
import type { InterpretationMode } from './session.entity';

/** The interpretation modes as readers say them; the API keeps the codes. */
const MODE_LABELS: Record<Locale, Record<InterpretationMode, string>> = {
  fr: { none: 'aucune', consecutive: 'consécutive', simultaneous: 'simultanée', whispered: 'chuchotage' },
  ko: { none: '없음', consecutive: '순차 통역', simultaneous: '동시 통역', whispered: '위스퍼링 통역' },
  en: { none: 'none', consecutive: 'consecutive', simultaneous: 'simultaneous', whispered: 'whispered' },
};

/** The mode in the reader's words; `asChoice` starts it with a capital, as in a list to choose from. */
export function interpretationMode(mode: InterpretationMode, locale: Locale, asChoice = false): string {
  const words = MODE_LABELS[locale][mode];
  return asChoice ? `${words.charAt(0).toLocaleUpperCase(locale)}${words.slice(1)}` : words;
}

const languageNames = new Map<Locale, Intl.DisplayNames>();

/** "fr" → "français", "프랑스어", "French": a language code as the reader names the language. */
function languageName(code: string, locale: Locale): string {
  let names = languageNames.get(locale);
  if (!names) {
    names = new Intl.DisplayNames([locale], { type: 'language', fallback: 'code' });
    languageNames.set(locale, names);
  }
  try {
    return names.of(code) ?? code;
  } catch {
    // Not a language code Intl knows the shape of: said as stored.
    return code;
  }
}

/** "consécutive (français↔coréen)", "동시 통역 (프랑스어↔한국어)": a session's interpretation in the reader's words. */
export function interpretationText(mode: InterpretationMode, languages: readonly string[], locale: Locale): string {
  const label = interpretationMode(mode, locale);
  return languages.length > 0 ? `${label} (${languages.map((code) => languageName(code, locale)).join('↔')})` : label;
}
