/**
 * Issue 11, fuzzing: every REST route the app serves (listed from the router
 * itself, so a new route is fuzzed without touching this file) gets hostile
 * path parameters, query strings and JSON bodies — NUL bytes, lone
 * surrogates, malformed %-encoding, `__proto__` keys, deep nesting, ~2 MB
 * bodies, wrong types, arrays where objects belong — signed in, and must
 * answer below 500; every 4xx in the one error shape with its stable code.
 * Where the route catalog has the route's zod schemas, the cases start from a
 * valid request and break one field at a time, so they reach the handlers.
 * Seed printed on failure (FUZZ_SEED replays a run).
 */
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import { afterAll, describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { createApp } from '../../server/app.js';
import { ROUTE_CATALOG } from '../../server/apiDocs/catalog.js';
import { toJsonSchema } from '../../server/apiDocs/jsonSchema.js';
import { ERROR_STATUS, type ErrorCode } from '../../server/shared/errors.js';
import { useCoupleServer } from '../support/couple.js';
import {
  checkProperty,
  CLIENT_ERROR_CODES,
  exemplar,
  FUZZ_SEED,
  hugeString,
  mutationsOf,
  nastyJson,
  nastyKey,
  nastyString,
  prototypeKeys,
  type ExemplarHints,
} from '../support/fuzz.js';
import { createRoom } from '../support/rooms.js';
import { listRoutes } from '../support/routeTable.js';
import { signUp } from '../support/users.js';

const ctx = useCoupleServer();

/** Cases per route (70 routes today, client pages included: 4,900 cases). */
const RUNS_PER_ROUTE = 70;
/** Bodies of 300 kB to 2 MB per state-changing route (the JSON limit is 256 kB). */
const HUGE_PER_ROUTE = 2;

const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** Who the requests are made as: a signed-in parent in a room (replaced if a case signs out). */
interface Caller {
  cookie: string;
  userId: number;
  roomId: string;
}

interface FuzzRequest {
  path: string;
  query: string;
  body?: string;
  contentType?: string;
}

interface Answer {
  status: number;
  body: string;
  contentType: string;
}

/** Routes are fuzzed in this many lanes at once, each as its own parent (the time is mostly waiting). */
const LANES = 4;

const agent = new http.Agent({ keepAlive: true, maxSockets: LANES });

/** One HTTP request with the exact bytes given (no URL normalisation, unlike fetch). */
function rawRequest(
  baseUrl: string,
  method: string,
  target: string,
  headers: Record<string, string>,
  body?: string,
): Promise<Answer> {
  const url = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: url.hostname, port: url.port, method, path: target, headers, agent },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            body: Buffer.concat(chunks).toString('utf8'),
            contentType: String(res.headers['content-type'] ?? ''),
          }),
        );
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    if (body !== undefined) req.write(body);
    req.end();
  });
}

/** Percent-encodes every byte but the unreserved ones (lone surrogates become U+FFFD, as UTF-8 does). */
function pctEncode(s: string): string {
  let out = '';
  for (const byte of Buffer.from(s, 'utf8')) {
    const c = String.fromCharCode(byte);
    out += /[A-Za-z0-9\-._~]/.test(c) ? c : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

/** Path segments a decoder or router can trip on, sent as they are. */
const RAW_SEGMENTS = [
  '%',
  '%E0%A4%A',
  '%ZZ',
  '%00',
  '%2F',
  '%2e%2e',
  '%C0%AF',
  '%ED%A0%80',
  '%FF%FE',
  '..',
  '.',
  '2147483648',
  '9007199254740993',
  '99999999999999999999',
  '-1',
  '0',
  '1e3',
  '0x1',
  '1.5',
];

const nastySegment = fc.oneof(
  { arbitrary: nastyString.filter((s) => s.length > 0).map(pctEncode), weight: 3 },
  { arbitrary: fc.constantFrom(...RAW_SEGMENTS), weight: 2 },
);

type QueryValue = string | string[];

/** Query strings: repeated keys (arrays), hostile keys and values, a malformed tail now and then. */
function queryString(entries: [string, QueryValue][], rawTail: string): string {
  const parts: string[] = [];
  for (const [k, v] of entries) {
    for (const one of Array.isArray(v) ? v : [v]) parts.push(`${pctEncode(k)}=${pctEncode(one)}`);
  }
  if (rawTail) parts.push(rawTail);
  return parts.length > 0 ? `?${parts.join('&')}` : '';
}

const queryValue: fc.Arbitrary<QueryValue> = fc.oneof(
  { arbitrary: nastyString, weight: 4 },
  { arbitrary: fc.array(nastyString, { minLength: 2, maxLength: 3 }), weight: 1 },
);

const rawQueryTail = fc.oneof(
  { arbitrary: fc.constant(''), weight: 6 },
  { arbitrary: fc.constantFrom('%E0%A4%A=%ZZ', 'q=%', '%00=%00', '&&=&', 'a[b][c]=1'), weight: 1 },
);

/** What a route's catalog entry says about its inputs, as JSON Schema (none for an unlisted route). */
function schemasOf(route: string) {
  // listRoutes keeps a router's "/" mount point ("POST /api/contacts/"); the catalog does not.
  const doc = ROUTE_CATALOG[route] ?? ROUTE_CATALOG[route.replace(/\/$/, '')];
  const json = (s: unknown) => (s ? toJsonSchema(s as never, 'input') : undefined);
  return { params: json(doc?.params), query: json(doc?.query), body: json(doc?.body) };
}

/** Stringified query exemplar values: what a valid query looks like, one entry per key. */
function queryEntries(value: unknown): [string, QueryValue][] {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return [];
  // JSON for anything not a string (String() throws on an object whose toString is data).
  const text = (v: unknown) => (typeof v === 'string' ? v : (JSON.stringify(v) ?? ''));
  return Object.entries(value as Record<string, unknown>).map(([k, v]) => [
    k,
    Array.isArray(v) ? v.map(text) : text(v),
  ]);
}

/** Generated requests for one route, starting from a valid one where the schemas are known. */
function requestsFor(route: string, caller: Caller): fc.Arbitrary<FuzzRequest> {
  const [method, pattern] = route.split(' ') as [string, string];
  const schemas = schemasOf(route);
  const hints: ExemplarHints = {
    uuid: (key) => (key === 'roomId' || key === 'id' ? caller.roomId : randomUUID()),
  };
  const validParams = (schemas.params ? exemplar(schemas.params, '', hints) : {}) as Record<
    string,
    unknown
  >;
  const names = [...pattern.matchAll(/:(\w+)/g)].map((m) => m[1]!);
  const segment = (name: string) =>
    fc.oneof(
      {
        arbitrary: fc.constant(
          pctEncode(JSON.stringify(validParams[name] ?? 1).replace(/^"|"$/g, '')),
        ),
        weight: 2,
      },
      { arbitrary: nastySegment, weight: 1 },
    );
  const path = fc
    .tuple(...names.map(segment))
    .map((values) => names.reduce((p, name, i) => p.replace(`:${name}`, values[i]!), pattern));

  const validQuery = schemas.query ? exemplar(schemas.query, '', hints) : {};
  const query = fc
    .tuple(
      fc.oneof(
        { arbitrary: fc.constant(queryEntries(validQuery)), weight: 2 },
        {
          arbitrary: mutationsOf(validQuery).map((q) =>
            queryEntries(q).map(([k, v]) => [k, v] as [string, QueryValue]),
          ),
          weight: 2,
        },
        { arbitrary: fc.array(fc.tuple(nastyKey, queryValue), { maxLength: 4 }), weight: 2 },
      ),
      rawQueryTail,
    )
    .map(([entries, tail]) => queryString(entries, tail));

  const validBody = schemas.body ? exemplar(schemas.body, '', hints) : {};
  const body: fc.Arbitrary<Pick<FuzzRequest, 'body' | 'contentType'>> = STATE_CHANGING.has(method)
    ? fc.oneof(
        { arbitrary: mutationsOf(validBody).map((b) => json(b)), weight: 8 },
        { arbitrary: nastyJson.map((b) => json(b)), weight: 2 },
        {
          // Deeper than anything a schema walks; sent as text, JSON.stringify would recurse.
          arbitrary: fc
            .tuple(fc.integer({ min: 100, max: 20_000 }), fc.boolean())
            .map(([depth, objects]) => ({
              body: objects
                ? `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`
                : `${'['.repeat(depth)}${']'.repeat(depth)}`,
              contentType: 'application/json',
            })),
          weight: 1,
        },
        {
          // Not JSON at all, or JSON that only a lenient parser would take.
          arbitrary: fc
            .constantFrom(
              '{',
              '{"a":}',
              'nul',
              '"\\ud800"',
              '[1,]',
              '\u0000',
              '{"__proto__":{"x":1}}',
            )
            .map((b) => ({ body: b, contentType: 'application/json' })),
          weight: 1,
        },
        { arbitrary: fc.constant({}), weight: 1 },
        {
          arbitrary: fc
            .tuple(fc.constantFrom('text/plain', 'application/x-www-form-urlencoded'), nastyString)
            .map(([contentType, b]) => ({ body: b, contentType })),
          weight: 1,
        },
      )
    : fc.constant({});

  return fc
    .tuple(path, query, body)
    .map(([p, q, b]) => ({ path: p, query: q, ...b }) satisfies FuzzRequest);
}

const json = (value: unknown) => ({
  body: JSON.stringify(value) ?? 'null',
  contentType: 'application/json',
});

/** Throws unless the answer is below 500 and every 4xx carries the error shape with its code. */
function expectStableAnswer(route: string, request: FuzzRequest, answer: Answer): void {
  const what = () =>
    `${route} ${request.path}${request.query.slice(0, 200)} body ${String(request.body).slice(0, 200)}`;
  if (answer.status >= 500 || answer.status < 100)
    throw new Error(`${answer.status} from ${what()}: ${answer.body.slice(0, 300)}`);
  // Node's own HTTP parser answers 431 for headers (the request line) over 16 kB: no app code ran.
  if (answer.status < 400 || answer.status === 431) return;
  let code: unknown;
  try {
    code = (JSON.parse(answer.body) as { error?: { code?: unknown } }).error?.code;
  } catch {
    throw new Error(`${answer.status} without a JSON error body from ${what()}`);
  }
  if (
    !CLIENT_ERROR_CODES.has(code as ErrorCode) ||
    ERROR_STATUS[code as ErrorCode] !== answer.status
  )
    throw new Error(`${answer.status} with code ${String(code)} from ${what()}`);
}

let casesRun = 0;
let callersReplaced = 0;
/** FUZZ_ONLY=regex narrows the routes while hunting one failure. */
const ONLY = new RegExp(process.env.FUZZ_ONLY ?? '');
const timings: string[] = [];
const seen = new Map<string, number>();

/** A signed-up parent in a room of their own with a second parent. */
async function newCaller(): Promise<Caller> {
  const [fresh, partner] = await Promise.all([
    signUp(ctx.server.url, { displayName: 'Fuzz' }),
    signUp(ctx.server.url, { displayName: 'Partner' }),
  ]);
  const roomId = await createRoom(ctx.server.database.url, [fresh.user.id, partner.user.id]);
  return { cookie: fresh.cookie, userId: fresh.user.id, roomId };
}

/** After a case that signed the caller out (logout, sign out everywhere): a fresh parent in a fresh room. */
async function keepSignedIn(caller: Caller): Promise<void> {
  const me = await rawRequest(ctx.server.url, 'GET', '/api/auth/me', { cookie: caller.cookie });
  const id = me.status === 200 ? (JSON.parse(me.body) as { user: { id: number } }).user.id : 0;
  if (id === caller.userId) return;
  Object.assign(caller, await newCaller());
  callersReplaced += 1;
}

async function fire(caller: Caller, route: string, request: FuzzRequest): Promise<Answer> {
  const method = route.split(' ')[0]!;
  const headers: Record<string, string> = { cookie: caller.cookie };
  if (request.contentType) headers['content-type'] = request.contentType;
  if (request.body !== undefined)
    headers['content-length'] = String(Buffer.byteLength(request.body));
  return rawRequest(ctx.server.url, method, request.path + request.query, headers, request.body);
}

/** Fuzzes one route as `caller`; returns the number of cases run. */
async function fuzzRoute(caller: Caller, route: string): Promise<number> {
  const method = route.split(' ')[0]!;
  const started = Date.now();
  const runs = await checkProperty(
    route,
    fc.asyncProperty(requestsFor(route, caller), async (request) => {
      const answer = await fire(caller, route, request);
      if (process.env.FUZZ_STATS === '2')
        console.log(route, request, answer.status, answer.body.slice(0, 200));
      expectStableAnswer(route, request, answer);
      const key = `${route} ${answer.status}`;
      seen.set(key, (seen.get(key) ?? 0) + 1);
      if (STATE_CHANGING.has(method) && answer.status < 300) await keepSignedIn(caller);
    }),
    RUNS_PER_ROUTE,
  );
  timings.push(`${route} ${Date.now() - started} ms`);
  return runs;
}

function routesOfApp(): string[] {
  // The same app the server serves, built again from its services (no session needed to list).
  const app = createApp(ctx.server.ctx, ctx.server.services, (_req, _res, next) => next());
  return listRoutes(app);
}

describe(`REST routes under fuzz (seed ${FUZZ_SEED})`, () => {
  afterAll(() => {
    agent.destroy();
    console.log(
      `REST fuzz: ${casesRun} cases, seed ${FUZZ_SEED}, callers replaced ${callersReplaced}`,
    );
    if (process.env.FUZZ_STATS) console.log([...seen].sort().join('\n'), timings.join('\n'));
  });

  it('every route: hostile params, queries and bodies answer below 500, 4xx in the error shape', async () => {
    const routes = routesOfApp();
    expect(routes.length).toBeGreaterThan(40);
    const before = prototypeKeys();
    const callers = await Promise.all(Array.from({ length: LANES }, newCaller));
    const chosen = routes.filter((r) => ONLY.test(r));
    // A failing lane stops the others (they would run on into the server's shutdown).
    let failed = false;
    const results = await Promise.allSettled(
      callers.map(async (caller, lane) => {
        for (const route of chosen.filter((_, i) => i % LANES === lane)) {
          if (failed) return;
          // Awaited first: `casesRun += await …` would read casesRun before another lane adds.
          const runs = await fuzzRoute(caller, route).catch((err: unknown) => {
            failed = true;
            throw err;
          });
          casesRun += runs;
        }
      }),
    );
    for (const r of results) if (r.status === 'rejected') throw r.reason;
    expect(prototypeKeys()).toEqual(before);
    // The server still serves a valid request afterwards.
    const caller = callers[0]!;
    await keepSignedIn(caller);
    const rooms = await rawRequest(ctx.server.url, 'GET', '/api/rooms', { cookie: caller.cookie });
    expect(rooms.status).toBe(200);
  }, 300_000);

  it('every state-changing route: a 300 kB to 2 MB body answers 413 or another 4xx', async () => {
    const caller = await newCaller();
    const routes = routesOfApp().filter((r) => STATE_CHANGING.has(r.split(' ')[0]!));
    for (const route of routes) {
      const pattern = route.split(' ')[1]!;
      const path = pattern.replace(/:(\w+)/g, (_m, name: string) =>
        name === 'id' && pattern.startsWith('/api/rooms') ? caller.roomId : '1',
      );
      const huge = fc
        .tuple(fc.integer({ min: 300_000, max: 2_000_000 }), fc.nat(4), nastyKey)
        .map(([bytes, flavour, key]) => ({
          path,
          query: '',
          ...json({ [key]: hugeString(bytes, flavour) }),
        }));
      const runs = await checkProperty(
        `${route} (huge)`,
        fc.asyncProperty(huge, async (request) => {
          const answer = await fire(caller, route, request);
          expectStableAnswer(route, request, answer);
          if (answer.status < 400)
            throw new Error(`${route} accepted a ${request.body?.length} byte body`);
        }),
        HUGE_PER_ROUTE,
      );
      casesRun += runs;
    }
  }, 120_000);
});
