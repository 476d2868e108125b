import { z } from 'zod';
import { validationFailed } from './errors.js';

/** One problem with one field, as returned in `error.details`. */
export interface FieldIssue {
  field: string;
  message: string;
}

/**
 * Parses `input` with `schema`, or throws validation_failed whose message and
 * details name every offending field. The one way input is checked, for HTTP
 * bodies, query strings, params and socket payloads alike.
 */
export function parse<S extends z.ZodType>(schema: S, input: unknown, what = 'Input'): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) {
    // PostgreSQL text cannot hold U+0000: refuse it here, naming the field,
    // rather than let the INSERT fail (22021) after work was done.
    const at = nulPath(result.data, [], 0);
    if (at) {
      const field = at.length > 0 ? at.join('.') : '(root)';
      throw validationFailed(`${what} is invalid: ${field}`, {
        issues: [{ field, message: 'must not contain NUL characters' }],
      });
    }
    return result.data;
  }
  const issues: FieldIssue[] = result.error.issues.flatMap((issue) => {
    const at = issue.path.map(String);
    // An unknown key is reported at its parent; name the key itself instead.
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({
        field: [...at, key].join('.'),
        message: 'is not allowed',
      }));
    }
    return [{ field: at.length > 0 ? at.join('.') : '(root)', message: issue.message }];
  });
  const fields = [...new Set(issues.map((i) => i.field))].join(', ');
  throw validationFailed(`${what} is invalid: ${fields}`, { issues });
}

/** Optional free text: trimmed, at most `max` characters, empty means "none" (null). */
export const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .transform((v) => (v === '' ? null : v))
    .nullable();

/** The path of the first string (value or key) holding U+0000 in parsed input, if any. */
function nulPath(value: unknown, at: string[], depth: number): string[] | undefined {
  if (typeof value === 'string') return value.includes('\u0000') ? at : undefined;
  // Parsed input is as deep as its schema allows; the bound only guards
  // against a schema that passes arbitrary JSON through.
  if (depth > 64 || value === null || typeof value !== 'object') return undefined;
  for (const [key, child] of Object.entries(value)) {
    if (key.includes('\u0000')) return [...at, key];
    const found = nulPath(child, [...at, key], depth + 1);
    if (found) return found;
  }
  return undefined;
}
