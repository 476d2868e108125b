/**
 * ClaudeMediator and withFallback against the Messages API double, without a
 * server: how answers are checked, how failures are classified, what is logged.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { ClaudeMediator } from '../../../server/mediation/claudeMediator.js';
import {
  failureKind,
  MediatorFailure,
  withFallback,
  type FailureKind,
} from '../../../server/mediation/fallback.js';
import { LocalMediator } from '../../../server/mediation/local/index.js';
import type { MediationInput } from '../../../server/mediation/types.js';
import {
  startAnthropicApi,
  type AnthropicApiDouble,
  type AnthropicBehaviour,
} from '../../support/doubles/anthropicApi.js';

const TEXT = 'You never bring Emma back by 6pm on Sunday, you idiot.';
const input: MediationInput = {
  text: TEXT,
  sender: { id: 1, displayName: 'Ann' },
  receiver: { id: 2, displayName: 'Bob' },
  room: { id: 'room-1' },
  recentMessages: [{ senderId: 2, text: 'Is Sunday still fine?' }],
  senderTriggers: [{ type: 'pattern', value: 'blame', intensity: 0.4 }],
  receiverTriggers: [],
};

const answer = (over: Record<string, unknown> = {}): AnthropicBehaviour => ({
  kind: 'tool_use',
  input: {
    action: 'intervene',
    risk: 0.9,
    patterns: ['blame', 'insult'],
    triggers: ['You Never'],
    suggestions: ['Could you bring Emma back by 6pm on Sunday?'],
    topic: 'schedule',
    explanation: 'Blame and an insult.',
    ...over,
  },
});

let api: AnthropicApiDouble;
let claude: ClaudeMediator;
let logged: string;
let kinds: FailureKind[];

beforeAll(async () => {
  api = await startAnthropicApi();
});
// Generous: on a loaded CI machine the double's first answer has taken over 300 ms. Only the
// hang case needs a short timeout, and sets its own.
const ANSWER_TIMEOUT_MS = 10_000;
const HANG_TIMEOUT_MS = 300;

beforeEach(() => {
  api.requests.length = 0;
  claude = new ClaudeMediator({
    apiKey: 'k',
    baseURL: api.url,
    model: 'm',
    timeoutMs: ANSWER_TIMEOUT_MS,
  });
  logged = '';
  kinds = [];
});
afterAll(async () => {
  await api.close();
});

function mediatorWithFallback() {
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      logged += chunk.toString();
      done();
    },
  });
  return withFallback(claude, new LocalMediator(), pino(sink), (k) => kinds.push(k));
}

describe('ClaudeMediator', () => {
  it('returns the checked tool input: unknown names dropped, triggers lower-cased', async () => {
    api.enqueue(answer({ patterns: ['blame', 'sarcasm?'], topic: 'weather' }));
    const result = await claude.analyze(input);
    expect(result).toEqual({
      action: 'intervene',
      risk: 0.9,
      patterns: ['blame'],
      triggers: ['you never'],
      suggestions: ['Could you bring Emma back by 6pm on Sunday?'],
      topic: 'general',
      explanation: 'Blame and an insult.',
    });
    const body = api.requests[0]!.body;
    expect(body['tool_choice']).toEqual({ type: 'tool', name: 'report_mediation' });
    expect(JSON.stringify(body['messages'])).toContain('Is Sunday still fine?');
    expect(JSON.stringify(body['messages'])).toContain('pattern \\"blame\\" (intensity 0.40)');
  });

  it('replaces a rewrite that drops a fact with the local one at its place, and clears suggestions on pass', async () => {
    api.enqueue(
      answer({
        suggestions: [
          'Could you bring her back on time?',
          'Please bring Emma back by 6pm on Sunday.',
        ],
      }),
      answer({ action: 'pass', suggestions: ['ignored'] }),
    );
    const local = new LocalMediator().analyzeSync(input).suggestions;
    expect((await claude.analyze(input)).suggestions).toEqual([
      local[0],
      'Please bring Emma back by 6pm on Sunday.',
    ]);
    expect((await claude.analyze(input)).suggestions).toEqual([]);
  });

  it('replaces a rewrite with a pasted fact list or one that would be held again', async () => {
    api.enqueue(
      answer({
        suggestions: [
          'Please bring her back. For reference: Emma, 6pm, Sunday.',
          'Bring Emma back by 6pm on Sunday, you IDIOT!!!',
        ],
      }),
    );
    const local = new LocalMediator().analyzeSync(input).suggestions;
    expect((await claude.analyze(input)).suggestions).toEqual(local.slice(0, 2));
  });

  it('refuses an answer it cannot use', async () => {
    api.enqueue(answer({ suggestions: [] }), answer({ risk: 7 }), {
      kind: 'text',
      text: 'ok',
    });
    for (let i = 0; i < 3; i++) {
      const err = await claude.analyze(input).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(MediatorFailure);
      expect(failureKind(err)).toBe('malformed');
    }
  });
});

describe('withFallback', () => {
  const cases: [AnthropicBehaviour, FailureKind][] = [
    [{ kind: 'status', status: 500 }, 'server_error'],
    [{ kind: 'status', status: 529 }, 'server_error'],
    [{ kind: 'status', status: 429 }, 'rate_limited'],
    [{ kind: 'status', status: 401 }, 'client_error'],
    [{ kind: 'hang' }, 'timeout'],
    [{ kind: 'malformed' }, 'malformed'],
  ];

  it.each(cases)('answers locally on %j, logging only the kind (%s)', async (behaviour, kind) => {
    api.enqueue(behaviour);
    if (behaviour.kind === 'hang') {
      claude = new ClaudeMediator({
        apiKey: 'k',
        baseURL: api.url,
        model: 'm',
        timeoutMs: HANG_TIMEOUT_MS,
      });
    }
    const result = await mediatorWithFallback().analyze(input);
    expect(result).toEqual(new LocalMediator().analyzeSync(input));
    expect(kinds).toEqual([kind]);
    expect(logged).toContain(`"kind":"${kind}"`);
    expect(logged).not.toMatch(/idiot|Emma|Sunday/);
  });

  it('classifies a refused connection', async () => {
    const closed = await startAnthropicApi();
    const url = closed.url;
    await closed.close();
    claude = new ClaudeMediator({
      apiKey: 'k',
      baseURL: url,
      model: 'm',
      timeoutMs: HANG_TIMEOUT_MS,
    });
    await mediatorWithFallback().analyze(input);
    expect(kinds).toEqual(['connection']);
  });

  it('passes a good answer through untouched', async () => {
    api.enqueue(answer());
    expect((await mediatorWithFallback().analyze(input)).suggestions).toEqual([
      'Could you bring Emma back by 6pm on Sunday?',
    ]);
    expect(kinds).toEqual([]);
  });
});
