import type { Queryable } from '../db/pool.js';
import type { Pattern, Topic } from './types.js';

export type Outcome = 'pending' | 'accepted' | 'rejected' | 'modified' | 'ignored';
export type FinalOutcome = Exclude<Outcome, 'pending'>;

/** The mediator's verdict on the text currently held, as kept in `analysis`. */
export interface StoredAnalysis {
  risk: number;
  patterns: Pattern[];
  triggers: string[];
  topic: Topic;
  explanation: string;
  /** Which mediator answered ('claude', 'local'...). */
  mediator: string;
  /** How many edited versions were held again after the first. */
  edits: number;
}

/**
 * An intervention_rewrites row. While pending, `rewrite_text` holds the
 * sender's latest edit that was held again (null: the original is held);
 * once resolved, the text that was delivered.
 */
export interface InterventionRow {
  id: string;
  user_id: number;
  room_id: string;
  client_id: string;
  thread_id: string | null;
  corrects_id: number | null;
  original_text: string;
  suggestions: string[];
  analysis: StoredAnalysis;
  pattern_detected: string | null;
  outcome: Outcome;
  rewrite_text: string | null;
  message_id: number | null;
  created_at: Date;
  resolved_at: Date | null;
}

export interface StatsRow {
  total_interventions: number;
  accepted_count: number;
  rejected_count: number;
  modified_count: number;
  ignored_count: number;
  last_intervention_at: Date | null;
  acceptance_rate: number | null;
}

const OUTCOME_COLUMN: Record<FinalOutcome, string> = {
  accepted: 'accepted_count',
  rejected: 'rejected_count',
  modified: 'modified_count',
  ignored: 'ignored_count',
};

/** All SQL about held messages and their statistics. */
export function createInterventionRepository(db: Queryable) {
  return {
    /** Stores a held message; undefined when the clientId is already held (a racing duplicate). */
    async insertHeld(
      tx: Queryable,
      held: {
        userId: number;
        roomId: string;
        clientId: string;
        threadId: string | null;
        correctsId: number | null;
        text: string;
        suggestions: string[];
        analysis: StoredAnalysis;
      },
    ): Promise<InterventionRow | undefined> {
      const { rows } = await tx.query<InterventionRow>(
        `INSERT INTO intervention_rewrites
           (user_id, room_id, client_id, thread_id, corrects_id, original_text, suggestions, analysis, pattern_detected)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
         ON CONFLICT (user_id, client_id) DO NOTHING
         RETURNING *`,
        [
          held.userId,
          held.roomId,
          held.clientId,
          held.threadId,
          held.correctsId,
          held.text,
          JSON.stringify(held.suggestions),
          JSON.stringify(held.analysis),
          held.analysis.patterns[0] ?? null,
        ],
      );
      return rows[0];
    },

    async findByClientId(userId: number, clientId: string): Promise<InterventionRow | undefined> {
      const { rows } = await db.query<InterventionRow>(
        'SELECT * FROM intervention_rewrites WHERE user_id = $1 AND client_id = $2',
        [userId, clientId],
      );
      return rows[0];
    },

    /** The intervention if `userId` is its sender (nobody else may see it). */
    async findOwned(id: string, userId: number): Promise<InterventionRow | undefined> {
      const { rows } = await db.query<InterventionRow>(
        'SELECT * FROM intervention_rewrites WHERE id = $1 AND user_id = $2',
        [id, userId],
      );
      return rows[0];
    },

    /** Holds an edited text in place of the previous one, if still pending. */
    async holdEdit(
      tx: Queryable,
      id: string,
      edit: { text: string; suggestions: string[]; analysis: StoredAnalysis },
    ): Promise<InterventionRow | undefined> {
      const { rows } = await tx.query<InterventionRow>(
        `UPDATE intervention_rewrites
            SET rewrite_text = $2, suggestions = $3, analysis = $4, pattern_detected = $5
          WHERE id = $1 AND outcome = 'pending'
          RETURNING *`,
        [
          id,
          edit.text,
          JSON.stringify(edit.suggestions),
          JSON.stringify(edit.analysis),
          edit.analysis.patterns[0] ?? null,
        ],
      );
      return rows[0];
    },

    /**
     * Records the outcome if the intervention is still pending: the one
     * resolution that wins a race. `text` is what will be delivered (null
     * keeps the held draft, for discards); `topic`, when given, is the
     * delivered text's topic (an edit's may differ from the original's).
     */
    async claim(
      tx: Queryable,
      id: string,
      outcome: FinalOutcome,
      text: string | null,
      topic: string | null,
    ): Promise<InterventionRow | undefined> {
      const { rows } = await tx.query<InterventionRow>(
        `UPDATE intervention_rewrites
            SET outcome = $2, rewrite_text = COALESCE($3, rewrite_text), resolved_at = now(),
                analysis = CASE WHEN $4::text IS NULL THEN analysis
                                ELSE jsonb_set(analysis, '{topic}', to_jsonb($4::text)) END
          WHERE id = $1 AND outcome = 'pending'
          RETURNING *`,
        [id, outcome, text, topic],
      );
      return rows[0];
    },

    async linkMessage(id: string, messageId: number): Promise<void> {
      await db.query(
        'UPDATE intervention_rewrites SET message_id = $2 WHERE id = $1 AND message_id IS NULL',
        [id, messageId],
      );
    },

    /**
     * Pending interventions older than `hours` become ignored, with their
     * statistics, in one statement (of one user, or everyone's).
     */
    async expireStale(hours: number, userId?: number): Promise<number> {
      const { rows } = await db.query<{ expired: number }>(
        `WITH expired AS (
           UPDATE intervention_rewrites SET outcome = 'ignored', resolved_at = now()
            WHERE outcome = 'pending' AND created_at < now() - make_interval(hours => $1::int)
              AND ($2::int IS NULL OR user_id = $2)
           RETURNING user_id
         ), counted AS (
           SELECT user_id, count(*)::int AS n FROM expired GROUP BY user_id
         ), bumped AS (
           UPDATE intervention_statistics s
              SET ignored_count = s.ignored_count + c.n, updated_at = now()
             FROM counted c WHERE s.user_id = c.user_id
         )
         SELECT count(*)::int AS expired FROM expired`,
        [hours, userId ?? null],
      );
      return rows[0]?.expired ?? 0;
    },

    /** One more intervention for the user's statistics. */
    async countNew(tx: Queryable, userId: number): Promise<void> {
      await tx.query(
        `INSERT INTO intervention_statistics (user_id, total_interventions, last_intervention_at)
         VALUES ($1, 1, now())
         ON CONFLICT (user_id) DO UPDATE SET
           total_interventions = intervention_statistics.total_interventions + 1,
           last_intervention_at = now(), updated_at = now()`,
        [userId],
      );
    },

    async countOutcome(tx: Queryable, userId: number, outcome: FinalOutcome): Promise<void> {
      const column = OUTCOME_COLUMN[outcome];
      await tx.query(
        `UPDATE intervention_statistics SET ${column} = ${column} + 1, updated_at = now()
          WHERE user_id = $1`,
        [userId],
      );
    },

    async stats(userId: number): Promise<StatsRow | undefined> {
      const { rows } = await db.query<StatsRow>(
        `SELECT total_interventions, accepted_count, rejected_count, modified_count, ignored_count,
                last_intervention_at, acceptance_rate
           FROM intervention_stats_with_rate WHERE user_id = $1`,
        [userId],
      );
      return rows[0];
    },
  };
}

export type InterventionRepository = ReturnType<typeof createInterventionRepository>;
