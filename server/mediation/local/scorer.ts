/**
 * The learned scorer: a logistic regression over hashed word and character
 * n-grams (scorerFeatures.ts), trained by scripts/train-mediator-scorer.ts on
 * the `train` split and shipped as scorer-weights.json. It catches hostile
 * phrasings that no lexicon rule names; the rules still explain what they
 * find. Deterministic, no network, a few microseconds per message.
 */
import { readFileSync } from 'node:fs';
import type { Pattern } from '../types.js';
import { featureBuckets, HASH_BITS, wordFeatures } from './scorerFeatures.js';

/** The shipped model file's shape. */
export interface ScorerModel {
  hashBits: number;
  bias: number;
  /** Platt calibration: p = sigmoid(scale × z + offset). */
  scale: number;
  offset: number;
  /** Non-zero buckets, delta-encoded (each entry is the gap from the previous bucket). */
  buckets: number[];
  /** Weight × 1000, rounded, for the bucket at the same position. */
  weights: number[];
}

/** A loaded model: dense weights for fast scoring. */
export interface Scorer {
  weights: Float32Array;
  bias: number;
  scale: number;
  offset: number;
}

/** Expands a model file into a scorer. */
export function loadScorer(model: ScorerModel): Scorer {
  if (model.hashBits !== HASH_BITS) throw new Error('scorer weights use another hash size');
  const weights = new Float32Array(1 << HASH_BITS);
  let bucket = 0;
  model.buckets.forEach((gap, i) => {
    bucket += gap;
    weights[bucket] = (model.weights[i] ?? 0) / 1000;
  });
  return { weights, bias: model.bias, scale: model.scale, offset: model.offset };
}

/** The raw score z of a text (before calibration), given the rules' verdict. */
export function rawScore(
  scorer: Scorer,
  text: string,
  ruleRisk: number,
  ruleScores?: Readonly<Record<Pattern, number>>,
  normalised?: string,
): number {
  const { sparse, dense } = featureBuckets(text, ruleRisk, ruleScores, normalised);
  let dot = 0;
  for (const bucket of dense) dot += scorer.weights[bucket] ?? 0;
  if (sparse.length === 0) return scorer.bias + dot;
  let sum = 0;
  for (const bucket of sparse) sum += scorer.weights[bucket] ?? 0;
  return scorer.bias + dot + sum / Math.sqrt(sparse.length);
}

/** Calibrated probability (0..1) that `text` would start a fight. */
export function hostility(
  scorer: Scorer,
  text: string,
  ruleRisk: number,
  ruleScores?: Readonly<Record<Pattern, number>>,
  normalised?: string,
): number {
  if (text.trim().length === 0) return 0;
  const z = rawScore(scorer, text, ruleRisk, ruleScores, normalised);
  return sigmoid(scorer.scale * z + scorer.offset);
}

/** The word or word pair of `text` the scorer weighs most against it, or null. */
export function strongestPhrase(scorer: Scorer, text: string): string | null {
  let best: string | null = null;
  let bestWeight = 0;
  for (const { phrase, bucket } of wordFeatures(text)) {
    const weight = scorer.weights[bucket] ?? 0;
    if (weight > bestWeight) {
      best = phrase;
      bestWeight = weight;
    }
  }
  return best;
}

/** The logistic function. */
export function sigmoid(z: number): number {
  return 1 / (1 + Math.exp(-z));
}

let shipped: Scorer | null = null;

/** The scorer shipped with the server (loaded once, on first use). */
export function shippedScorer(): Scorer {
  if (shipped === null) {
    const file = new URL('./scorer-weights.json', import.meta.url);
    shipped = loadScorer(JSON.parse(readFileSync(file, 'utf8')) as ScorerModel);
  }
  return shipped;
}
