import type { Queryable } from '../db/pool.js';
import { verifyLinks, type StoredLink } from '../messages/hashChain.js';

/**
 * Checks for rows that break the data model's promises. Most are enforced by
 * constraints on a live database, but a dump restored with triggers or
 * constraints disabled, a hand-run UPDATE, or a bug can still leave them
 * behind; this is how an operator finds out. All the SQL is here; the
 * `npm run check-data-integrity` script only runs and prints it.
 */

/** One check's outcome: how many rows break it and a few of them. */
export interface CheckResult {
  id: string;
  description: string;
  total: number;
  sample: Array<Record<string, unknown>>;
}

export interface IntegrityReport {
  results: CheckResult[];
  /** Number of checks that found something. */
  failed: number;
}

interface SqlCheck {
  id: string;
  description: string;
  /** A SELECT returning one row per offending record, identifying it (ids, never message text). */
  sql: string;
}

const SQL_CHECKS: SqlCheck[] = [
  {
    id: 'users.email_not_normalised',
    description: 'users whose email is not trimmed and lower-cased',
    sql: `SELECT id AS user_id, email FROM users WHERE email <> lower(btrim(email)) ORDER BY id`,
  },
  {
    id: 'users.duplicate_email',
    description: 'emails held by more than one user once normalised',
    sql: `SELECT lower(btrim(email)) AS email, array_agg(id ORDER BY id) AS user_ids
            FROM users GROUP BY 1 HAVING count(*) > 1 ORDER BY 1`,
  },
  {
    id: 'rooms.without_members',
    description: 'rooms nobody is a member of',
    sql: `SELECT r.id AS room_id FROM rooms r
           WHERE NOT EXISTS (SELECT 1 FROM room_members m WHERE m.room_id = r.id) ORDER BY r.created_at`,
  },
  {
    id: 'rooms.chain_head_mismatch',
    description: "rooms whose last_seq / last_hash are not their newest message's",
    sql: `SELECT r.id AS room_id, r.last_seq, m.seq AS newest_seq FROM rooms r
            LEFT JOIN LATERAL (SELECT seq, hash FROM messages WHERE room_id = r.id ORDER BY seq DESC LIMIT 1) m ON true
           WHERE r.last_seq <> coalesce(m.seq, 0) OR r.last_hash IS DISTINCT FROM m.hash ORDER BY r.id`,
  },
  {
    id: 'room_members.read_past_end',
    description: 'members whose last_read_seq is past the room’s last message',
    sql: `SELECT m.room_id, m.user_id, m.last_read_seq, r.last_seq FROM room_members m
            JOIN rooms r ON r.id = m.room_id WHERE m.last_read_seq > r.last_seq ORDER BY 1, 2`,
  },
  {
    id: 'pairings.active_without_room',
    description: 'active pairings whose shared room does not exist',
    sql: `SELECT p.id AS pairing_id, p.shared_room_id FROM pairing_sessions p
           WHERE p.status = 'active'
             AND (p.shared_room_id IS NULL OR NOT EXISTS (SELECT 1 FROM rooms r WHERE r.id = p.shared_room_id))
           ORDER BY p.id`,
  },
  {
    id: 'pairings.parent_not_in_room',
    description: 'active pairings with a parent who is not a member of the shared room',
    sql: `SELECT p.id AS pairing_id, p.shared_room_id, parent.user_id FROM pairing_sessions p
           CROSS JOIN LATERAL unnest(ARRAY[p.parent_a_id, p.parent_b_id]) AS parent(user_id)
           WHERE p.status = 'active' AND EXISTS (SELECT 1 FROM rooms r WHERE r.id = p.shared_room_id)
             AND NOT EXISTS (SELECT 1 FROM room_members m
                              WHERE m.room_id = p.shared_room_id AND m.user_id = parent.user_id)
           ORDER BY p.id`,
  },
  {
    id: 'messages.seq_gap',
    description: 'rooms whose message seq skips numbers (seq runs 1, 2, 3... per room)',
    sql: `SELECT room_id, prev_seq + 1 AS missing_from, seq - 1 AS missing_to
            FROM (SELECT room_id, seq, lag(seq, 1, 0::bigint) OVER (PARTITION BY room_id ORDER BY seq) AS prev_seq
                    FROM messages) s
           WHERE seq <> prev_seq + 1 ORDER BY room_id, seq`,
  },
  {
    id: 'messages.correction_mismatch',
    description: 'corrections of a message in another room or by another sender',
    sql: `SELECT m.id AS message_id, m.corrects_id FROM messages m JOIN messages o ON o.id = m.corrects_id
           WHERE m.room_id <> o.room_id OR m.sender_id <> o.sender_id ORDER BY m.id`,
  },
  {
    id: 'messages.thread_in_other_room',
    description: "messages filed in another room's thread",
    sql: `SELECT m.id AS message_id, m.room_id, m.thread_id FROM messages m
            JOIN threads t ON t.id = m.thread_id WHERE t.room_id <> m.room_id ORDER BY m.id`,
  },
  {
    id: 'threads.count_mismatch',
    description: 'threads whose message_count differs from the messages filed in them',
    sql: `SELECT t.id AS thread_id, t.message_count, count(m.id) AS actual FROM threads t
            LEFT JOIN messages m ON m.thread_id = t.id
           GROUP BY t.id HAVING t.message_count <> count(m.id) ORDER BY t.id`,
  },
  {
    id: 'interventions.pending_with_message',
    description: 'interventions still pending although a message was delivered for them',
    sql: `SELECT id AS intervention_id, message_id FROM intervention_rewrites
           WHERE outcome = 'pending' AND message_id IS NOT NULL ORDER BY created_at`,
  },
  {
    id: 'interventions.message_mismatch',
    description: 'interventions whose delivered message is in another room or by another sender',
    sql: `SELECT i.id AS intervention_id, i.message_id FROM intervention_rewrites i
            JOIN messages m ON m.id = i.message_id
           WHERE m.room_id <> i.room_id OR m.sender_id <> i.user_id ORDER BY i.created_at`,
  },
];

interface ForeignKey {
  table: string;
  columns: string[];
  refTable: string;
  refColumns: string[];
  keyColumns: string[];
}

const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;

/** Every foreign key of the schema, so a new table's orphans are found without a new check. */
async function foreignKeys(db: Queryable): Promise<ForeignKey[]> {
  const { rows } = await db.query<ForeignKey>(
    `SELECT cl.relname AS "table", rf.relname AS "refTable",
            array_agg(a.attname::text ORDER BY k.ord) AS columns,
            array_agg(af.attname::text ORDER BY k.ord) AS "refColumns",
            coalesce((SELECT array_agg(pa.attname::text ORDER BY pa.attnum)
                        FROM pg_constraint pk JOIN pg_attribute pa
                          ON pa.attrelid = pk.conrelid AND pa.attnum = ANY (pk.conkey)
                       WHERE pk.conrelid = c.conrelid AND pk.contype = 'p'), '{}') AS "keyColumns"
       FROM pg_constraint c
       JOIN pg_class cl ON cl.oid = c.conrelid
       JOIN pg_class rf ON rf.oid = c.confrelid
       JOIN pg_namespace n ON n.oid = cl.relnamespace
       CROSS JOIN LATERAL unnest(c.conkey, c.confkey) WITH ORDINALITY AS k(col, refcol, ord)
       JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.col
       JOIN pg_attribute af ON af.attrelid = c.confrelid AND af.attnum = k.refcol
      WHERE c.contype = 'f' AND n.nspname = current_schema()
      GROUP BY c.oid, c.conrelid, cl.relname, rf.relname
      ORDER BY cl.relname, c.conname`,
  );
  return rows;
}

/** Rows whose foreign key points at nothing (possible once constraints were bypassed). */
function orphanCheck(fk: ForeignKey): SqlCheck {
  const shown = [...new Set([...fk.keyColumns, ...fk.columns])];
  const present = fk.columns.map((c) => `t.${quote(c)} IS NOT NULL`).join(' AND ');
  const match = fk.columns
    .map((c, i) => `r.${quote(fk.refColumns[i]!)} = t.${quote(c)}`)
    .join(' AND ');
  return {
    id: `orphans.${fk.table}.${fk.columns.join('_')}`,
    description: `${fk.table}.${fk.columns.join(', ')} pointing to a missing ${fk.refTable} row`,
    sql: `SELECT ${shown.map((c) => `t.${quote(c)}`).join(', ')} FROM ${quote(fk.table)} t
           WHERE ${present} AND NOT EXISTS (SELECT 1 FROM ${quote(fk.refTable)} r WHERE ${match})`,
  };
}

async function runSqlCheck(db: Queryable, check: SqlCheck, sampleSize: number) {
  const { rows } = await db.query<Record<string, unknown> & { __total: number }>(
    `SELECT found.*, count(*) OVER () AS __total FROM (${check.sql}) AS found LIMIT $1`,
    [sampleSize],
  );
  const sample = rows.map(({ __total: _total, ...row }) => row);
  return { id: check.id, description: check.description, total: rows[0]?.__total ?? 0, sample };
}

const CHAIN_PAGE = 1000;

/** Walks every room's hash chain from seq 1 (hashChain.ts decides what a valid link is). */
async function hashChainCheck(db: Queryable, sampleSize: number): Promise<CheckResult> {
  const broken: Array<Record<string, unknown>> = [];
  const { rows: rooms } = await db.query<{ room_id: string }>(
    'SELECT DISTINCT room_id FROM messages ORDER BY room_id',
  );
  for (const { room_id } of rooms) {
    let state: Parameters<typeof verifyLinks>[1];
    let afterSeq = 0;
    for (;;) {
      const { rows: page } = await db.query<StoredLink>(
        `SELECT seq, sender_id, text, created_at, hash FROM messages
          WHERE room_id = $1 AND seq > $2 ORDER BY seq LIMIT $3`,
        [room_id, afterSeq, CHAIN_PAGE],
      );
      const step = verifyLinks(page, state);
      if (step.verdict) {
        broken.push({ room_id, broken_at_seq: step.verdict.brokenAtSeq });
        break;
      }
      state = step.state;
      if (page.length < CHAIN_PAGE) break;
      afterSeq = page.at(-1)!.seq;
    }
  }
  return {
    id: 'messages.hash_chain',
    description:
      'rooms whose message hash chain does not verify (altered, missing or reordered messages)',
    total: broken.length,
    sample: broken.slice(0, sampleSize),
  };
}

/** Runs every check against `db` (read-only) and reports what each found. */
export async function runIntegrityChecks(
  db: Queryable,
  options: { sampleSize?: number } = {},
): Promise<IntegrityReport> {
  const sampleSize = options.sampleSize ?? 20;
  const checks = [...SQL_CHECKS, ...(await foreignKeys(db)).map(orphanCheck)];
  const results: CheckResult[] = [];
  for (const check of checks) results.push(await runSqlCheck(db, check, sampleSize));
  results.push(await hashChainCheck(db, sampleSize));
  return { results, failed: results.filter((r) => r.total > 0).length };
}
