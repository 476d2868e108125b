import { z } from 'zod';
import { ERROR_STATUS, type ErrorCode } from '../shared/errors.js';

export type JsonSchema = Record<string, unknown>;

/**
 * A zod schema as JSON Schema 2020-12 (what OpenAPI 3.1 and AsyncAPI take).
 * `input` describes what a client sends (before trims, defaults and
 * coercions); `output` what the server answers. Transforms have no JSON
 * Schema of their own and stand for "any" rather than failing the document.
 */
export function toJsonSchema(schema: z.ZodType, io: 'input' | 'output'): JsonSchema {
  const json = z.toJSONSchema(schema, { io, unrepresentable: 'any', target: 'draft-2020-12' });
  delete json.$schema;
  return json;
}

/** The one error shape of HTTP answers and socket acks. */
export const errorBody = z.object({
  error: z.object({
    code: z.enum(Object.keys(ERROR_STATUS) as [ErrorCode, ...ErrorCode[]]),
    message: z.string(),
    details: z.unknown().optional(),
  }),
});

/** "/api/rooms/:id" -> "/api/rooms/{id}"; a router's "/" mount point loses its trailing slash. */
export function openApiPath(expressPath: string): string {
  const trimmed = expressPath.length > 1 ? expressPath.replace(/\/$/, '') : expressPath;
  return trimmed.replace(/:(\w+)/g, '{$1}');
}
