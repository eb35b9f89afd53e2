import { HttpStatus } from '@nestjs/common';
import { ProblemCode, ProblemException } from './problem';
import { parseInstantInput } from './time';

/** An instant from a request field, or 400 problem details that name the field and say why. */
export function instantOf(value: string, zone: string | undefined, field: string): Date {
  const parsed = parseInstantInput(value, zone);
  if (parsed.ok) {
    return parsed.instant;
  }
  if (parsed.reason === 'nonexistent') {
    throw new ProblemException(HttpStatus.BAD_REQUEST, ProblemCode.NonexistentLocalTime, parsed.message, {
      errors: [{ field, message: parsed.message }],
    });
  }
  if (parsed.reason === 'ambiguous') {
    throw new ProblemException(HttpStatus.BAD_REQUEST, ProblemCode.AmbiguousLocalTime, parsed.message, {
      errors: [{ field, message: parsed.message }],
      candidates: parsed.candidates,
    });
  }
  if (parsed.reason === 'out_of_range') {
    throw ProblemException.validation([{ field, message: `${field}: ${parsed.message}`, constraint: 'dateInRange' }]);
  }
  throw ProblemException.validation([{ field: parsed.reason === 'bad_zone' ? 'timeZone' : field, message: parsed.message }]);
}
