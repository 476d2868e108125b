/**
 * An Anthropic Messages API double: `POST /v1/messages` answered from a
 * scriptable queue of behaviours, so the real @anthropic-ai/sdk (pointed at
 * `url` through `baseURL`) can be driven through success, API errors,
 * timeouts and garbage without the network.
 */
import { randomBytes } from 'node:crypto';
import http, {
  type IncomingHttpHeaders,
  type IncomingMessage,
  type ServerResponse,
} from 'node:http';
import {
  closeServer,
  listenOnLoopback,
  parseJsonObject,
  readBody,
  safeHandler,
  sendJson,
} from './http.js';

/** One scripted answer to a Messages API call. */
export type AnthropicBehaviour =
  /** A tool_use message; the tool is `name`, else tool_choice.name, else tools[0].name. */
  | { kind: 'tool_use'; input: Record<string, unknown>; name?: string }
  | { kind: 'text'; text: string }
  /** An API error; `body` replaces the standard error JSON when given. */
  | { kind: 'status'; status: number; message?: string; body?: unknown; retryAfterMs?: number }
  /** Holds the request open until the client gives up or the double closes. */
  | { kind: 'hang' }
  /** 200 with a JSON content type and a body that is not JSON. */
  | { kind: 'malformed' };

/** A request as the double saw it. */
export interface RecordedAnthropicRequest {
  body: Record<string, unknown>;
  headers: IncomingHttpHeaders;
  /** From x-api-key, or `Authorization: Bearer` (which SDK 1.x sends). */
  apiKey: string;
  /** Which behaviour answered it. */
  behaviour: AnthropicBehaviour['kind'];
}

/** Options of `startAnthropicApi`. */
export interface AnthropicApiOptions {
  /** Answer when the queue is empty (default: 500 api_error, so unscripted calls are loud). */
  defaultBehaviour?: AnthropicBehaviour;
  /** Latency added before every answer, for benchmarks. */
  delayMs?: number;
}

/** A running Anthropic API double. */
export interface AnthropicApiDouble {
  /** http://127.0.0.1:<port>; pass as the SDK's `baseURL`. */
  url: string;
  requests: RecordedAnthropicRequest[];
  /** Appends behaviours, consumed one per request in order. */
  enqueue(...behaviours: AnthropicBehaviour[]): void;
  setDefault(behaviour: AnthropicBehaviour): void;
  setDelay(ms: number): void;
  /** Behaviours still queued. */
  pending(): number;
  close(): Promise<void>;
}

/** Anthropic's error `type` for each HTTP status. */
const ERROR_TYPES: Record<number, string> = {
  400: 'invalid_request_error',
  401: 'authentication_error',
  403: 'permission_error',
  404: 'not_found_error',
  413: 'request_too_large',
  429: 'rate_limit_error',
  500: 'api_error',
  529: 'overloaded_error',
};

/** Starts the double on 127.0.0.1 at an ephemeral port. */
export async function startAnthropicApi(
  options: AnthropicApiOptions = {},
): Promise<AnthropicApiDouble> {
  const queue: AnthropicBehaviour[] = [];
  const requests: RecordedAnthropicRequest[] = [];
  let fallback: AnthropicBehaviour = options.defaultBehaviour ?? {
    kind: 'status',
    status: 500,
    message: 'anthropic double: no behaviour scripted',
  };
  let delayMs = options.delayMs ?? 0;

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const path = (req.url ?? '').split('?')[0];
    if (req.method !== 'POST' || path !== '/v1/messages') {
      return sendError(res, 404, `Not found: ${req.method} ${path}`);
    }
    const body = parseJsonObject((await readBody(req, 32 * 1024 * 1024)).toString('utf8'));
    // The checks the real API makes before any model work.
    const apiKey = apiKeyOf(req.headers);
    if (!apiKey) return sendError(res, 401, 'x-api-key header is required');
    if (!req.headers['anthropic-version']) {
      return sendError(res, 400, 'anthropic-version header is required');
    }
    const invalid = body ? validateMessagesBody(body) : 'request body is not a JSON object';
    if (invalid || !body) return sendError(res, 400, invalid ?? 'invalid body');

    const behaviour = queue.shift() ?? fallback;
    requests.push({ body, headers: req.headers, apiKey, behaviour: behaviour.kind });
    if (behaviour.kind === 'hang') return; // closeServer() drops the socket
    if (delayMs > 0) await new Promise((resolve) => setTimeout(resolve, delayMs));
    if (req.socket.destroyed) return; // the client timed out during the delay
    answer(res, behaviour, body);
  };

  const server = http.createServer(safeHandler(handle));
  const port = await listenOnLoopback(server);
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    enqueue: (...behaviours) => void queue.push(...behaviours),
    setDefault: (behaviour) => void (fallback = behaviour),
    setDelay: (ms) => void (delayMs = ms),
    pending: () => queue.length,
    close: () => closeServer(server),
  };
}

function apiKeyOf(headers: IncomingHttpHeaders): string | undefined {
  const direct = headers['x-api-key'];
  if (typeof direct === 'string' && direct) return direct;
  return /^Bearer\s+(\S+)$/i.exec(headers.authorization ?? '')?.[1];
}

/** Returns why a body is not a Messages request, or null when it is one. */
function validateMessagesBody(body: Record<string, unknown>): string | null {
  if (typeof body['model'] !== 'string') return 'model: Field required';
  if (typeof body['max_tokens'] !== 'number') return 'max_tokens: Field required';
  if (!Array.isArray(body['messages']) || body['messages'].length === 0)
    return 'messages: at least one message is required';
  // The double answers whole messages only; a streaming client would hang on it.
  if (body['stream'] === true) return 'anthropic double: stream=true is not supported';
  return null;
}

function answer(
  res: ServerResponse,
  behaviour: Exclude<AnthropicBehaviour, { kind: 'hang' }>,
  body: Record<string, unknown>,
): void {
  const headers = { 'request-id': `req_${randomBytes(12).toString('hex')}` };
  switch (behaviour.kind) {
    case 'malformed':
      res
        .writeHead(200, { 'content-type': 'application/json', ...headers })
        .end('{"id":"msg_01","type":"mess');
      return;
    case 'status': {
      const retryAfter: Record<string, string> = {};
      if (behaviour.status === 429 || behaviour.retryAfterMs !== undefined) {
        const ms = behaviour.retryAfterMs ?? 1000;
        retryAfter['retry-after'] = String(Math.ceil(ms / 1000));
        retryAfter['retry-after-ms'] = String(ms); // the SDK prefers it; keeps retry tests fast
      }
      const message = behaviour.message ?? `anthropic double: scripted ${behaviour.status}`;
      const payload = behaviour.body ?? errorBody(behaviour.status, message);
      sendJson(res, behaviour.status, payload, { ...headers, ...retryAfter });
      return;
    }
    case 'text':
      sendJson(
        res,
        200,
        message(body, [{ type: 'text', text: behaviour.text }], 'end_turn'),
        headers,
      );
      return;
    case 'tool_use': {
      const name = behaviour.name ?? toolNameOf(body);
      if (!name)
        return sendError(
          res,
          400,
          'anthropic double: tool_use scripted but the request names no tool',
        );
      const block = {
        type: 'tool_use',
        id: `toolu_${randomBytes(12).toString('hex')}`,
        name,
        input: behaviour.input,
      };
      sendJson(res, 200, message(body, [block], 'tool_use'), headers);
      return;
    }
  }
}

/** The tool the request forces (tool_choice) or offers first. */
function toolNameOf(body: Record<string, unknown>): string | undefined {
  const choice = body['tool_choice'] as { type?: unknown; name?: unknown } | undefined;
  if (choice?.type === 'tool' && typeof choice.name === 'string') return choice.name;
  const tools = body['tools'];
  const first: unknown = Array.isArray(tools) ? tools[0] : undefined;
  const name = (first as { name?: unknown } | undefined)?.name;
  return typeof name === 'string' ? name : undefined;
}

/** A Messages API response object around the given content blocks. */
function message(
  request: Record<string, unknown>,
  content: unknown[],
  stopReason: string,
): Record<string, unknown> {
  const inputChars =
    JSON.stringify(request['messages'] ?? []).length +
    JSON.stringify(request['system'] ?? '').length;
  return {
    id: `msg_${randomBytes(12).toString('hex')}`,
    type: 'message',
    role: 'assistant',
    model: request['model'],
    content,
    stop_reason: stopReason,
    stop_sequence: null,
    // Rough 4-chars-per-token estimate; only its plausibility matters.
    usage: {
      input_tokens: Math.ceil(inputChars / 4),
      output_tokens: Math.ceil(JSON.stringify(content).length / 4),
    },
  };
}

function errorBody(status: number, message: string): Record<string, unknown> {
  return { type: 'error', error: { type: ERROR_TYPES[status] ?? 'api_error', message } };
}

function sendError(res: ServerResponse, status: number, message: string): void {
  sendJson(res, status, errorBody(status, message), {
    'request-id': `req_${randomBytes(12).toString('hex')}`,
  });
}
