/**
 * Offline evaluation of a mediator against labelled messages
 * (test/fixtures/mediator/*.json, see scripts/mediatorSplits.ts). Kept apart
 * from the script so a unit test can assert the same figures the report prints.
 */
import {
  PATTERNS,
  type MediationInput,
  type MediationResult,
  type Pattern,
  type Topic,
} from '../types.js';
import { contentKept } from './contentWords.js';
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
  /** A hand-written calm version that keeps what the sender wanted (hostile only). */
  reference?: string;
  /** A pure attack: nothing of substance to keep, no reference. */
  noSubstance?: boolean;
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
  /** Mean share of the reference's content words in the first suggestion (held hostile messages with a reference). */
  contentKept: number;
  /** The same share for sending the original unchanged: the baseline. */
  contentKeptOriginal: number;
  /** How many held messages the two content figures are over. */
  contentMeasured: number;
  /** Share of held messages whose first suggestion is the commonest first suggestion. */
  commonestFirstShare: number;
  commonestFirst: string;
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
  let keptSum = 0;
  let keptOriginalSum = 0;
  const firsts = new Map<string, number>();

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
    const first = result.suggestions[0] ?? '';
    firsts.set(first, (firsts.get(first) ?? 0) + 1);
    // An empty reference is a pure attack's: there is no content to measure.
    if (message.label === 'hostile' && (message.reference ?? '').trim().length > 0) {
      report.contentMeasured++;
      keptSum += contentKept(message.reference ?? '', first);
      keptOriginalSum += contentKept(message.reference ?? '', message.text);
    }
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
  report.contentKept = ratio(keptSum, report.contentMeasured);
  report.contentKeptOriginal = ratio(keptOriginalSum, report.contentMeasured);
  const [commonest, commonestCount] = [...firsts].sort((a, b) => b[1] - a[1])[0] ?? ['', 0];
  report.commonestFirst = commonest;
  report.commonestFirstShare = ratio(commonestCount, hostileHeld + neutralHeld);
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
    contentKept: 0,
    contentKeptOriginal: 0,
    contentMeasured: 0,
    commonestFirstShare: 0,
    commonestFirst: '',
    microsecondsPerMessage: 0,
    missedHostile: [],
    flaggedNeutral: [],
    factsLost: [],
    reflagged: [],
    topicMisses: [],
  };
}
