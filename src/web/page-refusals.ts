import { UUID_PATTERN } from '../common/id.pipe';
import { isLocale, type Locale, type LocalizedText, pickLocale } from '../common/locale';
import { type FieldError, ProblemCode, type ProblemDetails, ProblemException } from '../common/problem';
import { type InstantRendering, readableTime } from '../common/time';
import type { FormState } from './page-renderer.service';

/**
 * One language's catalogue as refusals read it. The member pages pass the renderer's
 * (`PageRenderer.messages(locale)`); another set of pages can pass its own messages in front of
 * those, as long as `refusal.*`, `field.*`, `validation.*` and `lang.*` still answer.
 */
export interface Messages {
  readonly locale: Locale;
  t(key: string, params?: Record<string, unknown>): string;
  has(key: string): boolean;
  /** Whether a text is one of the catalogue's own sentences: a refusal the pages wrote for this reader. */
  says(text: string): boolean;
}

export interface RefusalContext {
  /** The organisers' mailbox, for refusals that send the reader to them. */
  mailbox: string;
  /** Where the form shows an API field's error: the form field's name, or undefined to say it above the form. */
  place?: (field: string) => string | undefined;
  /** A session's title in the reader's language (a time clash names both sessions). */
  sessionTitle?: (sessionId: string) => string | undefined;
}

/** What a refusal says to the reader: beside fields (by the form's names), and above the form. */
export interface Refusal {
  fields: Record<string, string>;
  general?: string;
}

type Problem = Pick<ProblemDetails, 'status' | 'code' | 'detail' | 'errors'> & Record<string, unknown>;

function asProblem(error: ProblemException | ProblemDetails): Problem {
  return error instanceof ProblemException
    ? { ...error.extensions, status: Number(error.status), code: error.code, detail: error.detail }
    : error;
}

/**
 * A refusal of the API's services in the reader's words. The services keep their codes, field
 * paths and English sentences for the API; the pages show none of them: each code, each broken
 * rule (`FieldError.constraint`, class-validator's names) and each field has its message in
 * templates/pages/i18n, with what the reader needs from the problem's details (the deadline and
 * its time in Paris and Seoul, the sessions that clash, the minutes to wait). A detail the pages
 * themselves wrote in the reader's language is kept as it is.
 */
export function describeRefusal(error: ProblemException | ProblemDetails, messages: Messages, context: RefusalContext): Refusal {
  const problem = asProblem(error);
  // A body past the limits names fields no form has: one sentence says it all.
  if (problem.code === ProblemCode.BodyTooComplex) {
    return { fields: {}, general: problemMessage(problem, messages, context) };
  }
  const fields: Record<string, string> = {};
  const unplaced: string[] = [];
  for (const fieldError of problem.errors ?? []) {
    const message = fieldMessage(problem, fieldError, messages, context);
    const name = context.place?.(fieldError.field);
    if (name !== undefined) {
      fields[name] = fields[name] ?? message;
    } else {
      unplaced.push(messages.t('refusal.fieldError', { field: fieldLabel(fieldError.field, messages), message }));
    }
  }
  if (unplaced.length > 0) {
    return { fields, general: messages.t('refusal.fields', { fields: unplaced.join(' · ') }) };
  }
  return Object.keys(fields).length > 0 ? { fields } : { fields, general: problemMessage(problem, messages, context) };
}

/**
 * A service's refusal as the form shows it again: what was typed, each error beside its field,
 * anything else above. Errors that are not refusals (a 5xx, a bug) go on to the error page.
 */
export function refusalForm(error: unknown, values: Record<string, unknown>, messages: Messages, context: RefusalContext): FormState {
  if (!(error instanceof ProblemException) || Number(error.status) >= 500) {
    throw error;
  }
  const refusal = describeRefusal(error, messages, context);
  return { values, errors: refusal.fields, general: refusal.general };
}

/** An API field path's names: list indexes and ids dropped, so `hosts.0.role` is `hosts`, `role`. */
export function fieldNames(path: string): string[] {
  return path.split('.').filter((segment) => !/^\d+$/.test(segment) && !UUID_PATTERN.test(segment));
}

/**
 * The catalogue key of the sentence for a rule a field broke: the field's own for that rule, since
 * one rule may mean different things on different fields (`matches`: not blank, or codes such as
 * fr, ko), else the rule's; undefined when the catalogue has neither. Shared with the desk, for
 * the services' refusals and for the forms' own checks.
 */
export function ruleSentenceKey(fieldError: Pick<FieldError, 'field' | 'constraint'>, has: (key: string) => boolean): string | undefined {
  if (!fieldError.constraint) {
    return undefined;
  }
  const field = fieldNames(fieldError.field).at(-1);
  return [field === undefined ? null : `validation.${field}.${fieldError.constraint}`, `validation.${fieldError.constraint}`].find(
    (key): key is string => key !== null && has(key),
  );
}

/** An API field path in the reader's words: `contact.email` is the email, `title.ko` the title in Korean. */
export function fieldLabel(path: string, messages: Messages): string {
  const segments = fieldNames(path);
  const last = segments.at(-1);
  const owner = segments.at(-2);
  if (last !== undefined && isLocale(last) && owner !== undefined && messages.has(`field.${owner}`)) {
    return `${messages.t(`field.${owner}`)} (${messages.t(`lang.${last}`)})`;
  }
  const known = [...segments].reverse().find((segment) => messages.has(`field.${segment}`));
  return known ? messages.t(`field.${known}`) : messages.t('refusal.unknownField');
}

function fieldMessage(problem: Problem, fieldError: FieldError, messages: Messages, context: RefusalContext): string {
  const ruleKey = ruleSentenceKey(fieldError, (key) => messages.has(key));
  if (ruleKey !== undefined) {
    return messages.t(ruleKey);
  }
  // A conflict or a local time that does not exist, named on its field: the code says it all.
  return problem.code === ProblemCode.ValidationFailed || problem.code === ProblemCode.MalformedRequest
    ? messages.t('validation.invalid')
    : problemMessage(problem, messages, context);
}

interface DeadlineDetail {
  title: LocalizedText;
  dueAt: InstantRendering;
}

type Detailed = (problem: Problem, messages: Messages, context: RefusalContext) => string | undefined;

/** The codes whose problems carry what the reader needs to know: said with those details when present. */
const DETAILED: Partial<Record<ProblemCode, Detailed>> = {
  [ProblemCode.DeadlinePassed]: (problem, messages, { mailbox }) => {
    const deadline = problem.deadline as DeadlineDetail | undefined;
    return (
      deadline?.dueAt &&
      messages.t('refusal.deadlinePassed', {
        deadline: pickLocale(deadline.title, messages.locale),
        paris: readableTime(deadline.dueAt.paris),
        seoul: readableTime(deadline.dueAt.seoul),
        mailbox,
      })
    );
  },
  [ProblemCode.TimeClash]: (problem, messages, context) => {
    const [session, other] = (problem.sessions as { id: string; title: string }[] | undefined) ?? [];
    const title = (entry: { id: string; title: string }) => context.sessionTitle?.(entry.id) ?? entry.title;
    return session && other ? messages.t('refusal.timeClash', { session: title(session), other: title(other) }) : undefined;
  },
  [ProblemCode.DelegateLimit]: (problem, messages) =>
    typeof problem.limit === 'number' ? messages.t('refusal.delegateLimit', { limit: problem.limit }) : undefined,
  [ProblemCode.RateLimited]: (problem, messages) =>
    typeof problem.retryAfterSeconds === 'number'
      ? messages.t('refusal.rateLimited', { minutes: Math.max(1, Math.ceil(problem.retryAfterSeconds / 60)) })
      : undefined,
  [ProblemCode.Conflict]: (problem, messages) =>
    problem.registrationStatus === 'excused'
      ? messages.t('refusal.registrationExcused')
      : problem.registrationStatus === 'cancelled'
        ? messages.t('refusal.registrationCancelled')
        : undefined,
};

function problemMessage(problem: Problem, messages: Messages, context: RefusalContext): string {
  if (messages.says(problem.detail)) {
    return problem.detail;
  }
  const detailed = DETAILED[problem.code]?.(problem, messages, context);
  if (detailed) {
    return detailed;
  }
  if (messages.has(`refusal.${problem.code}`)) {
    return messages.t(`refusal.${problem.code}`, { mailbox: context.mailbox });
  }
  // A code newer than the catalogue still gets a sentence of the reader's, by its status.
  return messages.t(
    messages.has(`error.${problem.status}.text`)
      ? `error.${problem.status}.text`
      : problem.status >= 500
        ? 'refusal.INTERNAL_ERROR'
        : 'refusal.CONFLICT',
  );
}
