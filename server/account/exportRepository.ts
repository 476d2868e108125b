import type { Queryable } from '../db/pool.js';

/**
 * The SQL of the user's data export that no other domain already serves:
 * each query is keyed on the user's own id and reads only rows that are
 * theirs (their messages, their held originals, their learned triggers).
 * Nothing here selects another member's rows.
 */
export function createExportRepository(db: Queryable) {
  const rows = async <R extends Record<string, unknown>>(text: string, userId: number) =>
    (await db.query<R>(text, [userId])).rows;

  return {
    rooms: (userId: number) =>
      rows(
        `SELECT r.id AS "roomId", r.name, rm.role, rm.joined_at AS "joinedAt", rm.last_read_seq AS "lastReadSeq"
           FROM room_members rm JOIN rooms r ON r.id = rm.room_id
          WHERE rm.user_id = $1 ORDER BY rm.joined_at`,
        userId,
      ),

    pairings: (userId: number) =>
      rows(
        `SELECT id, pairing_code AS code, status, invite_type AS "inviteType",
                CASE WHEN parent_a_id = $1 THEN 'initiator' ELSE 'acceptor' END AS role,
                CASE WHEN parent_a_id = $1 THEN parent_b_email END AS "invitedEmail",
                shared_room_id AS "roomId", created_at AS "createdAt", expires_at AS "expiresAt",
                accepted_at AS "acceptedAt", canceled_at AS "canceledAt"
           FROM pairing_sessions WHERE parent_a_id = $1 OR parent_b_id = $1 ORDER BY id`,
        userId,
      ),

    /** Only the messages this user sent (the co-parent's are the shared record, not theirs). */
    messages: (userId: number) =>
      rows(
        `SELECT room_id AS "roomId", seq, client_id AS "clientId", type, corrects_id AS "correctsId",
                text, thread_id AS "threadId", created_at AS "createdAt", hash
           FROM messages WHERE sender_id = $1 ORDER BY room_id, seq`,
        userId,
      ),

    /** This user's held messages: originals, suggestions, choices. Never anyone else's. */
    interventions: (userId: number) =>
      rows(
        `SELECT i.id, i.room_id AS "roomId", i.original_text AS "originalText", i.suggestions,
                i.analysis, i.outcome, i.rewrite_text AS "sentText", m.seq AS "sentAsSeq",
                i.created_at AS "heldAt", i.resolved_at AS "resolvedAt"
           FROM intervention_rewrites i LEFT JOIN messages m ON m.id = i.message_id
          WHERE i.user_id = $1 ORDER BY i.created_at, i.id`,
        userId,
      ),

    triggers: (userId: number) =>
      rows(
        `SELECT trigger_type AS type, trigger_value AS value, intensity::float AS intensity,
                detection_count AS "detectionCount", last_detected AS "lastDetected"
           FROM communication_triggers WHERE user_id = $1 ORDER BY id`,
        userId,
      ),

    communicationProfile: async (userId: number) =>
      (
        await rows(
          `SELECT tone_tendencies AS "toneTendencies", avg_message_length AS "avgMessageLength",
                  message_count AS "messageCount", vocabulary_complexity AS "vocabularyComplexity",
                  emoji_usage AS "emojiUsage", last_updated AS "lastUpdated"
             FROM communication_profiles WHERE user_id = $1`,
          userId,
        )
      )[0] ?? null,

    interventionStatistics: async (userId: number) =>
      (
        await rows(
          `SELECT total_interventions AS total, accepted_count AS accepted, rejected_count AS rejected,
                  modified_count AS modified, ignored_count AS ignored,
                  acceptance_rate::float AS "acceptanceRate"
             FROM intervention_stats_with_rate WHERE user_id = $1`,
          userId,
        )
      )[0] ?? null,

    notifications: (userId: number) =>
      rows(
        `SELECT id, type, title, body, related_id AS "relatedId", related_type AS "relatedType",
                is_read AS "isRead", read_at AS "readAt", created_at AS "createdAt"
           FROM notifications WHERE user_id = $1 ORDER BY id`,
        userId,
      ),

    /** Where pushes go; the subscription's keys (p256dh, auth) are never exported. */
    pushSubscriptions: (userId: number) =>
      rows(
        `SELECT id, endpoint, user_agent AS "userAgent", include_text AS "includeText",
                is_active AS "isActive", created_at AS "createdAt", last_used_at AS "lastUsedAt"
           FROM push_subscriptions WHERE user_id = $1 ORDER BY id`,
        userId,
      ),
  };
}

export type ExportRepository = ReturnType<typeof createExportRepository>;
