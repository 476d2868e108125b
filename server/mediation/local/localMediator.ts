/**
 * The embedded mediator: deterministic, offline, a few tens of microseconds
 * per message. It runs when no Anthropic key is configured, and as the
 * fallback whenever the Claude mediator fails (DESIGN.md "Mediation").
 */
import type {
  MediationInput,
  MediationResult,
  Mediator,
  Pattern,
  Topic,
  TriggerHint,
} from '../types.js';
import { explain } from './explanation.js';
import { extractFacts } from './facts.js';
import { detectPatterns, round3, withDetectionMemo, type PatternAnalysis } from './patterns.js';
import { rewriteMessage } from './rewrite.js';
import { containsWhole, normaliseForMatching } from './text.js';
import { detectTopic } from './topic.js';

/** Risk at or above which a message is held for the sender to reconsider. */
export const INTERVENE_THRESHOLD = 0.5;

// How much one of the receiver's learned triggers can add, at intensity 1.
const TOPIC_TRIGGER_BOOST = 0.2;
const PHRASE_TRIGGER_BOOST = 0.2;
const PATTERN_TRIGGER_BOOST = 0.15;

/** The live meter's answer while the sender types. */
export interface DraftAnalysis {
  risk: number;
  patterns: Pattern[];
}

/**
 * Cheap synchronous check for the typing meter (`draft:analyze`): the same
 * detection as `analyze`, without triggers, topic or rewrites.
 */
export function analyzeDraft(text: string): DraftAnalysis {
  const analysis = detectPatterns(text);
  return { risk: analysis.risk, patterns: analysis.patterns };
}

// The context-free reading behind each result of analyzeSync, for whoever
// holds the result (style learning measures a delivered message's tone on
// it instead of analysing the text again). Kept beside the result, not in
// it: MediationResult is every mediator's contract.
const readings = new WeakMap<MediationResult, DraftAnalysis>();

/**
 * What `analyzeDraft` says of the text `result` was computed for, when the
 * local mediator produced `result`; undefined for any other mediator's.
 */
export function draftReadingOf(result: MediationResult): DraftAnalysis | undefined {
  return readings.get(result);
}

/** The deterministic, no-network mediator. */
export class LocalMediator implements Mediator {
  readonly name = 'local';

  constructor(private readonly threshold: number = INTERVENE_THRESHOLD) {}

  /** Same as `analyzeSync`, behind the async `Mediator` contract. */
  analyze(input: MediationInput): Promise<MediationResult> {
    try {
      return Promise.resolve(this.analyzeSync(input));
    } catch (error) {
      return Promise.reject(error instanceof Error ? error : new Error(String(error)));
    }
  }

  /** Analyses one message: risk, patterns, topic, and rewrites when held. */
  analyzeSync(input: MediationInput): MediationResult {
    // The rewriter re-checks the message's sentences, clauses and drafts,
    // often the same text again: detection reads each text once.
    return withDetectionMemo(() => this.analyzeOnce(input));
  }

  private analyzeOnce(input: MediationInput): MediationResult {
    const analysis = detectPatterns(input.text);
    const reading: DraftAnalysis = { risk: analysis.risk, patterns: [...analysis.patterns] };
    const normalised = normaliseForMatching(input.text);
    const topic = detectTopic(normalised);
    const boost = triggerBoost(input.receiverTriggers, analysis, topic, normalised);
    const risk = round3(Math.min(1, analysis.risk + boost.amount));
    const intervene = risk >= this.threshold && input.text.trim().length > 0;

    const triggers = [...new Set([...Object.values(analysis.phrases).flat(), ...boost.phrases])];
    const facts = intervene ? extractFacts(input.text) : [];
    const rewritten = intervene
      ? rewriteMessage(input.text, {
          analysis,
          topic,
          receiverName: input.receiver?.displayName ?? null,
          facts,
          recentTopic: recentTopic(input),
        })
      : { suggestions: [], nothingToKeep: false };
    const suggestions = rewritten.suggestions;
    const explanation = explain({
      analysis,
      intervene,
      facts,
      sensitiveForReceiver: boost.amount > 0,
      nothingToKeep: rewritten.nothingToKeep,
    });
    const result: MediationResult = {
      action: intervene ? 'intervene' : 'pass',
      risk,
      patterns: analysis.patterns,
      triggers,
      suggestions,
      topic,
      explanation,
    };
    readings.set(result, reading);
    return result;
  }
}

// The topic the last few messages are about, if they name one: a pure
// attack's "I" statement may speak of it, never of a topic guessed from the attack.
function recentTopic(input: MediationInput): Topic | null {
  const recent = input.recentMessages
    .slice(-4)
    .map((message) => message.text)
    .join(' ');
  if (recent.trim().length === 0) return null;
  const topic = detectTopic(normaliseForMatching(recent));
  return topic === 'general' ? null : topic;
}

interface TriggerBoost {
  amount: number;
  phrases: string[];
}

// The receiver's learned sensitivities make the same words land harder.
function triggerBoost(
  hints: readonly TriggerHint[],
  analysis: PatternAnalysis,
  topic: Topic,
  normalised: string,
): TriggerBoost {
  let amount = 0;
  const phrases: string[] = [];
  for (const hint of hints) {
    const intensity = Math.max(0, Math.min(1, hint.intensity));
    const value = hint.value.trim().toLowerCase();
    if (value.length === 0) continue;
    if (hint.type === 'topic' && value === topic) {
      amount += intensity * TOPIC_TRIGGER_BOOST;
    } else if (hint.type === 'phrase' && containsWhole(normalised, value)) {
      amount += intensity * PHRASE_TRIGGER_BOOST;
      phrases.push(value);
    } else if (
      hint.type === 'pattern' &&
      (analysis.patterns as readonly string[]).includes(value)
    ) {
      amount += intensity * PATTERN_TRIGGER_BOOST;
    }
  }
  return { amount, phrases };
}
