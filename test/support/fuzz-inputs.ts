import fc from 'fast-check';

/*
 * Inputs for fuzzing the HTTP API from its OpenAPI document: each operation's path, query,
 * headers and body generated from their JSON Schemas, with the boundary values a client (or an
 * attacker) may send: numbers DynamoDB cannot store, odd text, wrong types, extra fields,
 * tampered cursors, malformed JSON and wrong content types.
 */

type Json = Record<string, unknown>;

/** One operation of the OpenAPI document, as the fuzzer needs it. */
export interface Operation {
  method: string;
  /** In OpenAPI syntax: `/jobs/{jobId}`. */
  path: string;
  auth: 'none' | 'staff' | 'portal';
  pathParams: string[];
  query: { name: string; required: boolean; schema: Json }[];
  headers: { name: string; required: boolean; schema: Json }[];
  body?: Json;
}

interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header';
  required?: boolean;
  schema: Json;
}

/** Every operation of an OpenAPI 3.1 document. */
export function operationsOf(doc: Json): Operation[] {
  const operations: Operation[] = [];
  for (const [path, methods] of Object.entries(doc.paths as Record<string, Record<string, Json>>)) {
    for (const [method, op] of Object.entries(methods)) {
      const parameters = (op.parameters ?? []) as Parameter[];
      const security = (op.security ?? []) as Record<string, unknown>[];
      const scheme = Object.keys(security[0] ?? {})[0];
      const body = (op.requestBody as { content?: Record<string, { schema: Json }> } | undefined)?.content?.[
        'application/json'
      ]?.schema;
      const of = (where: Parameter['in']) =>
        parameters
          .filter((p) => p.in === where)
          .map((p) => ({ name: p.name, required: p.required === true, schema: p.schema }));
      operations.push({
        method: method.toUpperCase(),
        path,
        auth: scheme === 'staffJwt' ? 'staff' : scheme === 'portalJwt' ? 'portal' : 'none',
        pathParams: of('path').map((p) => p.name),
        query: of('query'),
        headers: of('header'),
        ...(body ? { body } : {}),
      });
    }
  }
  return operations;
}

/** Numbers at and past every edge: DynamoDB's range (1E-130 to 9.99…E+125), ±2^53, GPS bounds, -0. */
export const boundaryNumbers = [
  0,
  -0,
  1,
  -1,
  0.1,
  5e-324,
  -5e-324,
  1e-130,
  9e-131,
  -1e-200,
  2 ** 53 - 1,
  2 ** 53,
  2 ** 53 + 2,
  -(2 ** 53) - 2,
  1e21,
  9.9e125,
  1e126,
  1e300,
  -1e300,
  Number.MAX_VALUE,
  90.000001,
  -180.5,
  123.45678901234567,
];

/** Text that has broken parsers, keys and encodings before. */
const boundaryStrings = [
  '',
  ' ',
  '\u0000',
  '\t\n\r',
  'NaN',
  'Infinity',
  '-0',
  '1e309',
  '5e-324',
  '0x10',
  'null',
  'true',
  '[]',
  '{}',
  '__proto__',
  'constructor',
  'ACC#other#JOB#x',
  'a#b',
  '../..',
  '%',
  '%00',
  '<script>alert(1)</script>',
  "' OR '1'='1",
  '\u202eevil',
  '😀🏳️‍🌈',
  'ǅ\u0301ﬀ',
  '\ud800',
  'x'.repeat(257),
  'x'.repeat(5001),
  '2026-02-30T25:61:00Z',
  '9999-12-31T23:59:59.999999999Z',
  '0000-01-01T00:00:00Z',
];

/** Any JSON value, leaning on the boundaries (for schemas that say nothing, and for wrong types). */
export const wildValue: fc.Arbitrary<unknown> = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constantFrom(...boundaryNumbers),
    fc.constantFrom(...boundaryStrings),
    fc.double(),
    fc.integer(),
    fc.string({ unit: 'grapheme', maxLength: 40 }),
    fc.boolean(),
    fc.constant(null),
    fc.array(tie('value'), { maxLength: 3 }),
    fc.dictionary(fc.string({ maxLength: 10 }), tie('value'), { maxKeys: 3 }),
  ),
})).value;

/** How to generate values. */
export interface ValueOptions {
  /** Replace values with wrong types and edge cases some of the time (else stay close to the schema). */
  wild: boolean;
  /**
   * Values that exist or fit, by the name of the field that holds them (`ownerIds`, `categoryId`,
   * an answer's `value` …): they reach past lookups and type checks.
   */
  known?: Record<string, readonly unknown[]>;
}

interface Options extends ValueOptions {
  depth: number;
}

const dateTimes = (): fc.Arbitrary<string> => {
  const now = Date.now();
  const day = 86_400_000;
  return fc.oneof(
    fc.integer({ min: -400, max: 400 }).map((days) => new Date(now + days * day).toISOString()),
    fc
      .date({ min: new Date('0001-01-01T00:00:00Z'), max: new Date('9999-12-31T23:59:59Z'), noInvalidDate: true })
      .map((d) => d.toISOString()),
    fc.integer({ min: -400, max: 400 }).map((days) => new Date(now + days * day).toISOString().replace('Z', '+14:00')),
  );
};

function stringValues(schema: Json): fc.Arbitrary<string> {
  if (schema.format === 'date-time') return dateTimes();
  if (schema.format === 'email') return fc.oneof(fc.emailAddress(), fc.constant(`fuzz-${Date.now()}@example.com`));
  const minLength = typeof schema.minLength === 'number' ? schema.minLength : 0;
  const maxLength = typeof schema.maxLength === 'number' ? schema.maxLength : 400;
  const examples = typeof schema.example === 'string' ? [fc.constant(schema.example)] : [];
  if (typeof schema.pattern === 'string') {
    // The schema's own pattern is what reaches past validation (wrong text comes from `wild`).
    const matching = fc
      .stringMatching(new RegExp(schema.pattern, 'u'))
      .filter((s) => s.length >= minLength && s.length <= maxLength);
    return fc.oneof(matching, ...examples);
  }
  return fc.oneof(
    fc.string({ unit: 'grapheme', minLength, maxLength: Math.max(minLength, Math.min(maxLength, 30)) }),
    fc.constant('x'.repeat(maxLength)),
    ...examples,
  );
}

function numberValues(schema: Json): fc.Arbitrary<number> {
  const integer = schema.type === 'integer';
  const lowest = typeof schema.minimum === 'number' ? schema.minimum : undefined;
  const above = typeof schema.exclusiveMinimum === 'number' ? schema.exclusiveMinimum : undefined;
  const highest = typeof schema.maximum === 'number' ? schema.maximum : undefined;
  if (integer) {
    const min = lowest ?? (above !== undefined ? above + 1 : -(2 ** 53) + 1);
    const max = highest ?? 2 ** 53 - 1;
    // Versions, counts and limits: small values reach past version checks, the edges test the bounds.
    const small = Math.max(min, -10);
    return fc.oneof(
      fc.integer({ min: small, max: Math.max(Math.min(max, 10), small) }),
      fc.constantFrom(min, max),
      fc.integer({ min, max }),
    );
  }
  const min = lowest ?? -Number.MAX_VALUE;
  const max = highest ?? Number.MAX_VALUE;
  return fc.oneof(
    // Everyday values (a reading, a position), then every double (fast-check favours the extremes), then the edges.
    { weight: 4, arbitrary: fc.integer({ min: -1e6, max: 1e6 }).map((n) => Math.min(max, Math.max(min, n / 1000))) },
    { weight: 1, arbitrary: fc.double({ min, max, noNaN: true }) },
    { weight: 1, arbitrary: fc.constantFrom(...boundaryNumbers.filter((n) => min <= n && n <= max)) },
  );
}

function resolve(schema: Json, doc: Json): Json {
  const ref = schema.$ref;
  if (typeof ref !== 'string') return schema;
  const name = ref.replace('#/components/schemas/', '');
  return ((doc.components as Json).schemas as Record<string, Json>)[name] ?? {};
}

/** Values for a JSON Schema: mostly what it describes (edges included), with wrong ones when `wild`. */
export function valuesFor(raw: Json, doc: Json, options: ValueOptions & { depth?: number }): fc.Arbitrary<unknown> {
  const schema = resolve(raw, doc);
  const inner: Options = { ...options, depth: (options.depth ?? 0) + 1 };
  /** A field's values: known ones most of the time, when there are any. */
  const field = (name: string, s: Json): fc.Arbitrary<unknown> => {
    const generated = valuesFor(s, doc, inner);
    const values = options.known?.[name];
    if (!values?.length) return generated;
    const known =
      resolve(s, doc).type === 'array' ? fc.subarray([...values], { minLength: 1 }) : fc.constantFrom(...values);
    return fc.oneof({ weight: 3, arbitrary: known }, { weight: 1, arbitrary: generated });
  };
  const typed = (): fc.Arbitrary<unknown> => {
    if ('const' in schema) return fc.constant(schema.const);
    if (Array.isArray(schema.enum)) return fc.constantFrom(...(schema.enum as unknown[]));
    const alternatives = (schema.anyOf ?? schema.oneOf) as Json[] | undefined;
    if (alternatives) return fc.oneof(...alternatives.map((s) => valuesFor(s, doc, inner)));
    if (inner.depth > 8) return fc.constant(null);
    switch (schema.type) {
      case 'string':
        return stringValues(schema);
      case 'integer':
      case 'number':
        return numberValues(schema);
      case 'boolean':
        return fc.boolean();
      case 'null':
        return fc.constant(null);
      case 'array': {
        const minLength = typeof schema.minItems === 'number' ? schema.minItems : 0;
        const maxItems = typeof schema.maxItems === 'number' ? schema.maxItems : 3;
        return fc.array(valuesFor((schema.items as Json) ?? {}, doc, inner), {
          minLength,
          maxLength: Math.max(minLength, Math.min(maxItems, 3)),
        });
      }
      case 'object': {
        const properties = (schema.properties ?? {}) as Record<string, Json>;
        const required = (schema.required ?? []) as string[];
        const record = fc.record(
          Object.fromEntries(Object.entries(properties).map(([name, s]) => [name, field(name, s)])),
          { requiredKeys: required.filter((name) => name in properties) },
        );
        const open = schema.additionalProperties;
        if (open && typeof open === 'object' && Object.keys(properties).length === 0) {
          return fc.dictionary(fc.string({ maxLength: 12 }), valuesFor(open as Json, doc, inner), { maxKeys: 4 });
        }
        return record;
      }
      default:
        // No type: anything (e.g. an answer's value, whose type depends on the checklist item).
        return wildValue;
    }
  };
  if (!options.wild) return typed();
  return fc.oneof({ weight: 6, arbitrary: typed() }, { weight: 1, arbitrary: wildValue });
}

/** A copy of `value` with one more, unknown field (when it is an object). */
export const withExtraField = (value: unknown): fc.Arbitrary<unknown> =>
  value && typeof value === 'object' && !Array.isArray(value)
    ? fc
        .tuple(
          fc.oneof(fc.constantFrom('extra', '__proto__', 'constructor', 'pk', 'accountId'), fc.string()),
          wildValue,
        )
        .map(([name, extra]) => ({ ...(value as Json), [name]: extra }))
    : fc.constant(value);

/** JSON text made invalid, or made to carry number literals JSON.stringify never writes. */
export const mangledJson = (text: string): fc.Arbitrary<string> =>
  fc.oneof(
    fc.nat({ max: Math.max(text.length - 1, 0) }).map((cut) => text.slice(0, cut)),
    fc
      .constantFrom('1e999', '-1e999', '1e-400', '123456789012345678901234567890', '-0', '0.0000000000000000000001')
      .map((literal) => (/-?\d/.test(text) ? text.replace(/-?\d+(\.\d+)?([eE][+-]?\d+)?/, literal) : literal)),
    fc.constantFrom('{', '}', '{"a":}', '[1,]', 'undefined', 'NaN', '\u0000', '{"__proto__":{"x":1}}', '"text"', '42'),
    fc.constant(`${text}${text}`),
    fc.constant(`${'['.repeat(5000)}${']'.repeat(5000)}`),
  );

const base64url = (value: unknown) => Buffer.from(JSON.stringify(value), 'utf8').toString('base64url');

function decoded(cursor: string): unknown {
  try {
    const value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    return value && typeof value === 'object' ? value : undefined;
  } catch {
    return undefined;
  }
}

/** The key attributes of the table and its indexes, and a few names a forger might try. */
const keyNames = ['pk', 'sk', 'gsi1pk', 'gsi1sk', 'gsi2pk', 'gsi2sk', 'gsi3pk', 'gsi3sk', 'gsi4pk', 'gsi4sk', 'id'];

/** A key value a forger might put in a cursor. */
const forgedKeyValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom('', ' ', 'ACC#other', 'x'.repeat(2049), 'x'.repeat(1025), 'ACC#', '#'),
  fc.string({ maxLength: 20 }),
  wildValue,
);

/** One change to a decoded cursor object; a value that is itself a cursor is changed inside. */
function tamperedObject(value: Json): fc.Arbitrary<Json> {
  const names = Object.keys(value);
  const changes: fc.Arbitrary<Json>[] = [
    fc.tuple(fc.constantFrom(...keyNames, 'extra'), forgedKeyValue).map(([name, v]) => ({ ...value, [name]: v })),
  ];
  if (names.length > 0) {
    changes.push(
      fc.constantFrom(...names).map((name) => {
        const { [name]: _, ...rest } = value;
        return rest;
      }),
      fc.tuple(fc.constantFrom(...names), forgedKeyValue).map(([name, v]) => ({ ...value, [name]: v })),
      fc.tuple(fc.constantFrom(...names), fc.string({ maxLength: 4 })).map(([name, suffix]) => ({
        ...value,
        [name]: `${String(value[name])}${suffix}`,
      })),
    );
    for (const [name, inner] of Object.entries(value)) {
      const nested = typeof inner === 'string' ? decoded(inner) : undefined;
      if (nested && !Array.isArray(nested)) {
        changes.push(tamperedObject(nested as Json).map((changed) => ({ ...value, [name]: base64url(changed) })));
      }
    }
  }
  return fc.oneof(...changes);
}

/** Cursors a client could send instead of the one it was given: forged, edited or broken. */
export function tamperedCursor(real: string | undefined): fc.Arbitrary<string> {
  const forged = fc
    .dictionary(fc.constantFrom(...keyNames), forgedKeyValue, { minKeys: 1, maxKeys: 6 })
    .map((key) => base64url(key));
  const broken = fc.oneof(
    fc.constantFrom('', '%', '!!!', '=', 'e30', base64url([]), base64url('text'), base64url(null), base64url(5)),
    fc.string({ maxLength: 60 }),
    fc.base64String({ maxLength: 60 }),
  );
  const object = real === undefined ? undefined : decoded(real);
  if (real === undefined || object === undefined || Array.isArray(object)) return fc.oneof(forged, broken);
  return fc.oneof(
    { weight: 4, arbitrary: tamperedObject(object as Json).map(base64url) },
    { weight: 1, arbitrary: fc.nat({ max: real.length - 1 }).map((cut) => real.slice(0, cut)) },
    { weight: 1, arbitrary: fc.string({ minLength: 1, maxLength: 3 }).map((s) => `${real}${s}`) },
    { weight: 1, arbitrary: forged },
    { weight: 1, arbitrary: broken },
  );
}

/** Text as a query parameter or header value carries it. */
export function asText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value === undefined) return '';
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

/** A path segment for any text: lone surrogates made whole, then percent-encoded. */
export const pathSegment = (text: string) =>
  encodeURIComponent(text.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD'));

/** A header value fetch will send (visible ASCII only). */
export const headerValue = (text: string) => text.replace(/[^\x20-\x7e]/g, '?').trim();
