import { describe, expect, it } from '@jest/globals';
import type { Db, Queryable } from '../../../server/db/pool.js';
import type {
  OutboxJob,
  OutboxKind,
  OutboxRepository,
} from '../../../server/outbox/outboxRepository.js';
import {
  createOutboxWorker,
  PermanentFailure,
  type OutboxHandler,
  type OutboxWorkerOptions,
} from '../../../server/outbox/outboxWorker.js';
import { createLogger } from '../../../server/shared/logger.js';

type Outcome = { giveUp: boolean; delayMs: number; error: string };

/**
 * An in-memory repository handing out `jobs` once, and a Db whose
 * transactions record what they did: `done …` lines for rows marked done,
 * then `commit` or `rollback`. `lost` rows belong to another worker now.
 */
function harness(jobs: OutboxJob[], options: { lost?: number[] } = {}) {
  const lost = new Set(options.lost ?? []);
  const rescheduled: Array<{ id: number } & Outcome> = [];
  const events: string[] = [];
  let pending = [...jobs];
  let claimedLimit = 0;
  const repository = {
    claim: (_kinds: OutboxKind[], limit: number) => {
      claimedLimit = limit;
      const batch = pending;
      pending = [];
      return Promise.resolve(batch);
    },
    markDone: (_tx: Queryable, job: OutboxJob) => {
      if (lost.has(job.id)) return Promise.resolve(false);
      events.push(`done ${job.id}`);
      return Promise.resolve(true);
    },
    markDoneBatch: (_tx: Queryable, batch: readonly OutboxJob[]) => {
      const mine = batch.filter((j) => !lost.has(j.id));
      events.push(`done ${mine.map((j) => j.id).join(',')}`);
      return Promise.resolve(mine.length);
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
      try {
        const result = await fn({} as Queryable);
        events.push('commit');
        return result;
      } catch (err) {
        events.push('rollback');
        throw err;
      }
    },
  } as unknown as Db;
  return { repository, db, rescheduled, events, claimedLimit: () => claimedLimit };
}

const job = (id: number, attempts = 1, kind: OutboxKind = 'notification'): OutboxJob => ({
  id,
  kind,
  payload: {},
  attempts,
  createdAt: new Date(),
  requestId: null,
});

const logger = createLogger('silent');

function workerWith(
  h: ReturnType<typeof harness>,
  handlers: Partial<Record<OutboxKind, OutboxHandler>>,
  extra: Partial<OutboxWorkerOptions> = {},
) {
  return createOutboxWorker({
    db: h.db,
    repository: h.repository,
    handlers,
    logger,
    retryBaseMs: 1000,
    maxAttempts: 3,
    ...extra,
  });
}

/** A handler that logs its call and, after commit, its emit. */
const recording =
  (h: ReturnType<typeof harness>, failing: number[] = []): OutboxHandler =>
  (j) => {
    h.events.push(`handle ${j.id}`);
    if (failing.includes(j.id)) return Promise.reject(new Error(`job ${j.id} broke`));
    return Promise.resolve(() => void h.events.push(`emit ${j.id}`));
  };

describe('outbox worker', () => {
  it('marks a lone job done in its transaction and runs after-commit work afterwards', async () => {
    const h = harness([job(1)]);
    const worker = workerWith(h, { notification: recording(h) });
    expect(await worker.runOnce()).toBe(1);
    expect(h.events).toEqual(['handle 1', 'done 1', 'commit', 'emit 1']);
    expect(h.rescheduled).toEqual([]);
  });

  it('drains a backlog in batches: one transaction and one done statement per claim', async () => {
    const h = harness([job(1), job(2), job(3)]);
    const worker = workerWith(h, { notification: recording(h) });
    expect(await worker.runOnce()).toBe(3);
    expect(h.claimedLimit()).toBe(100);
    expect(h.events).toEqual([
      'handle 1',
      'handle 2',
      'handle 3',
      'done 1,2,3',
      'commit',
      'emit 1',
      'emit 2',
      'emit 3',
    ]);
  });

  it('fails only the failing job of a batch: the rest commit alone, emits once', async () => {
    const h = harness([job(1), job(2), job(3)]);
    const worker = workerWith(h, { notification: recording(h, [2]) });
    await worker.runOnce();
    expect(h.events).toEqual([
      'handle 1',
      'handle 2',
      'rollback',
      'handle 1',
      'done 1',
      'commit',
      'emit 1',
      'handle 2',
      'rollback',
      'handle 3',
      'done 3',
      'commit',
      'emit 3',
    ]);
    expect(h.rescheduled).toEqual([
      expect.objectContaining({ id: 2, giveUp: false, error: 'Error: job 2 broke' }),
    ]);
  });

  it('rolls a batch back when one lease was lost, and leaves that row to its owner', async () => {
    const h = harness([job(1), job(2)], { lost: [2] });
    const worker = workerWith(h, { notification: recording(h) });
    await worker.runOnce();
    expect(h.events).toEqual([
      'handle 1',
      'handle 2',
      'done 1',
      'rollback',
      'handle 1',
      'done 1',
      'commit',
      'emit 1',
      'handle 2',
      'rollback',
    ]);
    expect(h.rescheduled).toEqual([]);
  });

  it('runs network kinds each in its own transaction, a bounded number at once', async () => {
    const h = harness([1, 2, 3, 4, 5].map((id) => job(id, 1, 'push')));
    let inFlight = 0;
    let most = 0;
    const push: OutboxHandler = async () => {
      inFlight += 1;
      most = Math.max(most, inFlight);
      await new Promise((resolve) => setImmediate(resolve));
      inFlight -= 1;
    };
    const worker = workerWith(h, { push }, { ownTransactionKinds: ['push'], concurrency: 2 });
    expect(await worker.runOnce()).toBe(5);
    expect(most).toBe(2);
    expect(h.events.filter((e) => e === 'commit')).toHaveLength(5);
    expect(h.events.filter((e) => e.startsWith('done')).sort()).toEqual(
      ['done 1', 'done 2', 'done 3', 'done 4', 'done 5'].sort(),
    );
  });

  it('reschedules a failure with exponential backoff and a short error', async () => {
    const h = harness([job(1, 1), job(2, 2)]);
    const worker = workerWith(h, {
      notification: () => Promise.reject(new Error('push service answered 503')),
    });
    await worker.runOnce();
    expect(h.events.filter((e) => e.startsWith('done'))).toEqual([]);
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
    const worker = workerWith(h, {
      notification: (j) =>
        Promise.reject(j.id === 1 ? new Error('503') : new PermanentFailure('bad payload')),
    });
    await worker.runOnce();
    expect(h.rescheduled.map((r) => [r.id, r.giveUp])).toEqual([
      [1, true],
      [2, true],
    ]);
  });

  it('leaves a lone job whose lease was lost to its new owner', async () => {
    const h = harness([job(1)], { lost: [1] });
    const worker = workerWith(h, { notification: recording(h) });
    await worker.runOnce();
    expect(h.events).toEqual(['handle 1', 'rollback']); // no commit, no emit
    expect(h.rescheduled).toEqual([]);
  });
});
