import type { Queryable } from '../db/pool.js';
import { currentRequestId } from '../shared/requestContext.js';

/** What the outbox carries (migration 006's CHECK). */
export type OutboxKind = 'message_delivered' | 'notification' | 'push';

/** Payload of a 'message_delivered' row, written in the message's own transaction. */
export interface MessageDeliveredPayload {
  messageId: number;
  roomId: string;
  senderId: number;
  seq: number;
}

/** A claimed row: `attempts` already counts the attempt in progress. */
export interface OutboxJob {
  id: number;
  kind: OutboxKind;
  payload: unknown;
  attempts: number;
  createdAt: Date;
  /** The request or socket event that queued it (null when none). */
  requestId: string | null;
}

interface OutboxRow {
  id: number;
  kind: OutboxKind;
  payload: unknown;
  attempts: number;
  created_at: Date;
  request_id: string | null;
}

const toJob = (row: OutboxRow): OutboxJob => ({
  id: row.id,
  kind: row.kind,
  payload: row.payload,
  attempts: row.attempts,
  createdAt: row.created_at,
  requestId: row.request_id,
});

/** All SQL about the outbox table. */
export function createOutboxRepository(db: Queryable) {
  return {
    /**
     * Queues a side effect. Call it with the transaction that makes the change
     * causing it, so both commit or neither does. The row keeps the current
     * request id, which the worker logs with the job.
     */
    async enqueue(tx: Queryable, kind: OutboxKind, payload: object): Promise<number> {
      const { rows } = await tx.query<{ id: number }>(
        'INSERT INTO outbox (kind, payload, request_id) VALUES ($1, $2, $3) RETURNING id',
        [kind, JSON.stringify(payload), currentRequestId() ?? null],
      );
      return rows[0]!.id;
    },

    /**
     * Claims up to `limit` due rows of these kinds in one short statement:
     * rows another worker holds are skipped (SKIP LOCKED), and each claimed
     * row gets a lease (available_at pushed `leaseMs` ahead) and its attempt
     * counted. A worker that dies mid-job leaves the row pending; it is due
     * again when the lease runs out.
     */
    async claim(kinds: OutboxKind[], limit: number, leaseMs: number): Promise<OutboxJob[]> {
      const { rows } = await db.query<OutboxRow>(
        `UPDATE outbox o
            SET attempts = o.attempts + 1,
                available_at = now() + make_interval(secs => $3::double precision / 1000)
          WHERE o.id IN (
                SELECT id FROM outbox
                 WHERE status = 'pending' AND available_at <= now() AND kind = ANY($1::text[])
                 ORDER BY available_at, id
                 LIMIT $2
                 FOR UPDATE SKIP LOCKED)
          RETURNING o.id, o.kind, o.payload, o.attempts, o.created_at, o.request_id`,
        [kinds, limit, leaseMs],
      );
      return rows.map(toJob).sort((a, b) => a.id - b.id);
    },

    /**
     * Marks a claimed row done, in the transaction that did its work. False
     * when the lease was lost (another worker re-claimed the row): the caller
     * rolls back so that work is not committed twice. last_error stays: a row
     * done on its third attempt still says why the first two failed.
     */
    async markDone(tx: Queryable, job: OutboxJob): Promise<boolean> {
      const { rowCount } = await tx.query(
        `UPDATE outbox SET status = 'done', processed_at = now()
          WHERE id = $1 AND status = 'pending' AND attempts = $2`,
        [job.id, job.attempts],
      );
      return (rowCount ?? 0) > 0;
    },

    /**
     * Marks a batch of claimed rows done in one statement, in the transaction
     * that did their work. Returns how many were still this worker's (same
     * attempt, still pending): fewer than `jobs.length` means a lease was
     * lost, and the caller rolls the whole batch back.
     */
    async markDoneBatch(tx: Queryable, jobs: readonly OutboxJob[]): Promise<number> {
      const { rowCount } = await tx.query(
        `UPDATE outbox o SET status = 'done', processed_at = now()
           FROM unnest($1::bigint[], $2::int[]) AS c(id, attempts)
          WHERE o.id = c.id AND o.attempts = c.attempts AND o.status = 'pending'`,
        [jobs.map((j) => j.id), jobs.map((j) => j.attempts)],
      );
      return rowCount ?? 0;
    },

    /** After a failed attempt: due again in `delayMs`, or 'failed' for good. */
    async reschedule(
      job: OutboxJob,
      outcome: { giveUp: boolean; delayMs: number; error: string },
    ): Promise<void> {
      await db.query(
        `UPDATE outbox
            SET status = CASE WHEN $3 THEN 'failed' ELSE 'pending' END,
                available_at = now() + make_interval(secs => $4::double precision / 1000),
                processed_at = CASE WHEN $3 THEN now() ELSE NULL END,
                last_error = $5
          WHERE id = $1 AND status = 'pending' AND attempts = $2`,
        [job.id, job.attempts, outcome.giveUp, outcome.delayMs, outcome.error],
      );
    },

    /** Pending rows and the age of the oldest (seconds), for the metrics scrape. */
    async backlog(): Promise<{ pending: number; lagSeconds: number }> {
      const { rows } = await db.query<{ pending: number; lag: number | null }>(
        `SELECT count(*)::int AS pending,
                EXTRACT(EPOCH FROM (now() - min(created_at)))::float8 AS lag
           FROM outbox WHERE status = 'pending'`,
      );
      return { pending: rows[0]?.pending ?? 0, lagSeconds: Math.max(0, rows[0]?.lag ?? 0) };
    },

    /** Milliseconds until the next pending row of these kinds is due; undefined when none. */
    async msUntilNextDue(kinds: OutboxKind[]): Promise<number | undefined> {
      // min() over no rows is NULL (and GREATEST would hide it): clamp in JS.
      const { rows } = await db.query<{ wait_ms: number | null }>(
        `SELECT (EXTRACT(EPOCH FROM (min(available_at) - now())) * 1000)::float8 AS wait_ms
           FROM outbox WHERE status = 'pending' AND kind = ANY($1::text[])`,
        [kinds],
      );
      const waitMs = rows[0]?.wait_ms;
      return waitMs === null || waitMs === undefined ? undefined : Math.max(0, waitMs);
    },
  };
}

export type OutboxRepository = ReturnType<typeof createOutboxRepository>;
