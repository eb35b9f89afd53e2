import { ArgumentMetadata, ValidationError, ValidationPipe } from '@nestjs/common';
import { FieldError, ProblemException } from './problem';

function flatten(errors: ValidationError[], prefix = ''): FieldError[] {
  return errors.flatMap((error) => {
    const field = prefix ? `${prefix}.${error.property}` : error.property;
    const own = Object.values(error.constraints ?? {}).map((message) => ({ field, message }));
    return [...own, ...flatten(error.children ?? [], field)];
  });
}

// U+0000, or half of a surrogate pair: not text PostgreSQL will store (in text or jsonb).
const NOT_TEXT = new RegExp(String.raw`\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]`);

/** The dotted path of the first string in `value` that is not storable text, or null. */
function badTextField(value: unknown, path: string, depth = 0): string | null {
  if (typeof value === 'string') {
    return NOT_TEXT.test(value) ? path : null;
  }
  if (value && typeof value === 'object' && depth < 32) {
    for (const [key, child] of Object.entries(value)) {
      const field = path ? `${path}.${key}` : key;
      const found = NOT_TEXT.test(key) ? field : badTextField(child, field, depth + 1);
      if (found !== null) {
        return found;
      }
    }
  }
  return null;
}

// Names every object inherits: class-validator's whitelist finds them on its own metadata map
// (a plain object), so `constructor` or `toString` would pass as known fields.
const INHERITED_NAMES = new Set(Object.getOwnPropertyNames(Object.prototype));

/** The dotted path of the first key in `value` that names an inherited property, or null. */
function inheritedNameField(value: unknown, path: string, depth = 0): string | null {
  if (value && typeof value === 'object' && depth < 32) {
    for (const [key, child] of Object.entries(value)) {
      const field = path ? `${path}.${key}` : key;
      const found = INHERITED_NAMES.has(key) ? field : inheritedNameField(child, field, depth + 1);
      if (found !== null) {
        return found;
      }
    }
  }
  return null;
}

// Refused at the edge and named, rather than a 500 from PostgreSQL.
class EdgeValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (metadata.type !== 'custom') {
      const field = badTextField(value, metadata.data ?? '');
      if (field !== null) {
        throw ProblemException.validation([
          {
            field: field || metadata.type,
            message: `${field || metadata.type} must be Unicode text without U+0000 or unpaired surrogates`,
          },
        ]);
      }
      const inherited = metadata.type === 'param' ? null : inheritedNameField(value, metadata.data ?? '');
      if (inherited !== null) {
        throw ProblemException.validation([
          { field: inherited, message: `property ${inherited.split('.').at(-1)} should not exist`, constraint: 'whitelistValidation' },
        ]);
      }
    }
    return super.transform(value, metadata) as Promise<unknown>;
  }
}

/** The one validation pipe: whitelisted DTOs, unknown fields refused, errors named by field. */
export function createValidationPipe(): ValidationPipe {
  return new EdgeValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    stopAtFirstError: true,
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => ProblemException.validation(flatten(errors)),
  });
}
