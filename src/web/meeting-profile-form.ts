import { list, text } from './page-forms';
import type { FormBody } from './web-http';

/** The fields of the meeting profile form, the same on the member page and on the desk. */
export const PROFILE_FIELDS: ReadonlySet<string> = new Set([
  'offersThemeIds',
  'seeksThemeIds',
  'offersCompetences',
  'seeksCompetences',
  'partnerKinds',
  'partnerSizes',
  'languages',
]);

/** Free words typed in one box, split at commas (Latin, full-width, Korean) and lines. */
function tags(value: unknown): string[] {
  return text(value)
    .split(/[,，、\n]/)
    .map((tag) => tag.trim())
    .filter(Boolean);
}

/**
 * A sent profile form: `values` as the API takes them, `shown` as the form shows them again
 * (the free words as they were typed).
 */
export function profileForm(body: FormBody): { values: Record<string, string[]>; shown: Record<string, string | string[]> } {
  const values = {
    offersThemeIds: list(body.offersThemeIds),
    seeksThemeIds: list(body.seeksThemeIds),
    offersCompetences: tags(body.offersCompetences),
    seeksCompetences: tags(body.seeksCompetences),
    partnerKinds: list(body.partnerKinds),
    partnerSizes: list(body.partnerSizes),
    languages: tags(body.languages).map((code) => code.toLowerCase()),
  };
  const shown = {
    ...values,
    offersCompetences: text(body.offersCompetences),
    seeksCompetences: text(body.seeksCompetences),
    languages: text(body.languages),
  };
  return { values, shown };
}
