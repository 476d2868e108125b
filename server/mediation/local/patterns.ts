/**
 * Pattern detection: runs every lexicon rule, the shouting and the profanity
 * checks over one message and turns the hits into a score per pattern.
 *
 * Scores combine as "noisy-or" (1 − Π(1 − w)): two independent medium cues
 * add up to a strong one, and no amount of cues exceeds 1.
 */
import { PATTERNS, type Pattern } from '../types.js';
import type { LexiconRule } from './lexicon.js';
import { BLAME_RULES, CONTEMPT_RULES, INSULT_RULES } from './lexiconAttacks.js';
import { CHILD_MESSENGER_RULES, DEMAND_RULES, THREAT_RULES } from './lexiconPressure.js';
import { findProfanity, type ProfanityFinding } from './profanity.js';
import { findShouting } from './shouting.js';
import { normaliseForMatching } from './text.js';

/** A pattern is named to the sender once its score reaches this. */
export const REPORT_THRESHOLD = 0.35;

const ALL_RULES: readonly LexiconRule[] = [
  ...INSULT_RULES,
  ...BLAME_RULES,
  ...THREAT_RULES,
  ...CONTEMPT_RULES,
  ...DEMAND_RULES,
  ...CHILD_MESSENGER_RULES,
];

// Requests wrapped in courtesy are softer; only demands are softened by it,
// never insults or threats ("please, you idiot" is still an insult).
const POLITENESS =
  /\b(?:please|could you|would you|can you|if you can|when you can|thank you|thanks|would it be possible|do you mind)\b/;
const POLITE_DEMAND_FACTOR = 0.75;
const JOY =
  /\b(?:proud|excited|amazing|awesome|congrat\w*|yay|woo+|happy birthday|so happy|love (?:you|it|this|her|him|them)|made the team|won|scored|great news|best day|can't wait)\b/;
const JOY_FACTOR = 0.4;

/** Everything detection learned about one text. */
export interface PatternAnalysis {
  /** 0..1 per pattern (0 when absent). */
  scores: Record<Pattern, number>;
  /** Patterns whose score reached REPORT_THRESHOLD, in PATTERNS order. */
  patterns: Pattern[];
  /** The phrases that set each reported pattern off, lower-cased. */
  phrases: Partial<Record<Pattern, string[]>>;
  /** 0..1, before the receiver's triggers are taken into account. */
  risk: number;
  /** Kept so the rewrite can cut the exact profane spans. */
  profanity: ProfanityFinding;
}

/** Options for `detectPatterns`. */
export interface DetectOptions {
  /**
   * Run the profanity matcher (default true). The rewriter turns it off when
   * re-checking text it has already stripped of profanity, because the
   * matcher is the most expensive step.
   */
  profanity?: boolean;
  /**
   * Run only the lexicon rules of these patterns. The rewriter re-checks the
   * clauses of a message with the patterns the whole message showed: the
   * rules are the bulk of the cost, and a clause rarely shows what its
   * message did not (the final full check of every rewrite catches it if so).
   */
  only?: ReadonlySet<Pattern>;
}

/** Detects every pattern in `text`. Deterministic and synchronous. */
export function detectPatterns(text: string, options: DetectOptions = {}): PatternAnalysis {
  const normalised = normaliseForMatching(text);
  const scores = emptyScores();
  const phrases: Partial<Record<Pattern, string[]>> = {};

  const only = options.only;
  for (const rule of ALL_RULES) {
    if (only !== undefined && !only.has(rule.pattern)) continue;
    const match = rule.regex.exec(normalised);
    if (match === null) continue;
    scores[rule.pattern] = noisyOr(scores[rule.pattern], rule.weight);
    addPhrase(phrases, rule.pattern, cleanPhrase(match[0]));
  }
  if (scores.demand > 0 && POLITENESS.test(normalised)) scores.demand *= POLITE_DEMAND_FACTOR;

  const profanity = options.profanity === false ? { score: 0, spans: [] } : findProfanity(text);
  if (profanity.score > 0) {
    scores.profanity = profanity.score;
    for (const span of profanity.spans) addPhrase(phrases, 'profanity', span.word);
  }

  const shouting = findShouting(text);
  const otherAttack = PATTERNS.some(
    (pattern) => pattern !== 'shouting' && scores[pattern] >= REPORT_THRESHOLD,
  );
  // "!!!" is joy in "She made the team!!!" and anger next to an insult;
  // capitals next to good news ("SO PROUD of her") are excitement, not anger.
  const exclamation =
    otherAttack && shouting.exclamationScore > 0 ? 0.45 : shouting.exclamationScore;
  const joyful = !otherAttack && JOY.test(normalised);
  scores.shouting = noisyOr(shouting.capsScore, exclamation) * (joyful ? JOY_FACTOR : 1);
  for (const phrase of shouting.phrases) addPhrase(phrases, 'shouting', phrase);

  let safe = 1;
  const patterns: Pattern[] = [];
  for (const pattern of PATTERNS) {
    const score = round3(scores[pattern]);
    scores[pattern] = score;
    safe *= 1 - score;
    if (score >= REPORT_THRESHOLD) patterns.push(pattern);
    else delete phrases[pattern];
  }
  return { scores, patterns, phrases, risk: round3(1 - safe), profanity };
}

/** Combines two independent probabilities of trouble. */
export function noisyOr(a: number, b: number): number {
  return 1 - (1 - a) * (1 - b);
}

/** Rounds to three decimals so results print and compare stably. */
export function round3(value: number): number {
  return Math.round(value * 1000) / 1000;
}

function emptyScores(): Record<Pattern, number> {
  return {
    insult: 0,
    blame: 0,
    threat: 0,
    contempt: 0,
    shouting: 0,
    profanity: 0,
    demand: 0,
    child_as_messenger: 0,
  };
}

function addPhrase(
  phrases: Partial<Record<Pattern, string[]>>,
  pattern: Pattern,
  phrase: string,
): void {
  if (phrase.length === 0) return;
  const list = phrases[pattern] ?? (phrases[pattern] = []);
  if (!list.includes(phrase)) list.push(phrase);
}

function cleanPhrase(raw: string): string {
  return raw.replace(/^[\s,.!?;:-]+|[\s,.!?;:-]+$/g, '');
}
