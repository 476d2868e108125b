/**
 * The features of the learned scorer: hashed word unigrams and bigrams and
 * character 3–5-grams of the normalised text, plus a "shouted word" marker
 * read from the original capitals. Hashing (FNV-1a into 2^18 buckets) keeps
 * the model a fixed size whatever the vocabulary; training
 * (scripts/train-mediator-scorer.ts) and scoring share this one function.
 */
import { PATTERNS, type Pattern } from '../types.js';
import { CUE_FAMILIES } from './lexiconBroad.js';
import { LiteralScanner } from './literalScan.js';
import { ruleGate } from './ruleGate.js';
import { isShoutedWord } from './shouting.js';
import { normaliseForMatching } from './text.js';

/** log2 of the number of hash buckets. */
export const HASH_BITS = 18;
const MASK = (1 << HASH_BITS) - 1;
const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;
// One seed per feature family, so "ab" as a word and as characters differ.
const SEED_WORD = 0x9e3779b1;
const SEED_BIGRAM = 0x85ebca77;
const SEED_CHAR = 0xc2b2ae3d;
/** Buckets 1..: the dense cues (a shouted word, then lexiconBroad.ts's families). */
const SHOUT_BUCKET = 1;
const CUE_BUCKET = 2;
const RULE_BUCKET = 2 + CUE_FAMILIES.length;
// Then two bands (reported, strong) per pattern the rules scored.
const PATTERN_BUCKET = RULE_BUCKET + 3;

// A family's expression runs only when one of the literals it needs is in
// the text (ruleGate.ts: the same answer, most families skipped). One with
// flags (a /u or /i family) is read differently and always runs.
const CUE_SCANNER = new LiteralScanner(
  CUE_FAMILIES.map((family) => (family.regex.flags === '' ? ruleGate(family.regex.source) : null)),
);

const WORD = /[a-z0-9$']+/g;
const CAPS_WORD = /\b[A-Z][A-Z']+\b/g;

/** A text's features: hashed n-grams (scaled by 1/sqrt(n) together) and dense cues (value 1 each). */
export interface Features {
  /** Bucket indexes; a bucket may repeat (counts are kept). */
  sparse: number[];
  dense: number[];
}

/**
 * The features of `text`; `ruleRisk` is what the lexicon rules alone found
 * (0..1) and `ruleScores` their score per pattern (which rule family fired
 * weighs differently: a "you always" blame is often calm, a threat never).
 */
export function featureBuckets(
  text: string,
  ruleRisk: number,
  ruleScores?: Readonly<Record<Pattern, number>>,
  normalisedText?: string,
): Features {
  const lowered = normalisedText ?? normaliseForMatching(text);
  const dense: number[] = [];
  if (ruleRisk >= 0.5) dense.push(RULE_BUCKET);
  else if (ruleRisk >= 0.3) dense.push(RULE_BUCKET + 1);
  else if (ruleRisk > 0) dense.push(RULE_BUCKET + 2);
  if (ruleScores !== undefined)
    PATTERNS.forEach((pattern, index) => {
      const score = ruleScores[pattern];
      if (score >= 0.5) dense.push(PATTERN_BUCKET + 2 * index);
      else if (score >= 0.3) dense.push(PATTERN_BUCKET + 2 * index + 1);
    });
  const open = CUE_SCANNER.openGates(lowered);
  CUE_FAMILIES.forEach((family, index) => {
    if (open[index] === 1 && family.regex.test(lowered)) dense.push(CUE_BUCKET + index);
  });
  let shouted = false;
  for (const match of text.matchAll(CAPS_WORD))
    if (match[0].length >= 3 && isShoutedWord(match[0])) shouted = true;
  if (shouted) dense.push(SHOUT_BUCKET);
  const normalised = lowered.replace(/\d+/g, '0');
  const buckets: number[] = [];
  let previous = -1;
  const words = normalised.match(WORD) ?? [];
  for (let i = 0; i < words.length; i++) {
    const word = words[i] ?? '';
    const hash = hashString(word, SEED_WORD);
    buckets.push(hash & MASK);
    const pair = previous < 0 ? hashString('^', SEED_BIGRAM) : previous;
    buckets.push(mix(pair, hash, SEED_BIGRAM) & MASK);
    previous = hash;
  }
  if (previous >= 0) buckets.push(mix(previous, hashString('$', SEED_BIGRAM), SEED_BIGRAM) & MASK);
  const padded = ` ${normalised} `;
  for (let start = 0; start < padded.length; start++) {
    let hash = SEED_CHAR ^ FNV_OFFSET;
    for (let n = 1; n <= 5 && start + n <= padded.length; n++) {
      hash = Math.imul(hash ^ padded.charCodeAt(start + n - 1), FNV_PRIME);
      if (n >= 3) buckets.push((hash ^ n) & MASK);
    }
  }
  return { sparse: buckets, dense };
}

/** The word uni- and bigrams of `text` with their bucket, to name what the scorer reacted to. */
export function wordFeatures(text: string): Array<{ phrase: string; bucket: number }> {
  const words = normaliseForMatching(text).match(WORD) ?? [];
  const features: Array<{ phrase: string; bucket: number }> = [];
  let previous = -1;
  for (let i = 0; i < words.length; i++) {
    const word = words[i] ?? '';
    const hash = hashString(word.replace(/\d+/g, '0'), SEED_WORD);
    features.push({ phrase: word, bucket: hash & MASK });
    if (previous >= 0)
      features.push({
        phrase: `${words[i - 1] ?? ''} ${word}`,
        bucket: mix(previous, hash, SEED_BIGRAM) & MASK,
      });
    previous = hash;
  }
  return features;
}

function hashString(value: string, seed: number): number {
  let hash = (seed ^ FNV_OFFSET) >>> 0;
  for (let i = 0; i < value.length; i++) hash = Math.imul(hash ^ value.charCodeAt(i), FNV_PRIME);
  return hash >>> 0;
}

function mix(a: number, b: number, seed: number): number {
  let hash = Math.imul(seed ^ a, FNV_PRIME);
  hash = Math.imul(hash ^ b, FNV_PRIME);
  return (hash ^ (hash >>> 15)) >>> 0;
}
