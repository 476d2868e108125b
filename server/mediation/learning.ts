/**
 * What the mediator learns about each parent (DESIGN.md "Mediation"): the
 * triggers a flagged message reveals (patterns, phrases, and topics the
 * parent reacts badly to) and the parent's everyday style.
 */
import type { Queryable } from '../db/pool.js';
import type { LearningRepository, StyleUpdate } from './learningRepository.js';
import { analyzeDraft } from './local/index.js';
import type { MediationResult, TriggerHint } from './types.js';

/** Triggers per parent handed to the mediator. */
export const HINTS_PER_USER = 20;
/** Phrases learned from one flagged message, at most. */
const PHRASES_PER_MESSAGE = 5;
/** Recent messages a style is measured on. */
export const STYLE_WINDOW = 20;

type NewTrigger = { type: TriggerHint['type']; value: string };

/** How much one detection raises a trigger: 0.05 for a borderline message, 0.15 for a blatant one. */
export function intensityStep(risk: number): number {
  return Math.round((0.05 + 0.1 * Math.max(0, Math.min(1, risk))) * 100) / 100;
}

/**
 * The triggers one flagged message teaches about its sender: its patterns,
 * the phrases that set them off, and — when it answers the other parent's
 * message about a topic — that topic.
 */
export function triggersOf(verdict: MediationResult, repliedTopic: string | null): NewTrigger[] {
  const found: NewTrigger[] = [
    ...verdict.patterns.map((value) => ({ type: 'pattern' as const, value })),
    ...verdict.triggers
      .map((p) => p.trim().toLowerCase().slice(0, 200))
      .filter((p) => p.length > 0)
      .slice(0, PHRASES_PER_MESSAGE)
      .map((value) => ({ type: 'phrase' as const, value })),
    ...(repliedTopic ? [{ type: 'topic' as const, value: repliedTopic }] : []),
  ];
  const seen = new Set<string>();
  return found.filter((t) => !seen.has(`${t.type}:${t.value}`) && seen.add(`${t.type}:${t.value}`));
}

const WARM =
  /\b(?:thanks|thank you|appreciate|please|glad|great|sounds good|no problem|happy to|love)\b/i;
const EMOJI = /\p{Extended_Pictographic}/u;

/** A text's risk and patterns on its own, as `analyzeDraft` reads them. */
export type TextReading = { risk: number; patterns: readonly string[] };

/** One message's tone, from the local mediator's context-free reading and a few warm markers. */
export function toneOf(text: string, reading: TextReading = analyzeDraft(text)): string {
  if (reading.risk >= 0.5) return 'hostile';
  if (reading.risk >= 0.25) return 'tense';
  if (reading.patterns.includes('demand')) return 'firm';
  if (WARM.test(text)) return 'warm';
  return 'neutral';
}

/** What a style measure needs of one message; measured once per message. */
export interface StyleSample {
  tone: string;
  emoji: boolean;
  /** Letters in its words (UTF-16 units, as `String.length` counts). */
  wordChars: number;
  words: number;
}

/**
 * One message's part of its sender's style. `reading` is the local
 * mediator's context-free reading of `text` (`analyzeDraft`) when the caller
 * already has it; otherwise it is computed here.
 */
export function sampleOf(text: string, reading?: TextReading): StyleSample {
  const words = text.match(/\p{L}+/gu) ?? [];
  return {
    tone: toneOf(text, reading),
    emoji: EMOJI.test(text),
    wordChars: words.reduce((sum, w) => sum + w.length, 0),
    words: words.length,
  };
}

/** Tone, emoji use and vocabulary measured on a sender's recent messages. */
export function styleOfSamples(
  samples: readonly StyleSample[],
): Omit<StyleUpdate, 'length' | 'count'> {
  const counts = new Map<string, number>();
  let withEmoji = 0;
  let wordChars = 0;
  let words = 0;
  for (const sample of samples) {
    counts.set(sample.tone, (counts.get(sample.tone) ?? 0) + 1);
    if (sample.emoji) withEmoji += 1;
    wordChars += sample.wordChars;
    words += sample.words;
  }
  const ranked = [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  // Tendencies: every tone of at least a quarter of the messages, the commonest first.
  const tones = ranked
    .filter(([, n], i) => i === 0 || n / samples.length >= 0.25)
    .map(([tone]) => tone);
  const emojiShare = withEmoji / Math.max(1, samples.length);
  const meanWord = wordChars / Math.max(1, words);
  return {
    tones,
    emojiUsage:
      emojiShare === 0
        ? 'none'
        : emojiShare < 0.15
          ? 'minimal'
          : emojiShare < 0.5
            ? 'moderate'
            : 'frequent',
    vocabulary: meanWord < 4 ? 'simple' : meanWord > 5.2 ? 'complex' : 'moderate',
  };
}

/** Tone, emoji use and vocabulary measured on a sender's recent texts (each analysed here). */
export function styleOf(texts: string[]): Omit<StyleUpdate, 'length' | 'count'> {
  return styleOfSamples(texts.map((text) => sampleOf(text)));
}

export interface LearningDeps {
  learning: LearningRepository;
}

/** Reads and writes what is learned; wired into the send path by the mediation service. */
export function createLearning(deps: LearningDeps) {
  const { learning } = deps;
  return {
    /** Raises the sender's triggers for a flagged text (in the intervention's transaction). */
    async recordFlagged(
      tx: Queryable,
      userId: number,
      verdict: MediationResult,
      repliedTopic: string | null,
    ): Promise<void> {
      await learning.raise(
        tx,
        userId,
        triggersOf(verdict, repliedTopic),
        intensityStep(verdict.risk),
      );
    },
  };
}

export type Learning = ReturnType<typeof createLearning>;
