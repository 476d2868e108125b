/**
 * Pattern detection: runs every lexicon rule, the shouting and the profanity
 * checks over one message and turns the hits into a score per pattern.
 *
 * Scores combine as "noisy-or" (1 − Π(1 − w)): two independent medium cues
 * add up to a strong one, and no amount of cues exceeds 1.
 */
import { PATTERNS, type Pattern } from '../types.js';
import type { LexiconRule } from './lexicon.js';
import { CUE_FAMILIES } from './lexiconBroad.js';
import { findProfanity, type ProfanityFinding } from './profanity.js';
import { strongestPhrase, hostility, shippedScorer } from './scorer.js';
import { findShouting } from './shouting.js';
import { ALL_RULES, readingOf, type TextReading } from './textReading.js';

export { withDetectionMemo } from './textReading.js';

/** A pattern is named to the sender once its score reaches this. */
export const REPORT_THRESHOLD = 0.35;

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
  /** 0..1, the rules alone. */
  ruleRisk: number;
  /** 0..1, the learned scorer's probability (0 when it did not run). */
  scorer: number;
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
  /**
   * Combine the learned scorer with the rules (default true). Training turns
   * it off to see the rules alone.
   */
  scorer?: boolean;
  /**
   * Skip the rules none of whose gate literals occur in the text (default
   * true; ruleGate.ts). Off only to check that the gate changes nothing.
   */
  gate?: boolean;
}

/** Detects every pattern in `text`. Deterministic and synchronous. */
export function detectPatterns(text: string, options: DetectOptions = {}): PatternAnalysis {
  const rules = detectRules(text, options);
  return options.scorer === false ? rules.analysis : rules.withScorer();
}

/** The rules' verdict on a text, and the full verdict on demand. */
export interface RuleVerdict {
  /** `detectPatterns(text, { ...options, scorer: false })`. */
  analysis: PatternAnalysis;
  /**
   * `detectPatterns(text, options)`: runs the scorer once and completes
   * `analysis` in place (it may name a pattern the rules did not), so read
   * `analysis` before calling this when the rules alone were wanted.
   */
  withScorer: () => PatternAnalysis;
}

/**
 * The rules first, the learned scorer only when asked: a caller whose
 * question the rules already answer (a rule-named attack, a rule risk the
 * scorer cannot lower) skips the scorer without changing any answer.
 */
export function detectRules(text: string, options: DetectOptions = {}): RuleVerdict {
  const reading = readingOf(text);
  const { normalised, ruleText, open, ruleHits } = reading;
  const scores = emptyScores();
  const phrases: Partial<Record<Pattern, string[]>> = {};

  const only = options.only;
  for (let index = 0; index < ALL_RULES.length; index++) {
    const rule = ALL_RULES[index] as LexiconRule;
    if (only !== undefined && !only.has(rule.pattern)) continue;
    if (options.gate !== false && open[index] === 0) continue;
    let hit = ruleHits[index];
    if (hit === undefined) {
      const match = rule.regex.exec(ruleText);
      hit = match === null ? null : cleanPhrase(match[0]);
      ruleHits[index] = hit;
    }
    if (hit === null) continue;
    scores[rule.pattern] = noisyOr(scores[rule.pattern], rule.weight);
    addPhrase(phrases, rule.pattern, hit);
  }
  if (scores.demand > 0 && POLITENESS.test(normalised)) scores.demand *= POLITE_DEMAND_FACTOR;

  const profanity =
    options.profanity === false
      ? { score: 0, spans: [] }
      : (reading.profanity ??= findProfanity(text));
  if (profanity.score > 0) {
    scores.profanity = profanity.score;
    for (const span of profanity.spans) addPhrase(phrases, 'profanity', span.word);
  }

  const shouting = (reading.shouting ??= findShouting(text));
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
  const ruleRisk = round3(1 - safe);
  const analysis: PatternAnalysis = {
    scores,
    patterns,
    phrases,
    risk: ruleRisk,
    ruleRisk,
    scorer: 0,
    profanity,
  };
  let done = false;
  const withScorer = (): PatternAnalysis => {
    if (!done) {
      done = true;
      addScorer(text, reading, analysis);
    }
    return analysis;
  };
  return { analysis, withScorer };
}

// Completes a rules-only analysis with the learned scorer's verdict.
function addScorer(text: string, reading: TextReading, analysis: PatternAnalysis): void {
  const { scores, patterns, phrases, ruleRisk } = analysis;
  const { normalised } = reading;
  const scorer = shippedScorer();
  // The scorer reads the text and the rules' verdict: the same verdict on the same text scores the same.
  const verdict = `${ruleRisk}:${PATTERNS.map((pattern) => scores[pattern]).join(',')}`;
  let hostile = reading.scorerByVerdict.get(verdict);
  if (hostile === undefined) {
    hostile = hostility(scorer, text, ruleRisk, scores, normalised);
    reading.scorerByVerdict.set(verdict, hostile);
  }
  const probability = round3(hostile);
  const risk = round3(combinedRisk(ruleRisk, probability));
  // Held by the scorer with no rule to name it: name the likeliest pattern
  // and the words the scorer weighed most, so the sender sees why.
  if (risk >= SCORER_NAMES_AT && patterns.length === 0) {
    const pattern = likeliestPattern(scores, normalised);
    patterns.push(pattern);
    scores[pattern] = Math.max(scores[pattern], REPORT_THRESHOLD);
    const phrase =
      reading.strongestPhrase !== undefined
        ? reading.strongestPhrase
        : (reading.strongestPhrase = strongestPhrase(scorer, text));
    if (phrase !== null) addPhrase(phrases, pattern, phrase);
  }
  analysis.risk = risk;
  analysis.scorer = probability;
}

const SCORER_NAMES_AT = 0.5;
const SARCASM_CUE = CUE_FAMILIES.find((family) => family.name === 'sarcasm')?.regex;
const INSULT_CUE = CUE_FAMILIES.find((family) => family.name === 'insult_noun')?.regex;
const SWEAR_CUE = CUE_FAMILIES.find((family) => family.name === 'mild_profanity')?.regex;

function likeliestPattern(scores: Record<Pattern, number>, normalised: string): Pattern {
  let best: Pattern | null = null;
  for (const pattern of PATTERNS)
    if (scores[pattern] > (best === null ? 0 : scores[best])) best = pattern;
  if (best !== null) return best;
  if (INSULT_CUE?.test(normalised)) return 'insult';
  if (SWEAR_CUE?.test(normalised)) return 'profanity';
  if (SARCASM_CUE?.test(normalised)) return 'contempt';
  return 'contempt';
}

/**
 * The risk of a message from the rules' risk and the scorer's probability.
 * The scorer was trained with the rules' verdict as one of its features, so
 * its probability already weighs a rule hit in context ("called him an
 * idiot at recess" is reported speech); only a very strong rule hit (a
 * threat, a named insult) stands on its own.
 */
export function combinedRisk(ruleRisk: number, scorerProbability: number): number {
  return ruleRisk >= STRONG_RULE_RISK ? Math.max(ruleRisk, scorerProbability) : scorerProbability;
}
const STRONG_RULE_RISK = 0.9;

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
