import type { Db } from '../db/pool.js';
import type { Logger } from '../shared/logger.js';
import { createJobRunner, type OutboxHandler } from './jobRunner.js';
import {
  createOutboxRepository,
  type OutboxJob,
  type OutboxKind,
  type OutboxRepository,
} from './outboxRepository.js';

export {
  describeError,
  PermanentFailure,
  type AfterCommit,
  type OutboxHandler,
} from './jobRunner.js';

export interface OutboxWorkerOptions {
  db: Db;
  handlers: Partial<Record<OutboxKind, OutboxHandler>>;
  logger: Logger;
  repository?: OutboxRepository;
  /** How often an idle worker looks for due rows (default 200 ms). */
  pollMs?: number;
  /** Rows claimed at once; those of batched kinds share one transaction (default 100). */
  batchSize?: number;
  /**
   * Kinds whose handler waits on the network (push): each job in its own
   * transaction, at most `concurrency` at once, so one slow endpoint neither
   * holds a long transaction nor delays the rest of the batch.
   */
  ownTransactionKinds?: OutboxKind[];
  /** Jobs of `ownTransactionKinds` run at once (default 5: the pool has 10). */
  concurrency?: number;
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

/**
 * The outbox worker. Rows are claimed with FOR UPDATE SKIP LOCKED and a
 * lease, so any number of nodes can run one. A backlog drains in batches:
 * one claim of up to `batchSize` rows, the database-only jobs among them run
 * in one transaction that marks them all done in one statement
 * (`jobRunner.ts runBatch`), network jobs each in their own. A crash before
 * a commit leaves its rows pending (nothing lost) and a done row is never
 * claimed again. Wake-up is by polling (default every 200 ms: one indexed
 * query per tick per node) rather than LISTEN/NOTIFY, which would hold one
 * more connection per node; `wake()` shortens the wait in-process.
 */
export function createOutboxWorker(options: OutboxWorkerOptions): OutboxWorker {
  const { db, handlers, logger } = options;
  const repo = options.repository ?? createOutboxRepository(db);
  const pollMs = options.pollMs ?? 200;
  const batchSize = options.batchSize ?? 100;
  const concurrency = Math.max(1, options.concurrency ?? 5);
  const ownTransaction = new Set(options.ownTransactionKinds ?? []);
  const leaseMs = options.leaseMs ?? 5 * 60_000;
  const kinds = Object.keys(handlers) as OutboxKind[];
  const runner = createJobRunner({
    db,
    repo,
    handlers,
    logger,
    maxAttempts: options.maxAttempts ?? 8,
    retryBaseMs: options.retryBaseMs ?? 1000,
    retryMaxMs: options.retryMaxMs ?? 10 * 60_000,
  });

  let running = false;
  let timer: NodeJS.Timeout | undefined;
  // Batches run one after another in this process (loop, drain and runOnce share it).
  let chain: Promise<unknown> = Promise.resolve();

  /** Jobs that each need their own transaction, `concurrency` at a time. */
  async function runEachAlone(jobs: OutboxJob[]): Promise<void> {
    let next = 0;
    const lane = async () => {
      while (next < jobs.length) await runner.runAlone(jobs[next++]!);
    };
    await Promise.all(Array.from({ length: Math.min(concurrency, jobs.length) }, lane));
  }

  function runOnce(): Promise<number> {
    const batch = chain.then(async () => {
      if (kinds.length === 0) return 0;
      const jobs = await repo.claim(kinds, batchSize, leaseMs);
      const alone = jobs.filter((job) => ownTransaction.has(job.kind));
      const together = jobs.filter((job) => !ownTransaction.has(job.kind));
      await Promise.all([runner.runBatch(together), runEachAlone(alone)]);
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
