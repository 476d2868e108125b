import { SESSION_COOKIE } from '../auth/session.js';
import { ROUTE_CATALOG, type RouteDoc } from './catalog.js';
import { errorBody, openApiPath, toJsonSchema, type JsonSchema } from './jsonSchema.js';

const ERROR_REF = { $ref: '#/components/schemas/Error' };
const errorResponse = (description: string) => ({
  description,
  content: { 'application/json': { schema: ERROR_REF } },
});

/** Path or query parameters from an object schema: one OpenAPI parameter per property. */
function parameters(schema: RouteDoc['params'], where: 'path' | 'query'): unknown[] {
  if (!schema) return [];
  const json = toJsonSchema(schema, 'input');
  const properties = (json.properties ?? {}) as Record<string, JsonSchema>;
  const required = new Set((json.required as string[] | undefined) ?? []);
  return Object.entries(properties).map(([name, property]) => ({
    name,
    in: where,
    required: where === 'path' || required.has(name),
    schema: property,
  }));
}

function operation(key: string, route: RouteDoc) {
  const auth = route.auth ?? 'session';
  const responses: Record<string, unknown> = {};
  for (const [status, response] of Object.entries(route.responses)) {
    const contentType = response.contentType ?? 'application/json';
    responses[status] = response.schema
      ? {
          description: response.description,
          content: { [contentType]: { schema: toJsonSchema(response.schema, 'output') } },
        }
      : { description: response.description };
  }
  if (route.params || route.query || route.body)
    responses['400'] = errorResponse('validation_failed: the fields at fault in details.issues');
  if (auth === 'session') responses['401'] = errorResponse('unauthorized: sign in first');
  if (route.params) responses['404'] = errorResponse('not_found (also for rooms not yours)');
  responses.default = errorResponse('Any other error, in the same shape');
  return {
    operationId: key.replace(/[^A-Za-z0-9]+/g, '_').replace(/_$/, ''),
    summary: route.summary,
    tags: [route.tag],
    security: auth === 'session' ? [{ session: [] }] : auth === 'bearer' ? [{ bearer: [] }] : [],
    parameters: [...parameters(route.params, 'path'), ...parameters(route.query, 'query')],
    ...(route.body
      ? {
          requestBody: {
            required: true,
            content: { 'application/json': { schema: toJsonSchema(route.body, 'input') } },
          },
        }
      : {}),
    responses,
  };
}

/**
 * The OpenAPI 3.1 document of every REST route in the catalog, built from the
 * zod schemas the handlers validate with. Built once per process (it only
 * depends on code).
 */
export function buildOpenApi(options: { version: string; serverUrl?: string }) {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const [key, route] of Object.entries(ROUTE_CATALOG)) {
    const [method, path] = key.split(' ') as [string, string];
    (paths[openApiPath(path)] ??= {})[method.toLowerCase()] = operation(key, route);
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Parley API',
      version: options.version,
      description:
        'REST API of Parley (JSON, cookie session). Real-time messaging is a socket.io protocol: see /api/asyncapi.json. Errors always have the shape { error: { code, message, details? } }.',
    },
    ...(options.serverUrl ? { servers: [{ url: options.serverUrl }] } : {}),
    paths,
    components: {
      schemas: { Error: toJsonSchema(errorBody, 'output') },
      securitySchemes: {
        session: { type: 'apiKey', in: 'cookie', name: SESSION_COOKIE },
        bearer: { type: 'http', scheme: 'bearer', description: 'METRICS_TOKEN' },
      },
    },
  };
}

export type OpenApiDocument = ReturnType<typeof buildOpenApi>;
