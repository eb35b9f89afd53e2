import { registerDecorator, ValidationOptions } from 'class-validator';
import { LOCALES } from './locale';
import { isValidLocalDate, isValidZone } from './time';

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
      options: { message: '$property must be a calendar date written YYYY-MM-DD', ...options },
      validator: { validate: (value: unknown) => typeof value === 'string' && isValidLocalDate(value) },
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
          typeof value === 'object' &&
          value !== null &&
          LOCALES.some((locale) => (value as Record<string, unknown>)[locale] !== undefined),
      },
    });
}
