import type { Db, Queryable } from '../db/pool.js';
import type { Logger } from '../shared/logger.js';
import { newRequestId, runWithRequestId } from '../shared/requestContext.js';
import {
  createOutboxRepository,
  type OutboxJob,
  type OutboxKind,
  type OutboxRepository,
} from './outboxRepository.js';

/** Work to run once the job's transaction has committed (emits, mostly). */
export type AfterCommit = () => void | Promise<void>;

/**
 * Handles one job inside a transaction that also marks the row done: what
 * the handler writes through `tx` commits exactly once with it. Throwing
 * rolls everything back and schedules a retry.
 */
export type OutboxHandler = (job: OutboxJob, tx: Queryable) => Promise<AfterCommit | void>;

/** Thrown by a handler when retrying cannot help: the row becomes 'failed' at once. */
export class PermanentFailure extends Error {
  override name = 'PermanentFailure';
}

/** Thrown inside the job transaction when another worker took the row over. */
class LeaseLost extends Error {
  override name = 'LeaseLost';
}

export interface OutboxWorkerOptions {
  db: Db;
  handlers: Partial<Record<OutboxKind, OutboxHandler>>;
  logger: Logger;
  repository?: OutboxRepository;
  /** How often an idle worker looks for due rows (default 200 ms). */
  pollMs?: number;
  /** Rows claimed (and run concurrently) at once (default 5: the pool has 10). */
  batchSize?: number;
  /** Attempts before a row is marked 'failed' (default 8). */
  maxAttempts?: number;
  /** First retry delay; doubles each attempt (default 1 s), capped at `retryMaxMs` (10 min). */
  retryBaseMs?: number;
  retryMaxMs?: number;
  /** How long a claim stays exclusive before another worker may retry it (default 5 min). */
  leaseMs?: number;
}

export interface OutboxWorker {
  /** Starts polling (every node may run one: claims never overlap). */
  start(): void;
  /** Stops polling and waits for the jobs in flight. */
  stop(): Promise<void>;
  /** Polls now instead of at the next tick (e.g. right after a commit). */
  wake(): void;
  /** Claims and runs one batch; resolves to how many jobs it ran. */
  runOnce(): Promise<number>;
  /**
   * Runs until no pending row of a handled kind is left, waiting out retry
   * delays and other workers' claims (for tests and scripts). Throws if rows
   * remain after `timeoutMs`.
   */
  drain(timeoutMs?: number): Promise<number>;
}

/** Keeps errors short and free of payloads: the row's last_error is for operators. */
export function describeError(err: unknown): string {
  const text = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
  return text.slice(0, 300);
}

/**
 * The outbox worker. Rows are claimed with FOR UPDATE SKIP LOCKED and a
 * lease, so any number of nodes can run one; each job runs in its own
 * transaction that marks the row done, so a crash before that commit leaves
 * the row pending (nothing lost) and a done row is never claimed again.
 * Wake-up is by polling (default every 200 ms: one indexed query per tick
 * per node) rather than LISTEN/NOTIFY, which would hold one more connection
 * per node; `wake()` shortens the wait in-process.
 */
export function createOutboxWorker(options: OutboxWorkerOptions): OutboxWorker {
  const { db, handlers, logger } = options;
  const repo = options.repository ?? createOutboxRepository(db);
  const pollMs = options.pollMs ?? 200;
  const batchSize = options.batchSize ?? 5;
  const maxAttempts = options.maxAttempts ?? 8;
  const retryBaseMs = options.retryBaseMs ?? 1000;
  const retryMaxMs = options.retryMaxMs ?? 10 * 60_000;
  const leaseMs = options.leaseMs ?? 5 * 60_000;
  const kinds = Object.keys(handlers) as OutboxKind[];

  let running = false;
  let timer: NodeJS.Timeout | undefined;
  // Batches run one after another in this process (loop, drain and runOnce share it).
  let chain: Promise<unknown> = Promise.resolve();

  const backoffMs = (attempts: number): number => {
    const base = Math.min(retryMaxMs, retryBaseMs * 2 ** Math.max(0, attempts - 1));
    return Math.round(base * (0.8 + Math.random() * 0.4)); // jitter: retries do not march together
  };

  async function runJob(job: OutboxJob): Promise<void> {
    const handler = handlers[job.kind];
    try {
      if (!handler) throw new PermanentFailure(`no handler for ${job.kind}`);
      const afterCommit = await db.withTransaction(async (tx) => {
        const after = await handler(job, tx);
        if (!(await repo.markDone(tx, job))) throw new LeaseLost(`outbox row ${job.id}`);
        return after;
      });
      if (afterCommit) {
        await Promise.resolve(afterCommit()).catch((err: unknown) =>
          logger.warn({ err, outboxId: job.id, kind: job.kind }, 'outbox after-commit failed'),
        );
      }
      logger.debug({ outboxId: job.id, kind: job.kind, attempts: job.attempts }, 'outbox job done');
    } catch (err) {
      if (err instanceof LeaseLost) {
        logger.warn({ outboxId: job.id, kind: job.kind }, 'outbox lease lost; left to its owner');
        return;
      }
      const giveUp = err instanceof PermanentFailure || job.attempts >= maxAttempts;
      const delayMs = backoffMs(job.attempts);
      const error = describeError(err);
      logger.warn(
        { outboxId: job.id, kind: job.kind, attempts: job.attempts, giveUp, delayMs, error },
        'outbox job failed',
      );
      await repo.reschedule(job, { giveUp, delayMs, error });
    }
  }

  function runOnce(): Promise<number> {
    const batch = chain.then(async () => {
      if (kinds.length === 0) return 0;
      const jobs = await repo.claim(kinds, batchSize, leaseMs);
      // Each job runs under the request id that queued it: its log lines
      // (and those of its handler) name the send or request that caused it.
      await Promise.all(
        jobs.map((job) => runWithRequestId(job.requestId ?? newRequestId(), () => runJob(job))),
      );
      return jobs.length;
    });
    chain = batch.catch(() => undefined);
    return batch;
  }

  function schedule(ms: number): void {
    if (!running) return;
    clearTimeout(timer);
    timer = setTimeout(() => void tick(), ms);
  }

  async function tick(): Promise<void> {
    timer = undefined;
    try {
      const ran = await runOnce();
      // A full batch suggests more is waiting: go again at once.
      schedule(ran === batchSize ? 0 : pollMs);
    } catch (err) {
      logger.warn({ err }, 'outbox poll failed');
      schedule(Math.max(pollMs, 1000));
    }
  }

  return {
    start() {
      if (running) return;
      running = true;
      schedule(0);
    },
    async stop() {
      running = false;
      clearTimeout(timer);
      timer = undefined;
      await chain;
    },
    wake() {
      if (running && timer) schedule(0);
    },
    runOnce,
    async drain(timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs;
      let total = 0;
      for (;;) {
        const ran = await runOnce();
        total += ran;
        const waitMs = kinds.length === 0 ? undefined : await repo.msUntilNextDue(kinds);
        if (waitMs === undefined) return total;
        if (Date.now() > deadline) {
          throw new Error(`outbox still has pending rows after ${timeoutMs} ms`);
        }
        // Rows not yet due wait out a retry delay, or another worker's lease
        // (it will mark them done): look again shortly.
        const pause = ran === 0 ? Math.max(10, Math.min(waitMs, 50)) : Math.min(waitMs, 50);
        if (pause > 0) await new Promise((resolve) => setTimeout(resolve, pause));
      }
    },
  };
}
