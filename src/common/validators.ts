import { domainToASCII, domainToUnicode } from 'node:url';
import { registerDecorator, ValidationOptions } from 'class-validator';
import { LOCALES } from './locale';
import { DATE_RANGE, isLocalDateInRange, isValidZone } from './time';

export function IsIanaZone(options?: ValidationOptions): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'isIanaZone',
      target: target.constructor,
      propertyName: propertyName as string,
      options: { message: '$property must be an IANA time zone such as Asia/Seoul or Europe/Paris', ...options },
      validator: { validate: (value: unknown) => typeof value === 'string' && isValidZone(value) },
    });
}

export function IsLocalDate(options?: ValidationOptions): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'isLocalDate',
      target: target.constructor,
      propertyName: propertyName as string,
      options: {
        message: `$property must be a calendar date written YYYY-MM-DD, from ${DATE_RANGE.first} to ${DATE_RANGE.last}`,
        ...options,
      },
      validator: { validate: (value: unknown) => typeof value === 'string' && isLocalDateInRange(value) },
    });
}

/** A localized text with at least one language (fr, ko or en); each text's own rules say if it may be empty. */
export function HasSomeLocale(options?: ValidationOptions): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'hasSomeLocale',
      target: target.constructor,
      propertyName: propertyName as string,
      options: { message: '$property needs a text in at least one of fr, ko, en', ...options },
      validator: {
        validate: (value: unknown) =>
          typeof value === 'object' && value !== null && LOCALES.some((locale) => (value as Record<string, unknown>)[locale] !== undefined),
      },
    });
}

// RFC 5322 dot-atom in ASCII: no quoted local part, no comments, no spaces.
const LOCAL_PART = /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*$/;
const ASCII_LABEL = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/;
// Letters a domain label may hold beyond ASCII: French and other Latin letters with their accents
// (Latin-1 and Latin Extended-A, without the dotless i, kra and long s that pass for i, k and f),
// Hangul syllables and Hanja. Everything else (Cyrillic or Greek letters that look Latin, full-width
// forms, Hangul fillers, zero-width and other invisible characters) is refused, whatever its script.
const LATIN_ACCENTED = /^[\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u0130\u0132-\u0137\u0139-\u017e]$/u;
const KOREAN = /^[\uac00-\ud7a3\u3400-\u4dbf\u4e00-\u9fff]$/u;

/** One label, once decoded: ASCII letters and digits, Latin accents, Hangul and Hanja; Latin and Korean mixed only as UTS #39 allows. */
function isPlainUnicodeLabel(label: string): boolean {
  if (label.length === 0 || label.startsWith('-') || label.endsWith('-') || label.normalize('NFC') !== label) {
    return false;
  }
  let accented = false;
  let korean = false;
  for (const character of label) {
    if (/^[A-Za-z0-9-]$/.test(character)) {
      continue;
    }
    if (LATIN_ACCENTED.test(character)) {
      accented = true;
    } else if (KOREAN.test(character)) {
      korean = true;
    } else {
      return false;
    }
  }
  // Accented Latin beside Hangul in one label is no one's address, and the start of a look-alike.
  return !(accented && korean);
}

function isPlainDomain(domain: string): boolean {
  const labels = domain.split('.');
  if (labels.length < 2 || /^[0-9]+$/.test(labels[labels.length - 1])) {
    return false;
  }
  for (const label of labels) {
    // An A-label is judged by what it shows once decoded: xn--pypal-4ve is "pаypal" with a Cyrillic а.
    const shown = /^xn--/i.test(label) ? domainToUnicode(label) : label;
    if (/^xn--/i.test(shown) || !(ASCII_LABEL.test(shown) || isPlainUnicodeLabel(shown))) {
      return false;
    }
  }
  const ascii = domainToASCII(domain);
  return ascii.length > 0 && ascii.length <= 253;
}

/**
 * An address a person can read back without being fooled: an ASCII local part without quotes,
 * and a domain whose labels are ASCII, accented Latin, or Hangul and Hanja (IDN allowed), with
 * no invisible, full-width or mixed-script look-alike characters.
 */
export function isEmailAddress(value: unknown): value is string {
  if (typeof value !== 'string' || value.length > 254) {
    return false;
  }
  const at = value.lastIndexOf('@');
  const local = value.slice(0, at);
  return at > 0 && local.length <= 64 && LOCAL_PART.test(local) && isPlainDomain(value.slice(at + 1));
}

/** The one email validator of every DTO that takes an address (see isEmailAddress). */
export function IsEmailAddress(options?: ValidationOptions): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'isEmailAddress',
      target: target.constructor,
      propertyName: propertyName as string,
      options: {
        message:
          '$property must be an email address such as c.millan@ville-issy.fr, without quotes, spaces, invisible or look-alike characters',
        ...options,
      },
      validator: { validate: (value: unknown) => isEmailAddress(value) },
    });
}
