/**
 * The rule set detection runs, and what it reads from a text before and while
 * running it (patterns.ts turns that into scores). Within one message's
 * analysis (`withDetectionMemo`) each text is read once, however many times
 * and with whatever options the rewriter checks it again.
 */
import type { LexiconRule } from './lexicon.js';
import { BLAME_RULES, CONTEMPT_RULES, INSULT_RULES } from './lexiconAttacks.js';
import { CHILD_MESSENGER_RULES, DEMAND_RULES, THREAT_RULES } from './lexiconPressure.js';
import { LiteralScanner } from './literalScan.js';
import type { ProfanityFinding } from './profanity.js';
import type { ShoutingFinding } from './shouting.js';
import { normaliseForMatching } from './text.js';

/** Every lexicon rule, in the order detection runs them (phrases are listed in it). */
export const ALL_RULES: readonly LexiconRule[] = [
  ...INSULT_RULES,
  ...BLAME_RULES,
  ...THREAT_RULES,
  ...CONTEMPT_RULES,
  ...DEMAND_RULES,
  ...CHILD_MESSENGER_RULES,
];
// Every rule's gate literals in one automaton: one pass over a text says which rules can match.
const RULE_SCANNER = new LiteralScanner(ALL_RULES.map((rule) => rule.gate));

/**
 * What detection reads from one text whatever the options: its normal form,
 * the gate literals in it, each rule's hit (filled in as rules run), the
 * profanity and shouting findings and the scorer's answer per rules' verdict.
 */
export interface TextReading {
  normalised: string;
  ruleText: string;
  /** Per rule: 1 when its gate lets it run on this text (ruleGate.ts). */
  open: number[];
  /** Per rule: the phrase it matched, null when it did not, undefined when not run yet. */
  ruleHits: Array<string | null | undefined>;
  profanity?: ProfanityFinding;
  shouting?: ShoutingFinding;
  scorerByVerdict: Map<string, number>;
  strongestPhrase?: string | null;
}

// Open while one message is analysed (`withDetectionMemo`): the rewriter
// checks the same sentences and drafts several times, with different options.
let memo: Map<string, TextReading> | null = null;

/**
 * Runs `work` with detection remembering what it read from each text, so a
 * text checked again (other options, or the same) costs only what is new.
 * Answers are the same as without it; the memory ends when `work` returns.
 */
export function withDetectionMemo<T>(work: () => T): T {
  if (memo !== null) return work();
  memo = new Map<string, TextReading>();
  try {
    return work();
  } finally {
    memo = null;
  }
}

/** What detection reads from `text`: remembered while a memo is open, else read afresh. */
export function readingOf(text: string): TextReading {
  const known = memo?.get(text);
  if (known !== undefined) return known;
  const normalised = normaliseForMatching(text);
  // Words in quotation marks are someone else's ("Jack said a kid called
  // him "a loser""): the rules do not read them as the sender's; the
  // scorer still sees them, with the reported-speech cue, and weighs them.
  const ruleText = normalised.includes('"') ? normalised.replace(QUOTED, '"…"') : normalised;
  const reading: TextReading = {
    normalised,
    ruleText,
    open: RULE_SCANNER.openGates(ruleText),
    ruleHits: new Array<string | null | undefined>(ALL_RULES.length),
    scorerByVerdict: new Map<string, number>(),
  };
  memo?.set(text, reading);
  return reading;
}

// A quoted span of one to fifteen words.
const QUOTED = /"(?:[^"\s]+\s?){1,15}"/g;
