import { plainToInstance } from 'class-transformer';
import { validate, type ValidationError } from 'class-validator';
import { ProblemException } from '../common/problem';
import type { FormState } from './page-renderer.service';

/** A constraint's message in the reader's language, or the API's own sentence; `field` is the dotted path. */
export type LocalizeConstraint = (constraint: string, fallback: string, field: string) => string;

function flatten(errors: ValidationError[], localize: LocalizeConstraint, prefix = ''): [string, string][] {
  return errors.flatMap((error) => {
    const field = prefix ? `${prefix}.${error.property}` : error.property;
    const own = Object.entries(error.constraints ?? {}).map(([constraint, message]): [string, string] => [
      field,
      localize(constraint, message, field),
    ]);
    return [...own, ...flatten(error.children ?? [], localize, field)];
  });
}

/** The API's own DTO checks, run on a form's values: the same rules, errors by field. */
export async function validateAs<T extends object>(
  dto: new () => T,
  plain: Record<string, unknown>,
  localize: LocalizeConstraint = (_, fallback) => fallback,
): Promise<{ ok: true; value: T } | { ok: false; errors: Record<string, string> }> {
  const value = plainToInstance(dto, plain);
  const errors = await validate(value, { whitelist: true, forbidNonWhitelisted: true, stopAtFirstError: true });
  if (errors.length === 0) {
    return { ok: true, value };
  }
  return { ok: false, errors: Object.fromEntries(flatten(errors, localize).reverse()) };
}

/**
 * A service's refusal as form errors: its field errors next to the fields (renamed by `fields`
 * from the API's dotted paths to the form's names), anything else above the form.
 */
export function formFromProblem(error: unknown, values: Record<string, unknown>, fields: Record<string, string> = {}): FormState {
  if (!(error instanceof ProblemException) || Number(error.status) >= 500) {
    throw error;
  }
  const errors: Record<string, string> = {};
  for (const fieldError of error.extensions.errors ?? []) {
    const name = fields[fieldError.field] ?? fieldError.field;
    errors[name] = errors[name] ?? fieldError.message;
  }
  return { values, errors, general: Object.keys(errors).length === 0 ? error.detail : undefined };
}

/** A form field as one text (the last sent, should a name come twice). */
export function text(value: unknown): string {
  return Array.isArray(value) ? String(value.at(-1) ?? '') : typeof value === 'string' ? value : '';
}

/** A form field as a list (checkboxes). */
export function list(value: unknown): string[] {
  return Array.isArray(value) ? value.map(String) : typeof value === 'string' && value !== '' ? [value] : [];
}
