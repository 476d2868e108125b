/**
 * The Claude mediator through the real @anthropic-ai/sdk against a local
 * double of the Messages API: its tool_use answer is used; a 500, a 429, a
 * hang past ANTHROPIC_TIMEOUT_MS (3 s here), a malformed body or a malformed tool input
 * each fall back to the local mediator — the message is still mediated and
 * nothing is lost.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { LocalMediator } from '../../server/mediation/local/index.js';
import { coupleUp, held, send, sent, type Couple } from '../support/couple.js';
import {
  startAnthropicApi,
  type AnthropicApiDouble,
  type AnthropicBehaviour,
} from '../support/doubles/anthropicApi.js';
import { sql } from '../support/rooms.js';
import { until } from '../support/sockets.js';
import { startTestServer, type TestServer } from '../support/testServer.js';

const HOSTILE = 'You never pick her up on time on Friday, you idiot!';
const CLAUDE_REWRITE = 'Could you make sure to be on time for pickup on Friday?';
const NEUTRAL = 'Pickup is at 5pm on Friday.';

let api: AnthropicApiDouble;
let server: TestServer;
let c: Couple;

const verdict = (over: Record<string, unknown> = {}): AnthropicBehaviour => ({
  kind: 'tool_use',
  input: {
    action: 'intervene',
    risk: 0.82,
    patterns: ['blame', 'insult', 'not_a_pattern'],
    triggers: ['You never', 'you idiot'],
    suggestions: [CLAUDE_REWRITE],
    topic: 'schedule',
    explanation: 'Name-calling and "you never" put Bob on the defensive.',
    ...over,
  },
});

/** What the local mediator alone would suggest for a text Ann sends Bob. */
function localSuggestions(text: string): string[] {
  return new LocalMediator().analyzeSync({
    text,
    sender: { id: c.ann.user.id, displayName: 'Ann' },
    receiver: { id: c.bob.user.id, displayName: 'Bob' },
    room: { id: c.roomId },
    recentMessages: [],
    senderTriggers: [],
    receiverTriggers: [],
  }).suggestions;
}

beforeAll(async () => {
  api = await startAnthropicApi();
  server = await startTestServer({
    ANTHROPIC_API_KEY: 'test-key',
    ANTHROPIC_BASE_URL: api.url,
    // Long enough for an answer on a loaded CI machine (300 ms was not); the hang case waits it out.
    ANTHROPIC_TIMEOUT_MS: '3000',
    SOCKET_SENDS_PER_SECOND: '1000',
  });
});

beforeEach(async () => {
  api.requests.length = 0;
  c = await coupleUp(server);
});

afterEach(() => {
  c.close();
  expect(api.pending()).toBe(0);
});

afterAll(async () => {
  await server.stop();
  await api.close();
});

describe('Claude answers', () => {
  it('uses its tool_use verdict, with the conversation and both parents’ triggers as context', async () => {
    api.enqueue(
      verdict({ action: 'pass', risk: 0.1, patterns: [], triggers: [], suggestions: [] }),
    );
    sent(await send(c.bobSocket, c.roomId, 'Can you get Emma on Friday?'));
    await sql(
      server.database.url,
      `INSERT INTO communication_triggers (user_id, trigger_type, trigger_value, intensity)
       VALUES ($1, 'topic', 'schedule', 0.6)`,
      [c.bob.user.id],
    );
    // Planted behind the server's back: its in-memory room context is told.
    server.services.messaging.states.invalidateUser(c.bob.user.id);
    api.enqueue(verdict());

    const intervention = held(await send(c.annSocket, c.roomId, HOSTILE));

    expect(intervention).toMatchObject({
      suggestions: [CLAUDE_REWRITE],
      patterns: ['blame', 'insult'],
      risk: 0.82,
      explanation: 'Name-calling and "you never" put Bob on the defensive.',
      canSendOriginal: true,
    });
    const request = api.requests.at(-1)!;
    expect(request.apiKey).toBe('test-key');
    expect(request.body).toMatchObject({
      model: 'claude-sonnet-4-6',
      tool_choice: { type: 'tool', name: 'report_mediation' },
      tools: [expect.objectContaining({ name: 'report_mediation' })],
    });
    const prompt = JSON.stringify(request.body['messages']);
    expect(prompt).toContain('Can you get Emma on Friday?');
    expect(prompt).toContain('topic \\"schedule\\" (intensity 0.60)');
    expect(prompt).toContain('you idiot!');
    // Claude's triggers were learned, lower-cased.
    const phrases = await sql<{ trigger_value: string }>(
      server.database.url,
      `SELECT trigger_value FROM communication_triggers WHERE user_id = $1 AND trigger_type = 'phrase'`,
      [c.ann.user.id],
    );
    expect(phrases.map((p) => p.trigger_value).sort()).toEqual(['you idiot', 'you never']);

    const message = sent(
      await emitResolve({ interventionId: intervention.id, choice: 'accept', suggestionIndex: 0 }),
    );
    expect(message.text).toBe(CLAUDE_REWRITE);
  });

  it('delivers what Claude passes', async () => {
    api.enqueue(
      verdict({ action: 'pass', risk: 0.05, patterns: [], triggers: [], suggestions: [] }),
    );
    const message = sent(await send(c.annSocket, c.roomId, NEUTRAL));
    await until(() => c.atBob.length === 1, 5000, 'delivery');
    expect(c.atBob[0]).toEqual(message);
  });
});

describe('falls back to the local mediator', () => {
  const failures: [string, AnthropicBehaviour][] = [
    ['a 500', { kind: 'status', status: 500 }],
    ['a 429', { kind: 'status', status: 429, retryAfterMs: 10 }],
    ['a hang past the timeout', { kind: 'hang' }],
    ['malformed JSON', { kind: 'malformed' }],
    ['a text answer without the tool', { kind: 'text', text: 'I think this is fine.' }],
    ['a tool input of the wrong shape', verdict({ risk: 'high' })],
  ];

  it.each(failures)('on %s: hostile is still held, neutral still delivered', async (_, failure) => {
    api.enqueue(failure, failure);
    const intervention = held(await send(c.annSocket, c.roomId, HOSTILE));
    expect(intervention.suggestions).toEqual(localSuggestions(HOSTILE));
    expect(intervention.patterns).toEqual(expect.arrayContaining(['insult', 'blame']));

    const message = sent(await send(c.annSocket, c.roomId, NEUTRAL));
    await until(() => c.atBob.length === 1, 5000, 'delivery');
    expect(c.atBob.map((m) => m.id)).toEqual([message.id]);
    expect(api.requests).toHaveLength(2);

    // Nothing lost: the held one is stored, the neutral one is in the chain.
    const [row] = await sql<{ outcome: string; analysis: { mediator: string } }>(
      server.database.url,
      'SELECT outcome, analysis FROM intervention_rewrites WHERE id = $1',
      [intervention.id],
    );
    expect(row).toMatchObject({ outcome: 'pending', analysis: { mediator: 'local' } });
    const verify = await c.ann.agent.get(`/api/rooms/${c.roomId}/verify`);
    expect(verify.body).toEqual({ ok: true, count: 1 });
  });
});

describe('a Claude rewrite that drops a fact', () => {
  it("is replaced by the local rewrite at its place; the verdict stays Claude's", async () => {
    api.enqueue(verdict({ suggestions: ['Could you be on time?', CLAUDE_REWRITE] }));
    const intervention = held(await send(c.annSocket, c.roomId, HOSTILE));
    expect(intervention.suggestions).toEqual([localSuggestions(HOSTILE)[0], CLAUDE_REWRITE]);
    const [row] = await sql<{ analysis: { mediator: string } }>(
      server.database.url,
      'SELECT analysis FROM intervention_rewrites WHERE id = $1',
      [intervention.id],
    );
    expect(row).toMatchObject({ analysis: { mediator: 'claude' } });
  });
});

function emitResolve(payload: {
  interventionId: string;
  choice: 'accept';
  suggestionIndex: number;
}) {
  return new Promise<unknown>((resolve) =>
    c.annSocket.emit('intervention:resolve', payload, resolve),
  );
}
