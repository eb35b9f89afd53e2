import fc from 'fast-check';

/** The parts of an OpenAPI 3 document the fuzzer reads. */
export interface Schema {
  $ref?: string;
  type?: string;
  format?: string;
  enum?: unknown[];
  example?: unknown;
  items?: Schema;
  properties?: Record<string, Schema>;
  required?: string[];
  allOf?: Schema[];
  oneOf?: Schema[];
  anyOf?: Schema[];
  nullable?: boolean;
  minimum?: number;
  maximum?: number;
  additionalProperties?: boolean | Schema;
}

interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  schema?: Schema;
}

interface Operation {
  parameters?: Parameter[];
  requestBody?: { content?: Record<string, { schema?: Schema }> };
}

export interface OpenApiDocument {
  paths: Record<string, Record<string, Operation>>;
  components?: { schemas?: Record<string, Schema> };
}

export interface Endpoint {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  path: string;
  pathParams: string[];
  query: Parameter[];
  body?: Schema;
}

export interface FuzzRequest {
  method: Endpoint['method'];
  url: string;
  /** A JSON value, or raw text sent as-is (malformed JSON, another content type). */
  payload?: { json: unknown } | { raw: string; contentType: string };
  /** Which credentials: the organiser token, a magic link of another organisation, none. */
  as: 'admin' | 'authority' | 'anonymous';
}

export function endpointsOf(document: OpenApiDocument): Endpoint[] {
  return Object.entries(document.paths).flatMap(([path, operations]) =>
    Object.entries(operations).map(([method, operation]) => ({
      method: method.toUpperCase() as Endpoint['method'],
      path,
      pathParams: (operation.parameters ?? []).filter((p) => p.in === 'path').map((p) => p.name),
      query: (operation.parameters ?? []).filter((p) => p.in === 'query'),
      body: operation.requestBody?.content?.['application/json']?.schema,
    })),
  );
}

// Text that has broken parsers, databases and templates before.
const NASTY_STRINGS = [
  '',
  ' ',
  '\u0000',
  'a\u0000b',
  '\ud800',
  '\udfff\ud800',
  '\u202e\u0645\u0631\u062d\u0628\u0627',
  '\ufeff',
  'e\u0301\u0301\u0301',
  '👨‍👩‍👧‍👦🇰🇷🇫🇷',
  '한불 지방정부 포럼',
  '=HYPERLINK("http://x.test")',
  '<script>alert(1)</script>',
  "'; drop table forum; --",
  '%00',
  '%zz',
  '../../etc/passwd',
  'Name\r\nBcc: victim@example.test',
  '{{title}}',
  'null',
  'NaN',
  '-0',
  '1e309',
  'x'.repeat(300),
  'ü'.repeat(5_000),
];
const NASTY_DATES = [
  '2024-02-30',
  '2024-13-01',
  '2023-02-29',
  '0000-00-00',
  '9999-12-31',
  '+275760-09-13',
  '-001000-01-01',
  '2024-09-24T25:00',
  '2024-09-24T09:00:00+25:00',
  '2024-03-31T02:30',
  '2024-10-27T02:30',
  '2024-09-24T09:00:00.123456789Z',
  '2024-09-24 09:00',
  '24/09/2024',
  '1970-01-01T00:00:00Z',
  // Dates past the range Passerelle takes (1950-01-01 to 2100-12-31), and periods over centuries.
  '0000-01-01',
  '0001-01-01',
  '1900-01-01',
  '1949-12-31',
  '2101-01-01',
  '0000-01-01T00:00',
  '0001-01-01T00:00:00+09:00',
  '9999-12-31T23:59:59Z',
  '2101-01-01T00:00',
  '2024-W39-2',
  'P1D',
  'PT0S',
  'P-1D',
  'P999999999Y',
  'PT1.5H',
];
const NASTY_ZONES = [
  'Mars/Olympus',
  'UTC+25',
  'europe/paris',
  'Europe/Paris\u0000',
  'Etc/GMT+14',
  'Etc/GMT-14',
  'Asia/Pyongyang',
  'Local',
  'Z',
  '+09:00',
  'EST5EDT',
  'Factory',
];
const NASTY_NUMBERS = [-1, 0, 1.5, -0.000001, 2 ** 31, 2 ** 31 - 1, -(2 ** 31), 2 ** 53 + 1, 1e308, -1e308, Number.MIN_VALUE];

/** Percent-encodes what a URL can carry; a lone surrogate (which no URL can) becomes U+FFFD. */
export function encode(text: string): string {
  return encodeURIComponent(text.replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd'));
}

export const nastyString = fc.oneof(
  fc.constantFrom(...NASTY_STRINGS, ...NASTY_DATES, ...NASTY_ZONES),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
);

const anyJson: fc.Arbitrary<unknown> = fc.oneof(
  fc.constant(null),
  fc.boolean(),
  fc.constantFrom(...NASTY_NUMBERS),
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  nastyString,
  fc.constant([]),
  fc.constant({}),
  fc.array(fc.oneof(fc.integer(), nastyString), { maxLength: 3 }),
  fc.dictionary(nastyString, fc.oneof(fc.integer(), nastyString, fc.constant(null)), { maxKeys: 3 }),
);

/** A date anywhere from year 0 to 9999, as a local date or an instant. */
const extremeDate = fc
  .tuple(fc.integer({ min: 0, max: 9_999 }), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 28 }))
  .map(([year, month, day]) => `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`);

/**
 * Bodies past the limits, written as text (building them as objects would cost the fuzzer more
 * than the service): thousands of keys, nesting thousands deep, arrays of thousands of items,
 * under the body's own first field so that they reach past its name.
 */
function hostileBody(field: string): fc.Arbitrary<{ raw: string; contentType: string }> {
  const name = JSON.stringify(field || 'x');
  return fc
    .tuple(
      fc.constantFrom('keys', 'depth', 'objects', 'array'),
      fc.constantFrom(900, 1_001, 5_000, 30_000, 100_000),
      fc.integer({ min: 10, max: 5_000 }),
    )
    .map(([kind, count, depth]) => {
      let raw: string;
      if (kind === 'keys') {
        raw = `{${Array.from({ length: count }, (_, i) => `"k${i}":${i}`).join(',')}}`;
      } else if (kind === 'depth') {
        raw = `{${name}:${'['.repeat(depth)}${']'.repeat(depth)}}`;
      } else if (kind === 'objects') {
        raw = `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
      } else {
        raw = `{${name}:[${Array.from({ length: Math.min(count, 30_000) }, () => '"2024-09-24"').join(',')}]}`;
      }
      return { raw, contentType: 'application/json' };
    });
}

/** Values of the right type, from the document's examples, enums and formats, and ids that exist. */
export class SchemaArbitraries {
  constructor(
    private readonly document: OpenApiDocument,
    /** Ids of records that exist, to reach past the 404s. */
    private readonly ids: string[],
  ) {}

  resolve(schema: Schema): Schema {
    if (schema.$ref) {
      const name = schema.$ref.replace('#/components/schemas/', '');
      return this.resolve(this.document.components?.schemas?.[name] ?? {});
    }
    if (schema.allOf && schema.allOf.length > 0) {
      return { ...schema.allOf.map((s) => this.resolve(s)).reduce((a, b) => ({ ...a, ...b }), {}), ...schema, allOf: undefined };
    }
    return schema;
  }

  /** Something the schema allows (mostly), possibly mutated at any depth. */
  value(schema: Schema, depth = 0, clean = false): fc.Arbitrary<unknown> {
    const valid = this.valid(schema, depth, clean);
    if (clean) {
      return valid;
    }
    return fc.oneof(
      { weight: 6, arbitrary: valid },
      { weight: 1, arbitrary: anyJson },
      { weight: 1, arbitrary: this.nastyFor(this.resolve(schema)) },
    );
  }

  private nastyFor(schema: Schema): fc.Arbitrary<unknown> {
    if (schema.type === 'number' || schema.type === 'integer') {
      return fc.constantFrom<unknown>(...NASTY_NUMBERS, '12', '', null, true);
    }
    if (schema.type === 'array') {
      return fc.oneof(
        fc.constant('not-an-array'),
        fc.array(anyJson, { minLength: 50, maxLength: 200 }),
        fc.constant([null]),
        fc.constant([[[[[]]]]]),
      );
    }
    if (schema.type === 'object' && schema.properties) {
      return fc.oneof(fc.constant('string'), fc.constant([]), fc.constant(null));
    }
    return fc.oneof(
      fc.constantFrom(...NASTY_STRINGS, ...NASTY_DATES, ...NASTY_ZONES),
      fc.constant('x'.repeat(100_000)),
      fc.integer(),
      fc.constant(null),
    );
  }

  /** With `clean`, nothing below is mutated: such requests get past validation, into the services. */
  private valid(raw: Schema, depth: number, clean = false): fc.Arbitrary<unknown> {
    const schema = this.resolve(raw);
    if (schema.enum && schema.enum.length > 0) {
      return fc.constantFrom(...schema.enum);
    }
    const example = schema.example === undefined ? [] : [fc.constant(schema.example)];
    if (schema.properties && depth < 4) {
      return this.object(schema, depth, clean);
    }
    if (schema.type === 'integer' || schema.type === 'number') {
      return fc.oneof(...example, fc.integer({ min: schema.minimum ?? -10, max: schema.maximum ?? 1_000 }));
    }
    if (schema.type === 'boolean') {
      return fc.boolean();
    }
    if (schema.type === 'array') {
      return fc.oneof(...example, fc.array(this.value(schema.items ?? {}, depth + 1, clean), { maxLength: 4 }));
    }
    if (schema.format === 'uuid') {
      return fc.oneof(fc.constantFrom(...this.ids), fc.uuid());
    }
    // Dates the document shows by example only (2024-09-24, 2024-09-24T09:00:00+09:00) are dates too.
    const shown = typeof schema.example === 'string' ? schema.example : '';
    const format =
      schema.format ?? (/^\d{4}-\d{2}-\d{2}$/.test(shown) ? 'date' : /^\d{4}-\d{2}-\d{2}T/.test(shown) ? 'date-time' : undefined);
    if (format === 'date') {
      return fc.oneof(
        ...example,
        fc.date({ noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10)),
        extremeDate,
        fc.constantFrom(...NASTY_DATES),
      );
    }
    if (format === 'date-time') {
      return fc.oneof(
        ...example,
        fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
        extremeDate.map((d) => `${d}T09:00:00+09:00`),
        fc.constantFrom(...NASTY_DATES),
      );
    }
    return fc.oneof(...example, fc.string({ maxLength: 30 }), fc.constantFrom(...this.ids), nastyString);
  }

  private object(schema: Schema, depth: number, clean: boolean): fc.Arbitrary<unknown> {
    const properties = schema.properties ?? {};
    const required = new Set(schema.required ?? []);
    const shape: Record<string, fc.Arbitrary<unknown>> = {};
    for (const [name, property] of Object.entries(properties)) {
      shape[name] = this.value(property, depth + 1, clean);
    }
    const names = Object.keys(shape);
    const record = fc.record(shape, { requiredKeys: names.filter((n) => required.has(n)) });
    if (clean) {
      return record;
    }
    return fc
      .tuple(record, fc.integer({ min: 0, max: 9 }), fc.subarray(names), nastyString, anyJson)
      .map(([value, mutation, drop, extraKey, extraValue]) => {
        const out: Record<string, unknown> = { ...(value as Record<string, unknown>) };
        if (mutation === 0) {
          // Missing fields, required ones included.
          for (const name of drop) {
            delete out[name];
          }
        } else if (mutation === 1) {
          // A field nobody asked for.
          out[extraKey || 'extra'] = extraValue;
        } else if (mutation === 2) {
          // Prototype pollution: own keys named __proto__ and constructor, as JSON.parse makes them.
          const rest = JSON.stringify(out).slice(1, -1);
          return JSON.parse(
            `{"__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}}${rest ? `,${rest}` : ''}}`,
          ) as unknown;
        }
        return out;
      });
  }

  private pathValue(name: string, known: Record<string, string[]>): fc.Arbitrary<string> {
    const own = known[name] ?? [];
    return fc.oneof(
      { weight: 6, arbitrary: own.length > 0 ? fc.constantFrom(...own) : fc.uuid() },
      // An id of another kind of record, or of another edition.
      { weight: 2, arbitrary: fc.constantFrom(...this.ids) },
      { weight: 1, arbitrary: fc.uuid() },
      { weight: 1, arbitrary: nastyString.map((s) => encode(s) || '%20') },
      {
        weight: 1,
        arbitrary: fc.constantFrom(
          '%zz',
          '%E0%A4%A',
          '..',
          '%2e%2e',
          '%00',
          'x'.repeat(5_000),
          '00000000-0000-0000-0000-000000000000',
          'FFFFFFFF-FFFF-FFFF-FFFF-FFFFFFFFFFFF',
        ),
      },
    );
  }

  /** One request to one operation of the document. */
  request(endpoint: Endpoint, known: Record<string, string[]>): fc.Arbitrary<FuzzRequest> {
    const params = Object.fromEntries(endpoint.pathParams.map((name) => [name, this.pathValue(name, known)]));
    const query = Object.fromEntries(endpoint.query.map((p) => [p.name, this.value(p.schema ?? { type: 'string' })]));
    const json: fc.Arbitrary<FuzzRequest['payload']> = endpoint.body
      ? this.value(endpoint.body).map((value) => ({ json: value }))
      : fc.constant(undefined);
    const body: fc.Arbitrary<FuzzRequest['payload']> = endpoint.body
      ? fc.oneof(
          { weight: 5, arbitrary: json },
          { weight: 3, arbitrary: this.value(endpoint.body, 0, true).map((value) => ({ json: value })) },
          {
            weight: 1,
            arbitrary: fc
              .constantFrom('{', '{"a":', '[1,]', '\u0000', 'null', '"text"', '{"title":{"fr":"\\ud800"}}', '{"__proto__":{"x":1}}')
              .map((raw) => ({ raw, contentType: 'application/json' })),
          },
          { weight: 1, arbitrary: hostileBody(Object.keys(this.resolve(endpoint.body).properties ?? {})[0] ?? 'x') },
          {
            weight: 1,
            arbitrary: fc
              .constantFrom(
                'text/plain',
                'application/xml',
                'multipart/form-data; boundary=x',
                'application/x-www-form-urlencoded',
                'application/json; charset=latin1',
              )
              .map((contentType) => ({ raw: 'a=1', contentType })),
          },
        )
      : fc.oneof(
          {
            weight: 9,
            arbitrary: fc
              .option(
                anyJson.map((value) => ({ json: value })),
                { freq: 5 },
              )
              .map((p) => p ?? undefined),
          },
          { weight: 1, arbitrary: hostileBody('x') },
        );
    return fc
      .record({
        params: fc.record(params),
        query: fc.record(query, { requiredKeys: [] }),
        payload: body,
        as: fc.constantFrom<FuzzRequest['as']>('admin', 'admin', 'admin', 'admin', 'authority', 'anonymous'),
      })
      .map(({ params: values, query: q, payload, as }) => {
        const path = endpoint.path.replace(/\{([^}]+)\}/g, (_, name: string) => values[name] ?? 'x');
        const search = Object.entries(q)
          .map(([k, v]) => `${encode(k)}=${encode(typeof v === 'string' ? v : (JSON.stringify(v) ?? ''))}`)
          .join('&');
        return { method: endpoint.method, url: search ? `${path}?${search}` : path, payload, as };
      });
  }
}
