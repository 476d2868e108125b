/**
 * Offline evaluation of a mediator against labelled messages
 * (test/fixtures/mediator-messages.json). Kept apart from the script so a
 * unit test can assert the same figures the report prints.
 */
import {
  PATTERNS,
  type MediationInput,
  type MediationResult,
  type Pattern,
  type Topic,
} from '../types.js';
import { containsWhole } from './text.js';

/** One labelled message of the fixture file. */
export interface FixtureMessage {
  text: string;
  label: 'hostile' | 'neutral';
  patterns: Pattern[];
  topic: Topic;
  /** Strings every rewrite must keep (case-insensitively, as whole words). */
  facts: string[];
  /** Free-form grouping for the report (e.g. "logistics", "warm", "hard"). */
  category?: string;
}

/** Precision and recall of one pattern over the whole fixture. */
export interface PatternScore {
  pattern: Pattern;
  truePositives: number;
  falsePositives: number;
  falseNegatives: number;
  precision: number;
  recall: number;
}

/** Everything the evaluation measured. */
export interface EvaluationReport {
  messages: number;
  hostile: number;
  neutral: number;
  perPattern: PatternScore[];
  hostileRecall: number;
  neutralFalsePositiveRate: number;
  /** Share of held hostile messages whose every suggestion keeps every listed fact. */
  factsKeptRate: number;
  /** Share of all suggestions that the mediator would hold again. */
  reflagRate: number;
  suggestions: number;
  topicAccuracy: number;
  microsecondsPerMessage: number;
  missedHostile: string[];
  flaggedNeutral: string[];
  factsLost: Array<{ text: string; suggestion: string; missing: string[] }>;
  reflagged: string[];
  topicMisses: Array<{ text: string; expected: Topic; actual: Topic }>;
}

/** A synchronous mediator call (the local mediator's `analyzeSync`). */
export type AnalyzeFn = (input: MediationInput) => MediationResult;

/** Builds the input the evaluation sends for one text. */
export function evaluationInput(text: string): MediationInput {
  return {
    text,
    sender: { id: 1, displayName: 'Alex' },
    receiver: { id: 2, displayName: 'Sam' },
    room: { id: 'evaluation' },
    recentMessages: [],
    senderTriggers: [],
    receiverTriggers: [],
  };
}

/** Runs every message once for quality, then `timingRounds` times for speed. */
export function evaluateMediator(
  analyze: AnalyzeFn,
  fixture: readonly FixtureMessage[],
  timingRounds = 20,
): EvaluationReport {
  const counts = new Map<Pattern, { tp: number; fp: number; fn: number }>(
    PATTERNS.map((p) => [p, { tp: 0, fp: 0, fn: 0 }]),
  );
  const report = emptyReport(fixture);
  let hostileHeld = 0;
  let neutralHeld = 0;
  let keptAll = 0;
  let reflagged = 0;
  let topicsRight = 0;

  for (const message of fixture) {
    const result = analyze(evaluationInput(message.text));
    for (const pattern of PATTERNS) {
      const expected = message.patterns.includes(pattern);
      const actual = result.patterns.includes(pattern);
      const count = counts.get(pattern);
      if (count === undefined) continue;
      if (expected && actual) count.tp++;
      else if (actual) count.fp++;
      else if (expected) count.fn++;
    }
    if (result.topic === message.topic) topicsRight++;
    else
      report.topicMisses.push({
        text: message.text,
        expected: message.topic,
        actual: result.topic,
      });

    const intervened = result.action === 'intervene';
    if (message.label === 'hostile' && intervened) hostileHeld++;
    if (message.label === 'hostile' && !intervened) report.missedHostile.push(message.text);
    if (message.label === 'neutral' && intervened) {
      neutralHeld++;
      report.flaggedNeutral.push(message.text);
    }
    if (!intervened) continue;
    let everyFactKept = true;
    for (const suggestion of result.suggestions) {
      const missing = message.facts.filter((fact) => !containsWhole(suggestion, fact));
      if (missing.length > 0) {
        everyFactKept = false;
        report.factsLost.push({ text: message.text, suggestion, missing });
      }
      report.suggestions++;
      if (analyze(evaluationInput(suggestion)).action === 'intervene') {
        reflagged++;
        report.reflagged.push(suggestion);
      }
    }
    if (message.label === 'hostile' && everyFactKept && result.suggestions.length > 0) keptAll++;
  }

  report.perPattern = PATTERNS.map((pattern) =>
    score(pattern, counts.get(pattern) ?? { tp: 0, fp: 0, fn: 0 }),
  );
  report.hostileRecall = ratio(hostileHeld, report.hostile);
  report.neutralFalsePositiveRate = ratio(neutralHeld, report.neutral);
  report.factsKeptRate = ratio(keptAll, hostileHeld);
  report.reflagRate = ratio(reflagged, report.suggestions);
  report.topicAccuracy = ratio(topicsRight, fixture.length);
  report.microsecondsPerMessage = time(analyze, fixture, timingRounds);
  return report;
}

function time(analyze: AnalyzeFn, fixture: readonly FixtureMessage[], rounds: number): number {
  const inputs = fixture.map((message) => evaluationInput(message.text));
  for (const input of inputs) analyze(input); // warm-up: JIT and regex compilation
  // CPU time of this process, not wall time: on a shared machine another
  // process's load would otherwise show up as our slowness.
  const started = process.cpuUsage();
  for (let round = 0; round < rounds; round++) for (const input of inputs) analyze(input);
  const used = process.cpuUsage(started);
  const elapsedUs = used.user + used.system;
  return inputs.length === 0 || rounds === 0
    ? 0
    : Math.round((elapsedUs / (inputs.length * rounds)) * 10) / 10;
}

function score(pattern: Pattern, count: { tp: number; fp: number; fn: number }): PatternScore {
  return {
    pattern,
    truePositives: count.tp,
    falsePositives: count.fp,
    falseNegatives: count.fn,
    precision: ratio(count.tp, count.tp + count.fp),
    recall: ratio(count.tp, count.tp + count.fn),
  };
}

function ratio(part: number, whole: number): number {
  return whole === 0 ? 1 : Math.round((part / whole) * 1000) / 1000;
}

function emptyReport(fixture: readonly FixtureMessage[]): EvaluationReport {
  const hostile = fixture.filter((message) => message.label === 'hostile').length;
  return {
    messages: fixture.length,
    hostile,
    neutral: fixture.length - hostile,
    perPattern: [],
    hostileRecall: 0,
    neutralFalsePositiveRate: 0,
    factsKeptRate: 0,
    reflagRate: 0,
    suggestions: 0,
    topicAccuracy: 0,
    microsecondsPerMessage: 0,
    missedHostile: [],
    flaggedNeutral: [],
    factsLost: [],
    reflagged: [],
    topicMisses: [],
  };
}

/** Renders the report as the plain text the eval script prints. */
export function formatEvaluation(report: EvaluationReport, details = 10): string {
  const pct = (value: number): string => `${(value * 100).toFixed(1)}%`;
  const lines = [
    `Local mediator evaluation — ${report.messages} messages (${report.hostile} hostile, ${report.neutral} neutral)`,
    '',
    'pattern              precision  recall   tp  fp  fn',
    ...report.perPattern.map(
      (p) =>
        `${p.pattern.padEnd(20)} ${pct(p.precision).padStart(9)} ${pct(p.recall).padStart(7)} ${String(p.truePositives).padStart(4)} ${String(p.falsePositives).padStart(3)} ${String(p.falseNegatives).padStart(3)}`,
    ),
    '',
    `hostile recall (held)        ${pct(report.hostileRecall)}   target >= 90%`,
    `neutral false-positive rate  ${pct(report.neutralFalsePositiveRate)}   target <= 5%`,
    `facts kept (all suggestions) ${pct(report.factsKeptRate)}   target 100%`,
    `re-flag rate of suggestions  ${pct(report.reflagRate)}   target <= 5% (${report.suggestions} suggestions)`,
    `topic accuracy               ${pct(report.topicAccuracy)}`,
    `time per message (CPU)       ${report.microsecondsPerMessage} µs   target <= 200 µs`,
  ];
  const section = (title: string, items: string[]): void => {
    if (items.length === 0) return;
    lines.push(
      '',
      `${title} (${items.length}):`,
      ...items.slice(0, details).map((item) => `  - ${item}`),
    );
  };
  section('hostile messages that passed', report.missedHostile);
  section('neutral messages that were held', report.flaggedNeutral);
  section(
    'suggestions missing a fact',
    report.factsLost.map((lost) => `${lost.missing.join(', ')} ← ${lost.suggestion}`),
  );
  section('suggestions held again', report.reflagged);
  section(
    'topic misses',
    report.topicMisses.map((miss) => `${miss.expected} → ${miss.actual}: ${miss.text}`),
  );
  return lines.join('\n');
}
