import { HttpStatus } from '@nestjs/common';
import { type FieldError, ProblemCode, ProblemException } from './problem';

/**
 * What a request body may hold, checked on its text before anything parses it into objects or
 * validates it: a body past these limits costs one linear scan, never a stalled event loop.
 * The largest body the API takes (500 organisations invited at once, registration answers) is
 * far below them.
 */
export const BODY_LIMITS = {
  /** Keys (names) in the whole body, all levels together; for a form, its fields. */
  keys: 1_000,
  /** Objects and arrays nested in one another. */
  depth: 16,
  /** Items in one array; for a form, values of one name. */
  arrayLength: 1_000,
} as const;

/** Offending fields a refusal names: the first few, so that its answer stays small. */
export const NAMED_FIELDS = 5;

const NAME_SHOWN = 60;

function shown(name: string): string {
  return name.length > NAME_SHOWN ? `${name.slice(0, NAME_SHOWN)}…` : name;
}

interface Frame {
  array: boolean;
  /** Items (array) or keys (object) seen so far. */
  count: number;
  /** The key whose value is being read (object), as written in the body. */
  key: string;
  expectKey: boolean;
  tooLong: boolean;
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const COMMA = 0x2c;
const COLON = 0x3a;

function pathOf(stack: Frame[], upTo = stack.length): string {
  const parts: string[] = [];
  for (let i = 0; i < upTo; i += 1) {
    const frame = stack[i];
    parts.push(frame.array ? String(frame.count) : shown(frame.key));
  }
  return parts.join('.');
}

export interface JsonScan {
  /** The first few places the body breaks BODY_LIMITS; empty when it keeps them. */
  beyond: FieldError[];
  /** The path of the first key named `__proto__`, which no parsed body may carry, or null. */
  protoKey: string | null;
}

/**
 * The first few places where a JSON text breaks BODY_LIMITS, in one pass over its characters
 * (strings skipped, nothing allocated but the stack of open containers and the keys' names).
 * Malformed JSON is left to the parser.
 */
export function scanJson(text: string, limits = BODY_LIMITS): JsonScan {
  const errors: FieldError[] = [];
  let protoKey: string | null = null;
  const stack: Frame[] = [];
  let keys = 0;
  let tooDeep = false;
  let inString = false;
  let stringStart = 0;
  for (let i = 0; i < text.length && errors.length < NAMED_FIELDS; i += 1) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === BACKSLASH) {
        i += 1;
      } else if (c === QUOTE) {
        inString = false;
        const top = stack.at(-1);
        if (top && !top.array && top.expectKey) {
          top.key = text.slice(stringStart + 1, Math.min(i, stringStart + 1 + NAME_SHOWN + 1));
          if (protoKey === null && top.key === '__proto__') {
            protoKey = pathOf(stack);
          }
        }
      }
      continue;
    }
    switch (c) {
      case QUOTE:
        inString = true;
        stringStart = i;
        break;
      case OPEN_BRACE:
      case OPEN_BRACKET:
        if (stack.length >= limits.depth) {
          if (!tooDeep) {
            tooDeep = true;
            const field = pathOf(stack) || 'body';
            errors.push({
              field,
              message: `${field} nests objects and arrays more than ${limits.depth} levels deep`,
              constraint: 'maxDepth',
            });
          }
          // Deeper levels are not named again; their closing brackets still pop what was pushed.
        }
        stack.push({ array: c === OPEN_BRACKET, count: 0, key: '', expectKey: c === OPEN_BRACE, tooLong: false });
        break;
      case CLOSE_BRACE:
      case CLOSE_BRACKET:
        stack.pop();
        break;
      case COLON: {
        const top = stack.at(-1);
        if (top && !top.array) {
          top.expectKey = false;
          top.count += 1;
          keys += 1;
          if (keys > limits.keys) {
            const field = pathOf(stack) || 'body';
            errors.push({ field, message: `the body has more than ${limits.keys} keys: ${field} is one too many`, constraint: 'maxKeys' });
          }
        }
        break;
      }
      case COMMA: {
        const top = stack.at(-1);
        if (top?.array) {
          top.count += 1;
          if (top.count >= limits.arrayLength && !top.tooLong) {
            top.tooLong = true;
            const field = pathOf(stack, stack.length - 1) || 'body';
            errors.push({ field, message: `${field} has more than ${limits.arrayLength} items`, constraint: 'arrayMaxSize' });
          }
        } else if (top) {
          top.expectKey = true;
        }
        break;
      }
      default:
        break;
    }
  }
  return { beyond: errors, protoKey };
}

/**
 * The first few places where a form body (application/x-www-form-urlencoded) breaks BODY_LIMITS:
 * more fields than keys allows (all names together), read without parsing the whole body.
 */
export function formBeyondLimits(body: string, limits = BODY_LIMITS): FieldError[] {
  const pieces = body.split('&', limits.keys + NAMED_FIELDS + 1).filter((piece) => piece !== '');
  if (pieces.length <= limits.keys) {
    return [];
  }
  return pieces.slice(limits.keys, limits.keys + NAMED_FIELDS).map((piece) => {
    const raw = piece.split('=', 1)[0];
    let field: string;
    try {
      field = shown(decodeURIComponent(raw.replace(/\+/g, ' '))) || 'body';
    } catch {
      field = shown(raw) || 'body';
    }
    return { field, message: `the form has more than ${limits.keys} fields: ${field} is one too many`, constraint: 'maxKeys' };
  });
}

/** 400 problem details naming the first few places a body breaks its limits. */
export function bodyTooComplex(errors: FieldError[]): ProblemException {
  const named = errors.slice(0, NAMED_FIELDS);
  const problem = new ProblemException(
    HttpStatus.BAD_REQUEST,
    ProblemCode.BodyTooComplex,
    `The request body is beyond what Passerelle reads (at most ${BODY_LIMITS.keys} keys, ${BODY_LIMITS.depth} levels of nesting, ${BODY_LIMITS.arrayLength} items per array): ${named.map((e) => e.message).join('; ')}.`,
    { errors: named, limits: { ...BODY_LIMITS } },
  );
  // Fastify reads the status of an error a body parser hands it.
  return Object.assign(problem, { statusCode: HttpStatus.BAD_REQUEST });
}
