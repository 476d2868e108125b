/**
 * Generators for the fuzz suites (test/security/fuzz*.test.ts): hostile JSON
 * and strings, exemplars built from a route's or event's own JSON Schema, and
 * mutations of them — so the input reaches past the first type check into the
 * handlers. One seed per run (FUZZ_SEED replays one; it is printed on failure)
 * and FUZZ_SCALE multiplies the number of cases.
 */
import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { ERROR_STATUS, type ErrorCode } from '../../server/shared/errors.js';

/** The run's seed: FUZZ_SEED when given (to replay a failure), else fresh. */
export const FUZZ_SEED = process.env.FUZZ_SEED
  ? Number(process.env.FUZZ_SEED)
  : Math.floor(Math.random() * 2 ** 31);

/** Multiplies every property's number of cases (e.g. 10 for a long local hunt). */
export const FUZZ_SCALE = Number(process.env.FUZZ_SCALE ?? 1);

/** fast-check parameters for one property: the run's seed, `runs` cases (scaled). */
export function fuzzParams(runs: number): fc.Parameters<unknown> {
  return { seed: FUZZ_SEED, numRuns: Math.max(1, Math.round(runs * FUZZ_SCALE)) };
}

/**
 * Runs a property for `runs` cases (scaled), failing with the seed and the
 * replay hint in the message; returns how many cases ran.
 */
export async function checkProperty<T>(
  label: string,
  property: fc.IAsyncPropertyWithHooks<T>,
  runs: number,
): Promise<number> {
  const params = fuzzParams(runs);
  const details = await fc.check(property, params as fc.Parameters<T>);
  if (details.failed) {
    // errorInstance may come from another realm (jest's vm modules): no instanceof.
    const message = (details.errorInstance as { message?: unknown } | null)?.message;
    const cause = typeof message === 'string' ? message : '';
    throw new Error(
      `${label}: ${cause}\n${fc.defaultReportMessage(details) ?? 'failed'}\n` +
        `Replay: FUZZ_SEED=${FUZZ_SEED} (seed ${details.seed}, path "${details.counterexamplePath}")`,
    );
  }
  if (details.numRuns !== params.numRuns)
    throw new Error(`${label}: ran ${details.numRuns} of ${params.numRuns} cases`);
  return details.numRuns;
}

/** Error codes a client may be answered with for bad input (4xx only: never internal/unavailable). */
export const CLIENT_ERROR_CODES = new Set(
  (Object.entries(ERROR_STATUS) as [ErrorCode, number][])
    .filter(([, status]) => status >= 400 && status < 500)
    .map(([code]) => code),
);

const DANGEROUS_KEYS = [
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'valueOf',
  'hasOwnProperty',
  'isAdmin',
  'userId',
  'id',
  '',
  '\u0000',
];

const loneSurrogate = fc
  .integer({ min: 0xd800, max: 0xdfff })
  .map((code) => String.fromCharCode(code));

/** Single characters that broke parsers, encoders and databases somewhere. */
const nastyChar = fc.oneof(
  fc.constantFrom(
    '\u0000',
    '\u0001',
    '\u001f',
    '\u007f',
    '\u2028',
    '\u202e',
    '\ufeff',
    '\uffff',
    '%',
    '%00',
    '\\',
    '"',
    "'",
    '<',
    '{',
    '$',
    '\n',
    '\r',
    '\t',
    ' ',
    'é',
    '😀',
    '\u0301',
  ),
  loneSurrogate,
);

const NASTY_LITERALS = [
  '',
  ' ',
  '   \t\n',
  '__proto__',
  'constructor',
  'null',
  'undefined',
  'true',
  'NaN',
  'Infinity',
  '-1',
  '0',
  '-0',
  '1e309',
  '0x10',
  '2147483648',
  '9007199254740993',
  '99999999999999999999',
  '1.5',
  '00000000-0000-0000-0000-000000000000',
  'ffffffff-ffff-ffff-ffff-ffffffffffff',
  '2026-02-30',
  '0000-00-00T00:00:00Z',
  '../../etc/passwd',
  "' OR 1=1 --",
  '<script>alert(1)</script>',
  'a\u0000b',
  '\ud800',
  '\udfff\ud800',
  'javascript:alert(1)',
  'https://169.254.169.254/latest',
  'http://user:pass@127.0.0.1/',
];

/** Strings with NUL bytes, lone surrogates, control and bidi characters, or just anything. */
export const nastyString: fc.Arbitrary<string> = fc.oneof(
  { arbitrary: fc.string({ unit: 'binary', maxLength: 40 }), weight: 3 },
  { arbitrary: fc.string({ unit: nastyChar, maxLength: 20 }), weight: 3 },
  { arbitrary: fc.constantFrom(...NASTY_LITERALS), weight: 3 },
  { arbitrary: fc.uuid().map(String), weight: 1 },
  { arbitrary: fc.string({ unit: 'grapheme', minLength: 1, maxLength: 4000 }), weight: 1 },
);

const nastyNumber: fc.Arbitrary<number> = fc.oneof(
  fc.integer(),
  fc.double(),
  fc.constantFrom(
    0,
    -0,
    -1,
    1,
    0.5,
    2 ** 31 - 1,
    2 ** 31,
    2 ** 32,
    2 ** 53 - 1,
    2 ** 53 + 2,
    -(2 ** 53),
    Number.MAX_VALUE,
    Number.MIN_VALUE,
    1e21,
    Number.NaN,
    Infinity,
  ),
);

export const nastyKey: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(...DANGEROUS_KEYS),
  fc.string({ maxLength: 12 }),
  nastyString,
);

/** Own-property objects (so `__proto__` is a real key, as JSON.parse makes it). */
const objectOf = (value: fc.Arbitrary<unknown>) =>
  fc
    .array(fc.tuple(nastyKey, value), { maxLength: 6 })
    .map((entries) => Object.fromEntries(entries) as Record<string, unknown>);

/** Arbitrary JSON-ish values: hostile strings and numbers, arrays, objects with dangerous keys. */
export const nastyJson: fc.Arbitrary<unknown> = fc.letrec<{
  value: unknown;
  array: unknown[];
  object: Record<string, unknown>;
}>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', maxDepth: 4 },
    nastyString,
    nastyNumber,
    fc.boolean(),
    fc.constant(null),
    tie('array'),
    tie('object'),
  ),
  array: fc.array(tie('value'), { maxLength: 5 }),
  object: objectOf(tie('value')),
})).value;

/** A value nested `depth` levels deep (arrays or objects, alternating by seed). */
export function deeplyNested(depth: number, useObjects: boolean): unknown {
  let v: unknown = 'bottom';
  for (let i = 0; i < depth; i++) v = useObjects ? { a: v } : [v];
  return v;
}

/** Nesting deep enough to trip recursive walkers, shallow enough for JSON.stringify. */
export const deepJson: fc.Arbitrary<unknown> = fc
  .tuple(fc.integer({ min: 100, max: 2500 }), fc.boolean())
  .map(([depth, objects]) => deeplyNested(depth, objects));

/**
 * A huge string: `bytes` long in UTF-8 at most, ASCII filler with NULs,
 * lone surrogates and multi-byte characters sprinkled in.
 */
export function hugeString(bytes: number, flavour: number): string {
  const filler = ['a', '\u0000', 'é', '\ud800', '😀'][flavour % 5]!;
  const unit = `${'x'.repeat(60)}${filler}`;
  // Measured as it travels (JSON): NUL and a lone surrogate are escaped to six bytes each, so
  // counting them as one or three let a "1.95 MB" string cross the 2 MB socket limit for some seeds.
  const unitBytes = Buffer.byteLength(JSON.stringify(unit)) - 2;
  return unit.repeat(Math.floor(bytes / unitBytes));
}

export type JsonSchema = Record<string, unknown>;

/** Values to use for schema strings by key or format, so exemplars reach real rows. */
export interface ExemplarHints {
  /** A uuid the caller may use (its room), for a key such as `roomId` or `id`. */
  uuid?: (key: string) => string;
  /** An integer id the caller owns, for a key such as `messageId`. */
  integer?: (key: string) => number | undefined;
}

const TOKEN_43 = 'A'.repeat(43);

/**
 * A value that satisfies `schema` (JSON Schema from the zod schema the
 * handler parses with) as far as simple rules go: the first option of a
 * union, the first enum value, every property of an object. Good enough to
 * pass the type checks so mutations probe one field at a time.
 */
export function exemplar(schema: JsonSchema, key = '', hints: ExemplarHints = {}): unknown {
  if ('const' in schema) return schema.const;
  if (Array.isArray(schema.enum)) return schema.enum[0];
  const options = (schema.anyOf ?? schema.oneOf) as JsonSchema[] | undefined;
  if (options) {
    const first = options.find((o) => o.type !== 'null') ?? options[0]!;
    return exemplar(first, key, hints);
  }
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  switch (type) {
    case 'object': {
      const props = (schema.properties ?? {}) as Record<string, JsonSchema>;
      return Object.fromEntries(
        Object.entries(props).map(([k, s]) => [k, exemplar(s, k, hints)] as const),
      );
    }
    case 'array': {
      const items = (schema.items ?? {}) as JsonSchema;
      return [exemplar(items, key, hints)];
    }
    case 'integer':
    case 'number': {
      const hinted = hints.integer?.(key);
      if (hinted !== undefined) return hinted;
      if (typeof schema.minimum === 'number') return Math.max(schema.minimum, 1);
      if (typeof schema.exclusiveMinimum === 'number') return schema.exclusiveMinimum + 1;
      return 1;
    }
    case 'boolean':
      return true;
    case 'null':
      return null;
    case 'string':
      return exemplarString(schema, key, hints);
    default:
      return 'x';
  }
}

function exemplarString(schema: JsonSchema, key: string, hints: ExemplarHints): string {
  switch (schema.format) {
    case 'uuid':
      return hints.uuid?.(key) ?? randomUUID();
    case 'email':
      return `fuzz-${randomUUID().slice(0, 8)}@example.com`;
    case 'uri':
      // An address literal: no DNS lookup, whatever the machine's resolver does.
      return 'https://203.0.113.7/push/fuzz';
    case 'date':
      return '2026-01-02';
    case 'date-time':
      return '2026-01-02T03:04:05Z';
  }
  const pattern = typeof schema.pattern === 'string' ? schema.pattern : '';
  if (pattern.includes('{43}')) return TOKEN_43;
  if (pattern.startsWith('^[A-Z0-9]')) return 'FUZZ';
  if (pattern.includes('={0,2}')) return 'AAAA';
  if (pattern.includes('[\\w.:-]')) return `fuzz-${randomUUID()}`;
  if (/email/i.test(key)) return `fuzz-${randomUUID().slice(0, 8)}@example.com`;
  const min = typeof schema.minLength === 'number' ? schema.minLength : 1;
  const base = /text/i.test(key) ? 'See you at five.' : 'fuzz';
  return base.padEnd(Math.max(min, base.length), 'z');
}

/**
 * Hostile variants of a valid value: one field replaced, dropped or added
 * (dangerous keys included), the whole thing swapped for a wrong type, or
 * wrapped in an array where an object belongs. Non-objects are replaced.
 */
export function mutationsOf(valid: unknown): fc.Arbitrary<unknown> {
  const whole = fc.oneof(
    { arbitrary: nastyJson, weight: 4 },
    { arbitrary: fc.constant([valid]), weight: 1 },
    { arbitrary: fc.constant(JSON.stringify(valid)), weight: 1 },
  );
  if (valid === null || typeof valid !== 'object' || Array.isArray(valid)) return whole;
  const obj = valid as Record<string, unknown>;
  const keys = Object.keys(obj);
  const replaceOne = fc
    .tuple(keys.length > 0 ? fc.constantFrom(...keys) : nastyKey, nastyJson)
    .map(([k, v]) => ({ ...obj, [k]: v }));
  const replaceWithString = fc
    .tuple(keys.length > 0 ? fc.constantFrom(...keys) : nastyKey, nastyString)
    .map(([k, v]) => ({ ...obj, [k]: v }));
  const addKey = fc
    .tuple(nastyKey, nastyJson)
    .map(([k, v]) => Object.fromEntries([...Object.entries(obj), [k, v]]) as unknown);
  const dropOne =
    keys.length > 0
      ? fc
          .constantFrom(...keys)
          .map((k) => Object.fromEntries(Object.entries(obj).filter(([key]) => key !== k)))
      : fc.constant(obj);
  return fc.oneof(
    { arbitrary: fc.constant(obj), weight: 1 },
    { arbitrary: replaceOne, weight: 4 },
    { arbitrary: replaceWithString, weight: 4 },
    { arbitrary: addKey, weight: 2 },
    { arbitrary: dropOne, weight: 1 },
    { arbitrary: whole, weight: 3 },
  );
}

/** The names of own properties on Object.prototype: a fuzz run must not add any (pollution). */
export const prototypeKeys = () => Object.getOwnPropertyNames(Object.prototype).sort();
