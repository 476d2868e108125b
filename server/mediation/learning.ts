/**
 * What the mediator learns about each parent (DESIGN.md "Mediation"): the
 * triggers a flagged message reveals (patterns, phrases, and topics the
 * parent reacts badly to) and the parent's everyday style.
 */
import type { Db, Queryable } from '../db/pool.js';
import type { Logger } from '../shared/logger.js';
import type { ContextRepository } from './contextRepository.js';
import type { LearningRepository, StyleUpdate } from './learningRepository.js';
import { analyzeDraft } from './local/index.js';
import type { MediationResult, TriggerHint } from './types.js';

/** Triggers per parent handed to the mediator. */
export const HINTS_PER_USER = 20;
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
export function styleOf(texts: string[]): Omit<StyleUpdate, 'length' | 'count'> {
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

/** A delivered message, as the style follower needs it. */
export interface DeliveredText {
  roomId: string;
  senderId: number;
  type: 'user' | 'system' | 'correction';
  text: string;
}

/** How long delivered messages wait to be folded into profiles, together. */
const STYLE_DELAY_MS = 250;

/**
 * The senders' communication profiles follow their style, off the send path:
 * delivered messages are queued after commit and folded in a moment later,
 * per sender (one style measure on their recent texts for however many
 * messages arrived), in one transaction per round. Derived data: a failure
 * is logged and never touches a send; a crash loses at most one round.
 */
export function createStyleFollower(deps: LearningDeps & { db: Db; delayMs?: number }) {
  const delay = deps.delayMs ?? STYLE_DELAY_MS;
  let pending = new Map<number, { roomId: string; length: number; count: number }>();
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();

  async function fold(batch: typeof pending): Promise<void> {
    await deps.db.withTransaction(async (tx) => {
      for (const [userId, entry] of batch) {
        const texts = await deps.context.recentTextsBy(tx, entry.roomId, userId, STYLE_WINDOW);
        if (texts.length === 0) continue;
        const style = styleOf(texts);
        await deps.learning.followStyle(tx, userId, {
          ...style,
          length: entry.length,
          count: entry.count,
        });
      }
    });
  }

  function flush(): Promise<void> {
    if (timer) clearTimeout(timer);
    timer = undefined;
    const batch = pending;
    pending = new Map();
    if (batch.size === 0) return running;
    running = running
      .then(() => fold(batch))
      .catch((err: unknown) => deps.logger.warn({ err }, 'communication profiles not updated'));
    return running;
  }

  return {
    /** After commit: this message counts toward its sender's profile. */
    add(message: DeliveredText): void {
      if (message.type === 'system') return;
      const entry = pending.get(message.senderId) ?? {
        roomId: message.roomId,
        length: 0,
        count: 0,
      };
      entry.roomId = message.roomId;
      entry.length += [...message.text].length;
      entry.count += 1;
      pending.set(message.senderId, entry);
      timer ??= setTimeout(() => void flush(), delay).unref();
    },
    /** Folds whatever is queued now (shutdown, tests). */
    flush,
  };
}

export type StyleFollower = ReturnType<typeof createStyleFollower>;
