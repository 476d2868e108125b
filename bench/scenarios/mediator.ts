/**
 * Scenario 3, mediator: the local mediator's speed over the labelled fixture
 * (test/fixtures/mediator/train.json, or a built-in sample when absent),
 * and the Claude path as the server wires it (createMediator: Claude with the
 * local fallback) against the local Anthropic API double with a set delay:
 * success, API error, malformed answer and timeout, i.e. what the fallback costs.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { loadConfig } from '../../server/config.js';
import { analyzeDraft, detectPatterns, LocalMediator } from '../../server/mediation/local/index.js';
import { hostility, shippedScorer } from '../../server/mediation/local/scorer.js';
import { sampleOf, styleOf, styleOfSamples } from '../../server/mediation/learning.js';
import { createMediator } from '../../server/mediation/mediationFactory.js';
import type { MediationInput } from '../../server/mediation/types.js';
import { createLogger } from '../../server/shared/logger.js';
import {
  startAnthropicApi,
  type AnthropicBehaviour,
} from '../../test/support/doubles/anthropicApi.js';
import { BENCH_DIR } from '../lib/child.js';
import type { Flags } from '../lib/flags.js';
import { machineInfo } from '../lib/machine.js';
import { NEUTRAL_TEXTS } from '../lib/population.js';
import { printTable, round, summarize, writeResult, type Summary } from '../lib/stats.js';

interface Sample {
  text: string;
  label: 'hostile' | 'neutral';
}

const BUILT_IN_HOSTILE = [
  'You are a USELESS idiot and you ALWAYS ruin everything!!!',
  'If you are late again I will take you to court and you will never see the kids.',
  'Tell your father he needs to pay me the $300 he owes, or else.',
  'Whatever. Typical of you to forget, as usual.',
  'Send the damn forms by tonight.',
];

function loadSamples(): { samples: Sample[]; source: string } {
  const fixture = path.resolve(BENCH_DIR, '..', 'test', 'fixtures', 'mediator', 'train.json');
  if (existsSync(fixture)) {
    const rows = JSON.parse(readFileSync(fixture, 'utf8')) as Sample[];
    return {
      samples: rows.map((r) => ({ text: r.text, label: r.label })),
      source: 'test/fixtures/mediator/train.json',
    };
  }
  return {
    samples: [
      ...BUILT_IN_HOSTILE.map((text) => ({ text, label: 'hostile' as const })),
      ...NEUTRAL_TEXTS.map((text) => ({ text, label: 'neutral' as const })),
    ],
    source: 'built-in sample',
  };
}

function inputFor(text: string): MediationInput {
  return {
    text,
    sender: { id: 1, displayName: 'Alex' },
    receiver: { id: 2, displayName: 'Sam' },
    room: { id: '00000000-0000-4000-8000-000000000001' },
    recentMessages: [
      { senderId: 2, text: 'Can we talk about the weekend schedule?' },
      { senderId: 1, text: 'Sure, what works for you?' },
    ],
    senderTriggers: [],
    receiverTriggers: [{ type: 'topic', value: 'expenses', intensity: 0.6 }],
  };
}

/** Times analyzeSync per message, over whole passes, bounded in time and count. */
function timeLocal(samples: Sample[], maxMs: number, maxPasses: number) {
  const mediator = new LocalMediator();
  const inputs = samples.map((s) => ({ input: inputFor(s.text), label: s.label }));
  for (let i = 0; i < 3; i += 1) for (const { input } of inputs) mediator.analyzeSync(input);
  const perLabel: Record<string, number[]> = { hostile: [], neutral: [] };
  let held = 0;
  let calls = 0;
  const started = performance.now();
  let passes = 0;
  while (passes < maxPasses && performance.now() - started < maxMs) {
    for (const { input, label } of inputs) {
      const t0 = performance.now();
      const result = mediator.analyzeSync(input);
      perLabel[label]!.push((performance.now() - t0) * 1000);
      if (passes === 0 && result.action === 'intervene') held += 1;
      calls += 1;
    }
    passes += 1;
  }
  // Throughput without per-call timers: one more bounded pass set.
  const tputStarted = performance.now();
  let tputCalls = 0;
  while (tputCalls < calls && performance.now() - tputStarted < maxMs) {
    for (const { input } of inputs) mediator.analyzeSync(input);
    tputCalls += inputs.length;
  }
  const tputSeconds = (performance.now() - tputStarted) / 1000;
  return {
    passes,
    calls,
    heldFirstPass: held,
    all: summarize([...perLabel.hostile!, ...perLabel.neutral!]),
    hostile: summarize(perLabel.hostile!),
    neutral: summarize(perLabel.neutral!),
    messagesPerSecond: tputCalls / tputSeconds,
  };
}

const PASS_ANSWER = {
  action: 'pass',
  risk: 0.05,
  patterns: [],
  triggers: [],
  suggestions: [],
  topic: 'schedule',
  explanation: 'Plain logistics.',
};

/** The server's Claude path (with fallback) against the double, one call at a time. */
async function timeClaude(samples: Sample[], delayMs: number, calls: number, timeoutMs: number) {
  const double = await startAnthropicApi({ delayMs });
  const config = loadConfig({
    ANTHROPIC_API_KEY: 'bench-key',
    ANTHROPIC_BASE_URL: double.url,
    ANTHROPIC_TIMEOUT_MS: String(timeoutMs),
  });
  let fallbacks = 0;
  const logger = createLogger('warn');
  const counting = logger.child({});
  counting.warn = () => {
    fallbacks += 1;
  };
  const mediator = createMediator(config, counting);
  const cases: Array<[string, AnthropicBehaviour, number]> = [
    ['claude answers (tool_use)', { kind: 'tool_use', input: PASS_ANSWER }, calls],
    ['API error 500 -> local', { kind: 'status', status: 500 }, calls],
    ['malformed answer -> local', { kind: 'malformed' }, calls],
    ['timeout -> local', { kind: 'hang' }, Math.min(calls, 10)],
  ];
  const rows: Array<{ path: string; delayMs: number; latency: Summary; fallbacks: number }> = [];
  try {
    for (const [label, behaviour, count] of cases) {
      double.setDefault(behaviour);
      const latencies: number[] = [];
      await mediator.analyze(inputFor(samples[0]!.text)); // warm the connection
      const before = fallbacks;
      for (let i = 0; i < count; i += 1) {
        const t0 = performance.now();
        await mediator.analyze(inputFor(samples[i % samples.length]!.text));
        latencies.push(performance.now() - t0);
      }
      rows.push({
        path: label,
        delayMs: behaviour.kind === 'hang' ? timeoutMs : delayMs,
        latency: summarize(latencies),
        fallbacks: fallbacks - before,
      });
    }
  } finally {
    await double.close();
  }
  return { mediator: mediator.name, rows };
}

/** Mean µs of `fn` per text over bounded passes (after one warm-up pass). */
function meanMicros(
  texts: readonly string[],
  fn: (text: string) => unknown,
  quick: boolean,
): number {
  for (const text of texts) fn(text);
  const budgetMs = quick ? 1000 : 3000;
  const started = performance.now();
  let calls = 0;
  while (calls < texts.length * 200 && performance.now() - started < budgetMs) {
    for (const text of texts) fn(text);
    calls += texts.length;
  }
  return ((performance.now() - started) * 1000) / Math.max(1, calls);
}

export async function mediatorScenario(flags: Flags): Promise<void> {
  const quick = flags.has('quick');
  const { samples, source } = loadSamples();
  const delayMs = flags.num('claude-delay', 200);
  const timeoutMs = flags.num('claude-timeout', 1000);
  const claudeCalls = flags.num('claude-calls', quick ? 20 : 100);
  console.log(
    `\n== mediator: ${samples.length} messages from ${source}; Claude double delay ${delayMs} ms, timeout ${timeoutMs} ms`,
  );

  const local = timeLocal(samples, quick ? 3000 : 10_000, quick ? 20 : 200);
  printTable('mediator: local, per message (µs)', [
    ...(['all', 'hostile', 'neutral'] as const).map((k) => ({
      messages: k,
      calls: local[k].count,
      'mean µs': local[k].mean,
      'p50 µs': local[k].p50,
      'p99 µs': local[k].p99,
      'max µs': local[k].max,
    })),
  ]);
  console.log(
    `  throughput ${Math.round(local.messagesPerSecond).toLocaleString()} messages/s on one core; ${local.heldFirstPass} of ${samples.length} held`,
  );

  // The same run's baselines: the lexicon rules alone (what the mediator was
  // before the learned scorer) and the scorer alone, per message.
  const texts = samples.map((x) => x.text);
  const scorer = shippedScorer();
  const rulesOnly = meanMicros(texts, (text) => detectPatterns(text, { scorer: false }), quick);
  const scorerOnly = meanMicros(texts, (text) => hostility(scorer, text, 0), quick);
  printTable('mediator: the parts, mean µs per message, same run', [
    { part: 'lexicon rules only (baseline)', 'mean µs': round(rulesOnly) },
    { part: 'learned scorer only', 'mean µs': round(scorerOnly) },
    {
      part: 'whole local mediator (analyzeSync, rewrites included)',
      'mean µs': local.all.mean,
      'x baseline': round(local.all.mean / rulesOnly),
    },
  ]);

  // What profile learning spends per delivered message. Before 2026-12-02
  // every fold ran styleOf over the sender's last 20 texts (20 analyses);
  // now each message is measured once (sampleOf; no analysis at all when the
  // send's own reading comes with it) and the window of 20 samples summed.
  const window = samples
    .filter((x) => x.label === 'neutral')
    .slice(0, 20)
    .map((x) => x.text);
  const budget = quick ? 2000 : 5000;
  const style = timeLoop(() => styleOf(window), budget);
  const measured = window.map((text) => sampleOf(text));
  const readings = window.map((text) => analyzeDraft(text));
  let next = 0;
  const incremental = timeLoop(() => {
    const i = next++ % window.length;
    measured[i] = sampleOf(window[i]!);
    styleOfSamples(measured);
  }, budget);
  const withReading = timeLoop(() => {
    const i = next++ % window.length;
    measured[i] = sampleOf(window[i]!, readings[i]);
    styleOfSamples(measured);
  }, budget);
  printTable('mediator: profile learning per delivered message (window of 20), µs', [
    { how: 'styleOf over 20 texts (before 2026-12-02)', ...styleRow(style, local.all.mean) },
    { how: 'one sampleOf + styleOfSamples (no reading)', ...styleRow(incremental, local.all.mean) },
    { how: 'same, with the send’s reading', ...styleRow(withReading, local.all.mean) },
  ]);

  const zero = await timeClaude(samples, 0, claudeCalls, timeoutMs);
  const delayed = await timeClaude(samples, delayMs, claudeCalls, timeoutMs);
  const rows = [...zero.rows, ...delayed.rows.filter((r) => !r.path.startsWith('timeout'))];
  printTable(
    `mediator: ${zero.mediator} path as the server wires it (ms)`,
    rows.map((r) => ({
      path: r.path,
      'api delay ms': r.delayMs,
      calls: r.latency.count,
      'p50 ms': r.latency.p50,
      'p99 ms': r.latency.p99,
      'max ms': r.latency.max,
      'overhead p50 ms': r.latency.p50 - r.delayMs,
      fallbacks: r.fallbacks,
    })),
  );
  const localMs = local.all.mean / 1000;
  printTable('mediator: targets', [
    {
      target: 'local mediator <= 0.2 ms/message',
      value: `${round(localMs)} ms mean, ${round(local.all.p99 / 1000)} ms p99`,
      met: localMs <= 0.2,
    },
  ]);
  const file = await writeResult('mediator', {
    scenario: 'mediator',
    at: new Date().toISOString(),
    machine: machineInfo(),
    source,
    messages: samples.length,
    local,
    styleOfPerDeliveredMessage: { texts: window.length, ...style },
    styleNowPerDeliveredMessage: { noReading: incremental, withReading },
    claude: { mediator: zero.mediator, delayMs, timeoutMs, rows },
  });
  console.log(`\nwrote ${file}`);
}

/** Times `fn` repeatedly for up to `budgetMs` (at most 5,000 calls), the first 50 as warm-up. */
function timeLoop(fn: () => void, budgetMs: number) {
  const times: number[] = [];
  const started = performance.now();
  for (let i = 0; i < 5000 && performance.now() - started < budgetMs; i += 1) {
    const t0 = performance.now();
    fn();
    times.push((performance.now() - t0) * 1000);
  }
  return summarize(times.slice(Math.min(50, times.length - 1)));
}

function styleRow(s: ReturnType<typeof summarize>, analyzeMean: number) {
  return {
    calls: s.count,
    'mean µs': s.mean,
    'p50 µs': s.p50,
    'p99 µs': s.p99,
    'x one analyzeSync (mean)': round(s.mean / analyzeMean),
  };
}
