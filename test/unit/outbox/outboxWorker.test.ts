import { describe, expect, it } from '@jest/globals';
import type { Db, Queryable } from '../../../server/db/pool.js';
import type { OutboxJob, OutboxRepository } from '../../../server/outbox/outboxRepository.js';
import {
  createOutboxWorker,
  PermanentFailure,
  type OutboxHandler,
} from '../../../server/outbox/outboxWorker.js';
import { createLogger } from '../../../server/shared/logger.js';

type Outcome = { giveUp: boolean; delayMs: number; error: string };

/** An in-memory repository handing out `jobs` once, and a Db whose transactions record commits. */
function harness(jobs: OutboxJob[], options: { leaseLost?: boolean } = {}) {
  const done: number[] = [];
  const rescheduled: Array<{ id: number } & Outcome> = [];
  const events: string[] = [];
  let pending = [...jobs];
  const repository = {
    claim: () => {
      const batch = pending;
      pending = [];
      return Promise.resolve(batch);
    },
    markDone: (_tx: Queryable, job: OutboxJob) => {
      if (options.leaseLost) return Promise.resolve(false);
      done.push(job.id);
      events.push(`done ${job.id}`);
      return Promise.resolve(true);
    },
    reschedule: (job: OutboxJob, outcome: Outcome) => {
      rescheduled.push({ id: job.id, ...outcome });
      return Promise.resolve();
    },
    msUntilNextDue: () => Promise.resolve(undefined),
    enqueue: () => Promise.resolve(0),
    backlog: () => Promise.resolve({ pending: pending.length, lagSeconds: 0 }),
  } satisfies OutboxRepository;
  const db = {
    async withTransaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T> {
      const result = await fn({} as Queryable);
      events.push('commit');
      return result;
    },
  } as unknown as Db;
  return { repository, db, done, rescheduled, events };
}

const job = (id: number, attempts = 1): OutboxJob => ({
  id,
  kind: 'push',
  payload: {},
  attempts,
  createdAt: new Date(),
  requestId: null,
});

const logger = createLogger('silent');

function workerWith(h: ReturnType<typeof harness>, push: OutboxHandler) {
  return createOutboxWorker({
    db: h.db,
    repository: h.repository,
    handlers: { push },
    logger,
    retryBaseMs: 1000,
    maxAttempts: 3,
  });
}

describe('outbox worker', () => {
  it('marks a job done in its transaction and runs after-commit work afterwards', async () => {
    const h = harness([job(1)]);
    const worker = workerWith(h, () => Promise.resolve(() => void h.events.push('emit')));
    expect(await worker.runOnce()).toBe(1);
    expect(h.events).toEqual(['done 1', 'commit', 'emit']);
    expect(h.rescheduled).toEqual([]);
  });

  it('reschedules a failure with exponential backoff and a short error', async () => {
    const h = harness([job(1, 1), job(2, 2)]);
    const worker = workerWith(h, () => Promise.reject(new Error('push service answered 503')));
    await worker.runOnce();
    expect(h.done).toEqual([]);
    const [first, second] = h.rescheduled;
    expect(first).toMatchObject({
      id: 1,
      giveUp: false,
      error: 'Error: push service answered 503',
    });
    expect(first!.delayMs).toBeGreaterThanOrEqual(800);
    expect(first!.delayMs).toBeLessThanOrEqual(1200);
    expect(second!.delayMs).toBeGreaterThanOrEqual(1600);
    expect(second!.delayMs).toBeLessThanOrEqual(2400);
  });

  it('gives up after the last attempt, or at once on a permanent failure', async () => {
    const h = harness([job(1, 3), job(2, 1)]);
    const worker = workerWith(h, (j) =>
      Promise.reject(j.id === 1 ? new Error('503') : new PermanentFailure('bad payload')),
    );
    await worker.runOnce();
    expect(h.rescheduled.map((r) => [r.id, r.giveUp])).toEqual([
      [1, true],
      [2, true],
    ]);
  });

  it('leaves a job whose lease was lost to its new owner', async () => {
    const h = harness([job(1)], { leaseLost: true });
    let emitted = false;
    const worker = workerWith(h, () => Promise.resolve(() => void (emitted = true)));
    await worker.runOnce();
    expect(h.events).toEqual([]); // rolled back: no commit
    expect(h.rescheduled).toEqual([]);
    expect(emitted).toBe(false);
  });
});
