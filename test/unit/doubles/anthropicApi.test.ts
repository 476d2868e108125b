/**
 * Proves the Anthropic double speaks the Messages API to the real
 * @anthropic-ai/sdk: tool_use round trip, error mapping, retries, timeouts.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import Anthropic, {
  APIConnectionTimeoutError,
  APIError,
  InternalServerError,
  RateLimitError,
} from '@anthropic-ai/sdk';
import { startAnthropicApi, type AnthropicApiDouble } from '../../support/doubles/anthropicApi.js';

const tool = {
  name: 'report_mediation',
  description: 'Report the mediation verdict',
  input_schema: {
    type: 'object' as const,
    properties: { action: { type: 'string' } },
    required: ['action'],
  },
};

describe('anthropic API double', () => {
  let api: AnthropicApiDouble;
  let client: Anthropic;
  beforeAll(async () => {
    api = await startAnthropicApi();
  });
  beforeEach(() => {
    api.requests.length = 0;
    // maxRetries 0: each test below counts requests; retries get their own test.
    client = new Anthropic({ apiKey: 'test-key', baseURL: api.url, maxRetries: 0 });
  });
  afterAll(async () => {
    await api.close();
  });

  const ask = (c: Anthropic = client, timeout?: number) =>
    c.messages.create(
      {
        model: 'claude-sonnet-4-6',
        max_tokens: 512,
        system: 'You mediate co-parent messages.',
        messages: [{ role: 'user', content: 'You never pick her up on time!' }],
        tools: [tool],
        tool_choice: { type: 'tool', name: tool.name },
      },
      timeout === undefined ? undefined : { timeout },
    );

  it('round-trips a forced tool call', async () => {
    api.enqueue({ kind: 'tool_use', input: { action: 'intervene' } });

    const message = await ask();

    expect(message.stop_reason).toBe('tool_use');
    const [block] = message.content;
    expect(block?.type === 'tool_use' && block.name).toBe('report_mediation');
    expect(block?.type === 'tool_use' && block.input).toEqual({ action: 'intervene' });
    expect(api.requests).toHaveLength(1);
    expect(api.requests[0]?.body['tool_choice']).toEqual({
      type: 'tool',
      name: 'report_mediation',
    });
    expect(api.requests[0]?.apiKey).toBe('test-key');
  });

  it('answers text', async () => {
    api.enqueue({ kind: 'text', text: 'Could we talk about pickup times?' });
    const message = await ask();
    expect(message.content).toEqual([{ type: 'text', text: 'Could we talk about pickup times?' }]);
  });

  it('surfaces a 500 as an APIError with the error JSON', async () => {
    api.enqueue({ kind: 'status', status: 500, message: 'boom' });
    const failure = ask();
    await expect(failure).rejects.toBeInstanceOf(InternalServerError);
    await expect(failure).rejects.toBeInstanceOf(APIError);
    await expect(failure).rejects.toMatchObject({
      status: 500,
      error: { type: 'error', error: { type: 'api_error' } },
    });
  });

  it('is retried by a default SDK client on 429 and 5xx', async () => {
    api.enqueue(
      { kind: 'status', status: 429, retryAfterMs: 10 },
      { kind: 'status', status: 529, retryAfterMs: 10 },
      { kind: 'tool_use', input: { action: 'pass' } },
    );
    const retrying = new Anthropic({ apiKey: 'k', baseURL: api.url, maxRetries: 2 });
    await expect(ask(retrying)).resolves.toMatchObject({ stop_reason: 'tool_use' });
    expect(api.requests.map((r) => r.behaviour)).toEqual(['status', 'status', 'tool_use']);
  });

  it('gives a RateLimitError with retry-after when retries are off', async () => {
    api.enqueue({ kind: 'status', status: 429 });
    const failure = ask();
    await expect(failure).rejects.toBeInstanceOf(RateLimitError);
    const err = await failure.catch((e: unknown) => e);
    expect(err instanceof RateLimitError && err.headers.get('retry-after')).toBe('1');
  });

  it('hangs until the SDK times out', async () => {
    api.enqueue({ kind: 'hang' });
    await expect(ask(client, 200)).rejects.toBeInstanceOf(APIConnectionTimeoutError);
    expect(api.requests).toHaveLength(1);
  });

  it('sends a malformed body the SDK cannot parse', async () => {
    api.enqueue({ kind: 'malformed' });
    // SyntaxError comes from another realm under jest's vm modules; match by name.
    await expect(ask()).rejects.toMatchObject({
      name: 'SyntaxError',
      message: expect.stringMatching(/JSON/),
    });
  });

  it('applies delayMs and falls back to the default behaviour', async () => {
    api.setDelay(50);
    api.setDefault({ kind: 'text', text: 'default' });
    const started = performance.now();
    const message = await ask();
    api.setDelay(0);
    expect(performance.now() - started).toBeGreaterThanOrEqual(45);
    expect(message.content).toEqual([{ type: 'text', text: 'default' }]);
    expect(api.pending()).toBe(0);
  });

  it('rejects a request without an API key like the real API', async () => {
    const response = await fetch(`${api.url}/v1/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'anthropic-version': '2023-06-01' },
      body: JSON.stringify({
        model: 'm',
        max_tokens: 1,
        messages: [{ role: 'user', content: 'x' }],
      }),
    });
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({
      type: 'error',
      error: { type: 'authentication_error' },
    });
  });
});
