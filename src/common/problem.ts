import { HttpStatus } from '@nestjs/common';

/** Stable machine-readable codes carried by every problem-details body. */
export const ProblemCode = {
  ValidationFailed: 'VALIDATION_FAILED',
  MalformedRequest: 'MALFORMED_REQUEST',
  Unauthorized: 'UNAUTHORIZED',
  Forbidden: 'FORBIDDEN',
  NotFound: 'NOT_FOUND',
  MethodNotAllowed: 'METHOD_NOT_ALLOWED',
  Conflict: 'CONFLICT',
  SlugTaken: 'SLUG_TAKEN',
  EmailTaken: 'EMAIL_TAKEN',
  OrganisationInUse: 'ORGANISATION_IN_USE',
  DuplicatePartnership: 'DUPLICATE_PARTNERSHIP',
  RateLimited: 'RATE_LIMITED',
  DuplicateOption: 'DUPLICATE_OPTION',
  PollClosed: 'POLL_CLOSED',
  NotInvited: 'NOT_INVITED',
  InvalidTransition: 'INVALID_TRANSITION',
  VenueTaken: 'VENUE_TAKEN',
  DeadlinePassed: 'DEADLINE_PASSED',
  SessionFull: 'SESSION_FULL',
  TimeClash: 'TIME_CLASH',
  DelegateLimit: 'DELEGATE_LIMIT',
  AlreadyRegistered: 'ALREADY_REGISTERED',
  SessionPublished: 'SESSION_PUBLISHED',
  SessionCancelled: 'SESSION_CANCELLED',
  NonexistentLocalTime: 'NONEXISTENT_LOCAL_TIME',
  AmbiguousLocalTime: 'AMBIGUOUS_LOCAL_TIME',
  LinkInvalid: 'LINK_INVALID',
  PayloadTooLarge: 'PAYLOAD_TOO_LARGE',
  BodyTooComplex: 'BODY_TOO_COMPLEX',
  UnsupportedMediaType: 'UNSUPPORTED_MEDIA_TYPE',
  ServiceUnavailable: 'SERVICE_UNAVAILABLE',
  InternalError: 'INTERNAL_ERROR',
} as const;
export type ProblemCode = (typeof ProblemCode)[keyof typeof ProblemCode];

/** Field errors a problem lists at most; the count of the others is in `moreErrors`. */
export const MAX_FIELD_ERRORS = 10;

export interface FieldError {
  /** Dotted path of the offending field, e.g. `title.fr`. */
  field: string;
  message: string;
  /**
   * The rule the value broke, by a stable name (class-validator's, such as `maxLength`, or the
   * service's own, such as `requiredToConfirm`), so that pages can say it in the reader's language.
   */
  constraint?: string;
}

export interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: ProblemCode;
  instance?: string;
  errors?: FieldError[];
  [extension: string]: unknown;
}

export function problemType(code: ProblemCode): string {
  return `urn:passerelle:problem:${code.toLowerCase().replace(/_/g, '-')}`;
}

/** An error the API reports as problem details, with its stable code. */
export class ProblemException extends Error {
  constructor(
    readonly status: HttpStatus,
    readonly code: ProblemCode,
    readonly detail: string,
    readonly extensions: { errors?: FieldError[] } & Record<string, unknown> = {},
  ) {
    super(detail);
    this.name = 'ProblemException';
  }

  static notFound(what: string, id: string): ProblemException {
    return new ProblemException(HttpStatus.NOT_FOUND, ProblemCode.NotFound, `${what} "${id}" does not exist.`);
  }

  static conflict(code: ProblemCode, detail: string, field?: string): ProblemException {
    return new ProblemException(HttpStatus.CONFLICT, code, detail, field ? { errors: [{ field, message: detail }] } : {});
  }

  /** 400 naming the fields at fault: the first MAX_FIELD_ERRORS of them, so that the answer stays small whatever was sent. */
  static validation(errors: FieldError[], detail?: string): ProblemException {
    const named = errors.slice(0, MAX_FIELD_ERRORS);
    const more = errors.length - named.length;
    return new ProblemException(
      HttpStatus.BAD_REQUEST,
      ProblemCode.ValidationFailed,
      detail ??
        `The request is invalid: ${named.map((e) => `${e.field}: ${e.message}`).join('; ')}${more > 0 ? `; and ${more} more` : ''}.`,
      more > 0 ? { errors: named, moreErrors: more } : { errors: named },
    );
  }
}
