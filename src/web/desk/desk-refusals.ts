import { type FieldError, ProblemException } from '../../common/problem';
import type { FormState } from '../page-renderer.service';
import { fieldNames, ruleSentenceKey } from '../page-refusals';

/**
 * Where a reader's sentences come from: the desk catalogue, in the page's language. The API keeps
 * its codes and English details; what a page shows is looked up here by code and field, never
 * copied from the problem.
 */
export interface Wording {
  has(key: string): boolean;
  t(key: string, params?: Record<string, unknown>): string;
}

/** A desk form as refusals need it. */
export interface FormFields {
  /** The API's field paths (after `fieldKey`) mapped to the form's names, where they differ. */
  map?: Record<string, string>;
  /** The form's own fields: an error on any other is shown above the form, never lost. */
  names: readonly string[];
  /** A form whose fields need their own wording (`fieldErrors.<scope>.<field>`), e.g. `session`. */
  scope?: string;
  /** Words the sentences may use, such as the edition's dates. */
  params?: Record<string, unknown>;
}

/**
 * An API field path as the catalogues name it: list indexes and ids dropped, so `hosts.0.role` is
 * `hosts.role`, `answers.<uuid>` is `answers`, `themeIds.2` is `themeIds`.
 */
export function fieldKey(path: string): string {
  return fieldNames(path).join('.');
}

/** The sentence for a refusal as a whole: its code's, else the catalogue's plain one. */
export function refusalSentence(wording: Wording, code: string, params: Record<string, unknown> = {}): string {
  return wording.t(wording.has(`refusal.${code}`) ? `refusal.${code}` : 'refusal.default', params);
}

/** The sentence for one field a service refused. */
function fieldSentence(wording: Wording, code: string, error: FieldError, form: FormFields): string {
  const key = fieldKey(error.field);
  const params = form.params ?? {};
  if (code !== 'VALIDATION_FAILED' && wording.has(`refusal.${code}`)) {
    return wording.t(`refusal.${code}`, params);
  }
  // A rule the service names (a date out of range, a period too long) says more than the field's usual sentence.
  const ruleKey = ruleSentenceKey(error, (candidate) => wording.has(candidate));
  if (ruleKey !== undefined) {
    return wording.t(ruleKey, params);
  }
  for (const candidate of [form.scope ? `fieldErrors.${form.scope}.${key}` : null, `fieldErrors.${key}`]) {
    if (candidate && wording.has(candidate)) {
      return wording.t(candidate, params);
    }
  }
  return wording.t('fieldErrors.default', params);
}

/**
 * Errors by form field: those on a field the form has stay there; the others are gathered above
 * the form, each after the name of what it concerns.
 */
export function placeErrors(
  errors: Record<string, string>,
  form: FormFields,
  wording: Wording,
  general?: string,
): FormState['errors'] & { _general?: string } {
  const placed: Record<string, string> = {};
  const above: string[] = general ? [general] : [];
  for (const [name, message] of Object.entries(errors)) {
    if (form.names.includes(name)) {
      placed[name] = placed[name] ?? message;
    } else {
      const label = wording.has(`fieldNames.${fieldKey(name)}`) ? wording.t(`fieldNames.${fieldKey(name)}`) : null;
      above.push(label ? wording.t('refusal.about', { field: label, message }) : message);
    }
  }
  return above.length > 0 ? { ...placed, _general: above.join(' ') } : placed;
}

/** Field errors and the sentence above the form, as a form state. */
export function formState(
  values: Record<string, unknown>,
  errors: Record<string, string>,
  form: FormFields,
  wording: Wording,
  general?: string,
): FormState {
  const { _general, ...placed } = placeErrors(errors, form, wording, general);
  return { values, errors: placed, general: _general };
}

/**
 * A service's refusal as the form's errors, in the reader's language: each field it names next
 * to that field (renamed from the API's path), the rest above the form. Errors of the server
 * itself go on to the error page.
 */
export function refusalForm(error: unknown, values: Record<string, unknown>, form: FormFields, wording: Wording): FormState {
  if (!(error instanceof ProblemException) || Number(error.status) >= 500) {
    throw error;
  }
  const errors: Record<string, string> = {};
  for (const fieldError of error.extensions.errors ?? []) {
    const name = form.map?.[fieldError.field] ?? form.map?.[fieldKey(fieldError.field)] ?? fieldError.field;
    let sentence = fieldSentence(wording, error.code, fieldError, form);
    if (Array.isArray(error.extensions.candidates)) {
      // Both readings of a local time the clocks pass twice: instants, in no language.
      sentence = `${sentence} (${error.extensions.candidates.map(String).join(' · ')})`;
    }
    errors[name] = errors[name] ?? sentence;
  }
  const general = Object.keys(errors).length === 0 ? refusalSentence(wording, error.code, form.params) : undefined;
  return formState(values, errors, form, wording, general);
}
