/**
 * What the mediator learns about each parent (DESIGN.md "Mediation"): the
 * triggers a flagged message reveals (patterns, phrases, and topics the
 * parent reacts badly to) and the parent's everyday style.
 */
import type { Queryable } from '../db/pool.js';
import type { MessageRow } from '../messages/messageRepository.js';
import type { Logger } from '../shared/logger.js';
import type { ContextRepository } from './contextRepository.js';
import type { LearningRepository, StyleUpdate } from './learningRepository.js';
import { analyzeDraft } from './local/index.js';
import type { MediationResult, TriggerHint } from './types.js';

/** Triggers per parent handed to the mediator. */
const HINTS_PER_USER = 20;
/** Phrases learned from one flagged message, at most. */
const PHRASES_PER_MESSAGE = 5;
/** Recent messages a style is measured on. */
const STYLE_WINDOW = 20;

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

/** One message's tone, as the local mediator and a few warm markers read it. */
export function toneOf(text: string): string {
  const { risk, patterns } = analyzeDraft(text);
  if (risk >= 0.5) return 'hostile';
  if (risk >= 0.25) return 'tense';
  if (patterns.includes('demand')) return 'firm';
  if (WARM.test(text)) return 'warm';
  return 'neutral';
}

/** Tone, emoji use and vocabulary measured on a sender's recent messages. */
export function styleOf(texts: string[]): Omit<StyleUpdate, 'length'> {
  const counts = new Map<string, number>();
  for (const text of texts) {
    const tone = toneOf(text);
    counts.set(tone, (counts.get(tone) ?? 0) + 1);
  }
  const ranked = [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  // Tendencies: every tone of at least a quarter of the messages, the commonest first.
  const tones = ranked
    .filter(([, n], i) => i === 0 || n / texts.length >= 0.25)
    .map(([tone]) => tone);
  const withEmoji = texts.filter((t) => EMOJI.test(t)).length / Math.max(1, texts.length);
  const words = texts.flatMap((t) => t.match(/\p{L}+/gu) ?? []);
  const meanWord = words.reduce((sum, w) => sum + w.length, 0) / Math.max(1, words.length);
  return {
    tones,
    emojiUsage:
      withEmoji === 0
        ? 'none'
        : withEmoji < 0.15
          ? 'minimal'
          : withEmoji < 0.5
            ? 'moderate'
            : 'frequent',
    vocabulary: meanWord < 4 ? 'simple' : meanWord > 5.2 ? 'complex' : 'moderate',
  };
}

export interface LearningDeps {
  learning: LearningRepository;
  context: ContextRepository;
  logger: Logger;
}

/** Reads and writes what is learned; wired into the send path by the mediation service. */
export function createLearning(deps: LearningDeps) {
  const { learning, context, logger } = deps;
  return {
    /** Every room member's strongest triggers (by user id), for `Mediator.analyze`. */
    hintsInRoom(roomId: string): Promise<Map<number, TriggerHint[]>> {
      return learning.hintsInRoom(roomId, HINTS_PER_USER);
    },

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

    /**
     * In the message's transaction (one commit, no extra fsync): the sender's
     * profile follows their style. Derived data, so a failure is rolled back
     * to a savepoint and logged, and never fails the send.
     */
    async followStyle(tx: Queryable, row: MessageRow): Promise<void> {
      if (row.type === 'system') return;
      try {
        await learning.isolated(tx, async () => {
          const texts = await context.recentTextsBy(tx, row.room_id, row.sender_id, STYLE_WINDOW);
          const style = styleOf(texts.length > 0 ? texts : [row.text]);
          await learning.followStyle(tx, row.sender_id, { ...style, length: [...row.text].length });
        });
      } catch (err) {
        logger.warn({ err, userId: row.sender_id }, 'communication profile not updated');
      }
    },
  };
}

export type Learning = ReturnType<typeof createLearning>;
