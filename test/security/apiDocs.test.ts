/**
 * The API described from the code: every REST route the app serves has an
 * entry in the generated OpenAPI document (and no entry names a route that
 * is gone), every socket event a connected socket listens to is in the
 * AsyncAPI document, and the docs page needs no script (CSP stays on).
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createApp } from '../../server/app.js';
import { SPA_ROUTES } from '../../server/clientStatic.js';
import { serverEvents } from '../../server/shared/socketSchemas.js';
import { listRoutes } from '../support/routeTable.js';
import { connectSocket } from '../support/sockets.js';
import { startTestServer, type TestServer } from '../support/testServer.js';
import { signUp } from '../support/users.js';

interface OpenApiDoc {
  openapi: string;
  paths: Record<
    string,
    Record<
      string,
      {
        summary: string;
        parameters: { name: string; in: string }[];
        requestBody?: { content: Record<string, { schema: { type?: string } }> };
        responses: Record<string, unknown>;
      }
    >
  >;
}
interface AsyncApiDoc {
  asyncapi: string;
  channels: Record<string, { address: string }>;
  operations: Record<string, { action: 'send' | 'receive'; channel: { $ref: string } }>;
}

let server: TestServer;
let openApi: OpenApiDoc;
let asyncApi: AsyncApiDoc;

/** "GET /api/rooms/:id" as the document names it: "GET /api/rooms/{id}". */
const documented = (route: string) => {
  const [method, path] = route.split(' ') as [string, string];
  const trimmed = path.length > 1 ? path.replace(/\/$/, '') : path;
  return `${method} ${trimmed.replace(/:(\w+)/g, '{$1}')}`;
};

beforeAll(async () => {
  server = await startTestServer();
  const [o, a] = await Promise.all([
    fetch(`${server.url}/api/openapi.json`),
    fetch(`${server.url}/api/asyncapi.json`),
  ]);
  expect([o.status, a.status]).toEqual([200, 200]);
  openApi = (await o.json()) as OpenApiDoc;
  asyncApi = (await a.json()) as AsyncApiDoc;
});
afterAll(async () => {
  await server.stop();
});

describe('OpenAPI from the zod schemas', () => {
  it('has exactly the routes the app serves (the client’s pages aside)', () => {
    const app = createApp(server.ctx, server.services, (_req, _res, next) => next());
    const pages = new Set(SPA_ROUTES.map((r) => `GET ${r}`));
    const served = listRoutes(app)
      .filter((r) => !pages.has(r))
      .map(documented)
      .sort();
    const inDocument = Object.entries(openApi.paths)
      .flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`))
      .sort();
    expect(openApi.openapi).toBe('3.1.0');
    expect(served.filter((r) => !inDocument.includes(r))).toEqual([]);
    expect(inDocument.filter((r) => !served.includes(r))).toEqual([]);
  });

  it('names every path parameter, and takes bodies and queries from the handlers’ schemas', () => {
    for (const [path, ops] of Object.entries(openApi.paths)) {
      const names = [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
      for (const [method, op] of Object.entries(ops)) {
        const inPath = op.parameters.filter((p) => p.in === 'path').map((p) => p.name);
        expect({ route: `${method} ${path}`, params: inPath }).toEqual({
          route: `${method} ${path}`,
          params: names,
        });
        expect(op.summary.length).toBeGreaterThan(0);
      }
    }
    const signup = openApi.paths['/api/auth/signup']!.post!;
    expect(signup.requestBody!.content['application/json']!.schema).toMatchObject({
      type: 'object',
      required: expect.arrayContaining(['email', 'password', 'displayName']),
      additionalProperties: false,
    });
    const history = openApi.paths['/api/rooms/{id}/messages']!.get!;
    expect(history.parameters.map((p) => `${p.in}:${p.name}`)).toEqual([
      'path:id',
      'query:beforeSeq',
      'query:limit',
    ]);
    expect(Object.keys(history.responses)).toEqual(
      expect.arrayContaining(['200', '400', '401', '404', 'default']),
    );
  });
});

describe('AsyncAPI from the socket schemas', () => {
  it('has every event a connected socket handles, and every event the server emits', async () => {
    const user = await signUp(server.url);
    const socket = await connectSocket(server.url, user.cookie);
    try {
      const serverSocket = [...server.io.of('/').sockets.values()].find(
        (s) => s.data.userId === user.user.id,
      )!;
      const handled = serverSocket
        .eventNames()
        .map(String)
        .filter((e) => !['disconnect', 'disconnecting', 'error'].includes(e))
        .sort();
      const byAction = (action: 'send' | 'receive') =>
        Object.values(asyncApi.operations)
          .filter((op) => op.action === action)
          .map((op) => asyncApi.channels[op.channel.$ref.replace('#/channels/', '')]!.address)
          .sort();
      expect(asyncApi.asyncapi).toBe('3.0.0');
      expect(handled.length).toBeGreaterThan(0);
      expect(byAction('receive')).toEqual(handled);
      expect(byAction('send')).toEqual(Object.keys(serverEvents).sort());
    } finally {
      socket.close();
    }
  });
});

describe('/api/docs', () => {
  it('is a page with every route and event, no script, under the same CSP as the app', async () => {
    const res = await fetch(`${server.url}/api/docs`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    expect(res.headers.get('content-security-policy')).toContain("script-src 'self'");
    const html = await res.text();
    expect(html).not.toMatch(/<script/i);
    for (const [path, ops] of Object.entries(openApi.paths))
      for (const method of Object.keys(ops))
        expect(html).toContain(`${method.toUpperCase()}</span> <code>${path}</code>`);
    for (const channel of Object.values(asyncApi.channels))
      expect(html).toContain(`<code>${channel.address}</code>`);
  });
});
