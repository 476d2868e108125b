import type { Db, Queryable } from '../db/pool.js';
import type { Logger } from '../shared/logger.js';
import { newRequestId, runWithRequestId } from '../shared/requestContext.js';
import type { OutboxJob, OutboxKind, OutboxRepository } from './outboxRepository.js';

/** Work to run once the job's transaction has committed (emits, mostly). */
export type AfterCommit = () => void | Promise<void>;

/**
 * Handles one job inside a transaction that also marks the row done: what
 * the handler writes through `tx` commits exactly once with it. Throwing
 * rolls everything back and schedules a retry. A handler of a batched kind
 * may run twice for one attempt (in its batch, rolled back, then alone), so
 * everything it changes must go through `tx`.
 */
export type OutboxHandler = (job: OutboxJob, tx: Queryable) => Promise<AfterCommit | void>;

/** Thrown by a handler when retrying cannot help: the row becomes 'failed' at once. */
export class PermanentFailure extends Error {
  override name = 'PermanentFailure';
}

/** Thrown inside a job's (or batch's) transaction when another worker took a row over. */
class LeaseLost extends Error {
  override name = 'LeaseLost';
}

/** Keeps errors short and free of payloads: the row's last_error is for operators. */
export function describeError(err: unknown): string {
  const text = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
  return text.slice(0, 300);
}

export interface JobRunnerOptions {
  db: Db;
  repo: OutboxRepository;
  handlers: Partial<Record<OutboxKind, OutboxHandler>>;
  logger: Logger;
  maxAttempts: number;
  retryBaseMs: number;
  retryMaxMs: number;
}

/** Runs `fn` under the request id that queued the job, so its log lines name the send. */
const inJobContext = <T>(job: OutboxJob, fn: () => Promise<T>): Promise<T> =>
  runWithRequestId(job.requestId ?? newRequestId(), fn);

/**
 * Runs claimed jobs: one at a time in its own transaction (`runAlone`), or
 * many in one transaction with one statement marking them all done
 * (`runBatch`). Both keep the same guarantees: a row is done only in the
 * transaction that did its work, a lost lease rolls that work back,
 * after-commit work (emits) runs only after COMMIT, and a failure
 * reschedules only the job that failed.
 */
export function createJobRunner(options: JobRunnerOptions) {
  const { db, repo, handlers, logger, maxAttempts, retryBaseMs, retryMaxMs } = options;

  const backoffMs = (attempts: number): number => {
    const base = Math.min(retryMaxMs, retryBaseMs * 2 ** Math.max(0, attempts - 1));
    return Math.round(base * (0.8 + Math.random() * 0.4)); // jitter: retries do not march together
  };

  async function runAfterCommit(job: OutboxJob, afterCommit: AfterCommit | void): Promise<void> {
    if (!afterCommit) return;
    await Promise.resolve(afterCommit()).catch((err: unknown) =>
      logger.warn({ err, outboxId: job.id, kind: job.kind }, 'outbox after-commit failed'),
    );
  }

  async function fail(job: OutboxJob, err: unknown): Promise<void> {
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

  function handlerOf(job: OutboxJob): OutboxHandler {
    const handler = handlers[job.kind];
    if (!handler) throw new PermanentFailure(`no handler for ${job.kind}`);
    return handler;
  }

  /** One job, its own transaction. */
  function runAlone(job: OutboxJob): Promise<void> {
    return inJobContext(job, async () => {
      try {
        const afterCommit = await db.withTransaction(async (tx) => {
          const after = await handlerOf(job)(job, tx);
          if (!(await repo.markDone(tx, job))) throw new LeaseLost(`outbox row ${job.id}`);
          return after;
        });
        await runAfterCommit(job, afterCommit);
        logger.debug(
          { outboxId: job.id, kind: job.kind, attempts: job.attempts },
          'outbox job done',
        );
      } catch (err) {
        await fail(job, err);
      }
    });
  }

  /**
   * Many jobs, one transaction, one commit: each handler in turn on the same
   * connection, then one statement marks them all done. If anything throws
   * (a handler, a constraint, a lost lease), the batch rolls back and each
   * job runs alone, so a failing job fails only itself and keeps its own
   * backoff — the same fallback the message group commit uses.
   */
  async function runBatch(jobs: readonly OutboxJob[]): Promise<void> {
    if (jobs.length === 0) return;
    if (jobs.length === 1) return runAlone(jobs[0]!);
    let afterCommits: Array<AfterCommit | void>;
    try {
      afterCommits = await db.withTransaction(async (tx) => {
        const after: Array<AfterCommit | void> = [];
        for (const job of jobs) after.push(await inJobContext(job, () => handlerOf(job)(job, tx)));
        const marked = await repo.markDoneBatch(tx, jobs);
        if (marked !== jobs.length) throw new LeaseLost(`${jobs.length - marked} outbox rows`);
        return after;
      });
    } catch (err) {
      logger.info(
        { jobs: jobs.length, error: describeError(err) },
        'outbox batch rolled back; running its jobs one by one',
      );
      for (const job of jobs) await runAlone(job);
      return;
    }
    for (const [i, job] of jobs.entries()) {
      await inJobContext(job, () => runAfterCommit(job, afterCommits[i]));
    }
    logger.debug({ jobs: jobs.length }, 'outbox batch done');
  }

  return { runAlone, runBatch };
}
