import { LOCALES, type LocalizedText } from '../../common/locale';
import { renderInstant } from '../../common/time';
import type { Forum } from '../../forums/forum.entity';
import type { Session } from '../../programme/session.entity';
import { type LocalizeConstraint, list, text, validateAs } from '../page-forms';
import type { FormBody } from '../web-http';
import { fieldKey, type FormFields } from './desk-refusals';

export const HOST_SLOTS = [0, 1, 2] as const;

const capital = (locale: string): string => locale[0].toUpperCase() + locale.slice(1);

/** The form's own values, as typed (the form token left out), to show them again; ticked boxes as lists. */
export function typed(body: FormBody, lists: readonly string[] = []): Record<string, string | string[]> {
  return Object.fromEntries(
    Object.entries(body)
      .filter(([name]) => name !== '_csrf')
      .map(([name, value]) => [name, lists.includes(name) ? list(value) : text(value)]),
  );
}

/** `titleFr`, `titleKo`, `titleEn` as a localized text, blank languages left out. */
export function localized(body: FormBody, prefix: string): LocalizedText {
  const out: LocalizedText = {};
  for (const locale of LOCALES) {
    const value = text(body[`${prefix}${capital(locale)}`]).trim();
    if (value) {
      out[locale] = value;
    }
  }
  return out;
}

export function localizedValues(value: LocalizedText | null | undefined, prefix: string): Record<string, string> {
  return Object.fromEntries(LOCALES.map((locale) => [`${prefix}${capital(locale)}`, value?.[locale] ?? '']));
}

function orNull(value: unknown): string | null {
  const given = text(value).trim();
  return given === '' ? null : given;
}

/** A whole number as a number; anything else as typed, for the DTO's own check to refuse. */
export function count(value: unknown): number | string | null {
  const given = text(value).trim();
  return given === '' ? null : /^\d{1,9}$/.test(given) ? Number(given) : given;
}

const LOCALIZED_NAMES = (prefix: string): string[] => LOCALES.map((locale) => `${prefix}${capital(locale)}`);

/** A localized text's API paths (`title`, `title.fr`…) mapped to the form's fields (`titleFr`…). */
function localizedMap(field: string): Record<string, string> {
  return { [field]: `${field}Fr`, ...Object.fromEntries(LOCALES.map((locale) => [`${field}.${locale}`, `${field}${capital(locale)}`])) };
}

export const SESSION_FORM: FormFields = {
  scope: 'session',
  map: {
    ...localizedMap('title'),
    ...localizedMap('description'),
    hosts: 'host0',
    'hosts.organisationId': 'host0',
    'hosts.role': 'hostRole0',
    ...Object.fromEntries(
      HOST_SLOTS.flatMap((slot) => [
        [`hosts.${slot}.organisationId`, `host${slot}`],
        [`hosts.${slot}.role`, `hostRole${slot}`],
      ]),
    ),
  },
  names: [
    'kind',
    ...LOCALIZED_NAMES('title'),
    ...LOCALIZED_NAMES('description'),
    'themeId',
    'startsAt',
    'endsAt',
    'timeZone',
    'venueName',
    'venueCity',
    'venueAddress',
    'onlineUrl',
    'capacity',
    'interpretation',
    'interpretationLanguages',
    'meetingPoint',
    'transportNotes',
    ...HOST_SLOTS.flatMap((slot) => [`host${slot}`, `hostRole${slot}`]),
  ],
};

export const FORUM_FORM: FormFields = {
  scope: 'forum',
  map: { ...localizedMap('title'), ...localizedMap('description') },
  names: [
    'slug',
    'series',
    'editionNumber',
    ...LOCALIZED_NAMES('title'),
    ...LOCALIZED_NAMES('description'),
    'hostCountry',
    'timeZone',
    'startDate',
    'endDate',
    'maxDelegatesPerOrganisation',
    'status',
  ],
};

export const DEADLINE_FORM: FormFields = {
  scope: 'deadline',
  map: localizedMap('title'),
  names: ['kind', ...LOCALIZED_NAMES('title'), 'dueAt', 'timeZone', 'enforcement', 'reminderOffsets'],
};

export const CANCEL_FORM: FormFields = { names: ['reason'] };

/** An edition's values in its form. */
export function editionValues(forum: Forum): Record<string, string> {
  return {
    slug: forum.slug,
    series: forum.series,
    editionNumber: String(forum.editionNumber),
    ...localizedValues(forum.title, 'title'),
    ...localizedValues(forum.description, 'description'),
    hostCountry: forum.hostCountry,
    timeZone: forum.timeZone,
    status: forum.status,
    maxDelegatesPerOrganisation: forum.maxDelegatesPerOrganisation === null ? '' : String(forum.maxDelegatesPerOrganisation),
    startDate: forum.startDate ?? '',
    endDate: forum.endDate ?? '',
  };
}

/** The session form as the API's session payload. */
export function sessionPayload(body: FormBody): Record<string, unknown> {
  const hosts = HOST_SLOTS.filter((slot) => text(body[`host${slot}`])).map((slot) => ({
    organisationId: text(body[`host${slot}`]),
    role: text(body[`hostRole${slot}`]) || 'host',
  }));
  const status = text(body.status);
  return {
    kind: text(body.kind),
    title: localized(body, 'title'),
    description: localized(body, 'description'),
    themeId: orNull(body.themeId),
    startsAt: text(body.startsAt).trim(),
    endsAt: text(body.endsAt).trim(),
    timeZone: orNull(body.timeZone) ?? undefined,
    venueName: orNull(body.venueName),
    venueCity: orNull(body.venueCity),
    venueAddress: orNull(body.venueAddress),
    onlineUrl: orNull(body.onlineUrl),
    capacity: count(body.capacity),
    interpretation: text(body.interpretation) || 'none',
    interpretationLanguages: list(body.interpretationLanguages),
    meetingPoint: orNull(body.meetingPoint),
    transportNotes: orNull(body.transportNotes),
    hosts,
    ...(status ? { status } : {}),
  };
}

/** A session's values in the form: times as local date-times in the edition's zone. */
export function sessionValues(session: Session): Record<string, string | string[]> {
  const zone = session.forum.timeZone;
  const local = (instant: Date) => renderInstant(instant, zone).forum.local.slice(0, 16);
  const values: Record<string, string | string[]> = {
    kind: session.kind,
    ...localizedValues(session.title, 'title'),
    ...localizedValues(session.description, 'description'),
    themeId: session.theme?.id ?? '',
    startsAt: local(session.startsAt),
    endsAt: local(session.endsAt),
    timeZone: zone,
    venueName: session.venueName ?? '',
    venueCity: session.venueCity ?? '',
    venueAddress: session.venueAddress ?? '',
    onlineUrl: session.onlineUrl ?? '',
    capacity: session.capacity === null ? '' : String(session.capacity),
    interpretation: session.interpretation,
    interpretationLanguages: session.interpretationLanguages,
    meetingPoint: session.meetingPoint ?? '',
    transportNotes: session.transportNotes ?? '',
  };
  session.hosts.getItems().forEach((host, slot) => {
    values[`host${slot}`] = host.organisation.id;
    values[`hostRole${slot}`] = host.role;
  });
  return values;
}

/** Field errors under the form's names: the exact path first, then its catalogue key (`hosts.role`). */
function renamed(errors: Record<string, string>, map: Record<string, string> = {}): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [field, message] of Object.entries(errors)) {
    const name = map[field] ?? map[fieldKey(field)] ?? field;
    out[name] = out[name] ?? message;
  }
  return out;
}

/** Time zones as select options: Paris and Seoul, and any other the edition uses. */
export function zoneOptions(...zones: string[]): { value: string; label: string }[] {
  return [...new Set(zones)].map((zone) => ({ value: zone, label: zone }));
}

/**
 * Whole-number fields typed as words: the DTO's first failing check would be its maximum, so
 * the reader is told plainly that a whole number is wanted.
 */
function notWholeNumbers(body: FormBody, names: string[], message: string): Record<string, string> {
  // `count` leaves as typed exactly what is not a whole number.
  return Object.fromEntries(names.filter((name) => typeof count(body[name]) === 'string').map((name) => [name, message]));
}

export interface FormCheck {
  localize: LocalizeConstraint;
  /** The form: the API's field paths mapped to its names. */
  form: FormFields;
  /** Whole-number fields, and the sentence for one typed as words. */
  wholeNumbers?: { names: string[]; message: string };
}

/** A form's payload through the API's DTO checks: the value, or every error under the form's names. */
export async function checkForm<T extends object>(
  dto: new () => T,
  payload: Record<string, unknown>,
  body: FormBody,
  check: FormCheck,
): Promise<{ ok: true; value: T } | { ok: false; errors: Record<string, string> }> {
  const checked = await validateAs(dto, payload, check.localize);
  const numbers = check.wholeNumbers ? notWholeNumbers(body, check.wholeNumbers.names, check.wholeNumbers.message) : {};
  if (checked.ok && Object.keys(numbers).length === 0) {
    return checked;
  }
  return { ok: false, errors: { ...(checked.ok ? {} : renamed(checked.errors, check.form.map)), ...numbers } };
}
