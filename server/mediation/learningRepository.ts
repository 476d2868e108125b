import type { Queryable } from '../db/pool.js';
import type { TriggerHint } from './types.js';

/** A communication_triggers row. */
export interface TriggerRow {
  trigger_type: TriggerHint['type'];
  trigger_value: string;
  intensity: number;
  detection_count: number;
  last_detected: Date;
}

/** A communication style as communication_profiles keeps it. */
export interface StyleUpdate {
  /** Total length (characters) of the `count` messages folded in. */
  length: number;
  count: number;
  tones: string[];
  emojiUsage: 'none' | 'minimal' | 'moderate' | 'frequent';
  vocabulary: 'simple' | 'moderate' | 'complex';
}

/** All SQL about what the mediator learns: triggers and communication profiles. */
export function createLearningRepository(db: Queryable) {
  return {
    /** The strongest triggers of each member of a room, at most `perUser` each. */
    async hintsInRoom(roomId: string, perUser: number): Promise<Map<number, TriggerHint[]>> {
      const { rows } = await db.query<TriggerRow & { user_id: number }>(
        `SELECT user_id, trigger_type, trigger_value, intensity FROM (
           SELECT ct.*, row_number() OVER (
             PARTITION BY ct.user_id ORDER BY ct.intensity DESC, ct.last_detected DESC) AS rank
             FROM communication_triggers ct
            WHERE ct.user_id IN (SELECT user_id FROM room_members WHERE room_id = $1)
         ) ranked WHERE rank <= $2
         ORDER BY user_id, rank`,
        [roomId, perUser],
      );
      const byUser = new Map<number, TriggerHint[]>();
      for (const row of rows) {
        const hints = byUser.get(row.user_id) ?? [];
        hints.push({ type: row.trigger_type, value: row.trigger_value, intensity: row.intensity });
        byUser.set(row.user_id, hints);
      }
      return byUser;
    },

    /**
     * Raises triggers by `step` (capped at 1): a new one starts at `step`, a
     * known one counts one more detection. `triggers` must hold no duplicates.
     */
    async raise(
      tx: Queryable,
      userId: number,
      triggers: { type: TriggerHint['type']; value: string }[],
      step: number,
    ): Promise<void> {
      if (triggers.length === 0) return;
      await tx.query(
        `INSERT INTO communication_triggers (user_id, trigger_type, trigger_value, intensity)
         SELECT $1, t.type, t.value, $4 FROM unnest($2::text[], $3::text[]) AS t(type, value)
          WHERE EXISTS (SELECT 1 FROM users WHERE id = $1 AND deleted_at IS NULL)
         ON CONFLICT (user_id, trigger_type, trigger_value) DO UPDATE SET
           detection_count = communication_triggers.detection_count + 1,
           intensity = LEAST(1, communication_triggers.intensity + EXCLUDED.intensity),
           last_detected = now()`,
        [userId, triggers.map((t) => t.type), triggers.map((t) => t.value), step],
      );
    },

    /** A user's own triggers, strongest first. */
    async list(userId: number): Promise<TriggerRow[]> {
      const { rows } = await db.query<TriggerRow>(
        `SELECT trigger_type, trigger_value, intensity, detection_count, last_detected
           FROM communication_triggers WHERE user_id = $1
          ORDER BY intensity DESC, detection_count DESC, trigger_value`,
        [userId],
      );
      return rows;
    },

    /**
     * Folds each sender's `count` delivered messages into their profile, all
     * senders in one statement: an exact running mean of length; tone, emoji
     * use and vocabulary as measured on the sender's recent messages.
     * Learning runs after the send's commit, so it may come after a sender
     * deleted their account: nothing is written for them then. One entry per
     * user.
     */
    async followStyles(
      tx: Queryable,
      updates: readonly { userId: number; style: StyleUpdate }[],
    ): Promise<void> {
      if (updates.length === 0) return;
      const rows = updates.map(({ userId, style }) => ({
        user_id: userId,
        length: style.length,
        count: style.count,
        tones: style.tones,
        emoji: style.emojiUsage,
        vocabulary: style.vocabulary,
      }));
      await tx.query(
        `WITH t AS (
           SELECT t.* FROM jsonb_to_recordset($1::jsonb) AS t(
             user_id int, length bigint, count int, tones text[], emoji text, vocabulary text)
           JOIN users u ON u.id = t.user_id AND u.deleted_at IS NULL
         )
         INSERT INTO communication_profiles
           (user_id, avg_message_length, message_count, tone_tendencies, emoji_usage, vocabulary_complexity)
         SELECT user_id, round(length::numeric / count), count, tones, emoji, vocabulary FROM t
         ON CONFLICT (user_id) DO UPDATE SET
           avg_message_length = round(
             (communication_profiles.avg_message_length::numeric * communication_profiles.message_count
               + (SELECT t.length FROM t WHERE t.user_id = EXCLUDED.user_id))
             / (communication_profiles.message_count + EXCLUDED.message_count)),
           message_count = communication_profiles.message_count + EXCLUDED.message_count,
           tone_tendencies = EXCLUDED.tone_tendencies,
           emoji_usage = EXCLUDED.emoji_usage,
           vocabulary_complexity = EXCLUDED.vocabulary_complexity,
           last_updated = now()`,
        [JSON.stringify(rows)],
      );
    },
  };
}

export type LearningRepository = ReturnType<typeof createLearningRepository>;
