/**
 * The group commit (server/messages/appendBatch.ts): appends queued while a
 * commit is in flight ride the next one, in one transaction for many rooms.
 * Appends are queued synchronously here, so which ones share a batch is
 * known: the first goes alone, the rest ride the next commit together.
 */
import { describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { createBatchAppender, type AppendRequest } from '../../server/messages/appendBatch.js';
import { createBatchRepository } from '../../server/messages/batchRepository.js';
import { createDb } from '../../server/db/pool.js';
import { createLogger } from '../../server/shared/logger.js';
import { sql } from '../support/rooms.js';
import { useCoupleServer, send, sent, type Couple } from '../support/couple.js';
import { emitAck } from '../support/sockets.js';

const env = useCoupleServer();

const request = (
  c: Couple,
  from: 'ann' | 'bob',
  text: string,
  clientId = randomUUID(),
): AppendRequest => ({
  roomId: c.roomId,
  senderId: c[from].user.id,
  clientId,
  text,
  type: 'user',
  correctsId: null,
  topic: 'schedule',
  notify: false,
});

/** The room's seqs in order, and whether its chain verifies. */
async function chainOf(c: Couple): Promise<{ seqs: number[]; ok: boolean; count: number }> {
  const rows = await sql<{ seq: number }>(
    env.server.database.url,
    'SELECT seq FROM messages WHERE room_id = $1 ORDER BY seq',
    [c.roomId],
  );
  const verdict = await env.server.services.messages.verify(c.ann.user.id, c.roomId);
  return { seqs: rows.map((r) => Number(r.seq)), ok: verdict.ok, count: verdict.count };
}

const oneTo = (n: number) => Array.from({ length: n }, (_, i) => i + 1);

describe('group commit', () => {
  it('appends many rooms and both parents in one batch: seqs gap-free, chains valid, threads counted', async () => {
    const couples = await Promise.all([env.couple(), env.couple(), env.couple(), env.couple()]);
    const { appender } = env.server.services.messaging;
    const before = appender.stats.batches;
    const outcomes = await Promise.all(
      couples.flatMap((c) =>
        oneTo(6).map((i) =>
          appender.append(request(c, i % 2 ? 'ann' : 'bob', `Pickup ${i} at 5pm`)),
        ),
      ),
    );
    expect(outcomes.every((o) => o.status === 'created')).toBe(true);
    // 24 appends queued at once: the first alone, the other 23 in one commit.
    expect(appender.stats.batches - before).toBe(2);
    expect(appender.stats.largestBatch).toBeGreaterThanOrEqual(23);
    for (const c of couples) {
      expect(await chainOf(c)).toEqual({ seqs: oneTo(6), ok: true, count: 6 });
      const threads = await sql<{ message_count: number }>(
        env.server.database.url,
        'SELECT message_count FROM threads WHERE room_id = $1',
        [c.roomId],
      );
      // One schedule thread per room, opened by the batch, counting all six.
      expect(threads).toEqual([{ message_count: 6 }]);
    }
  });

  it('stores a clientId sent twice inside one batch and again in a later batch as one row', async () => {
    const c = await env.couple();
    const { appender } = env.server.services.messaging;
    const clientId = randomUUID();
    const [first, a, b] = await Promise.all([
      appender.append(request(c, 'ann', 'Opening the batch')),
      appender.append(request(c, 'ann', 'Twice in one batch', clientId)),
      appender.append(request(c, 'ann', 'Twice in one batch', clientId)),
    ]);
    expect(first.status).toBe('created');
    expect(a.status).toBe('created');
    const stored = a.status === 'created' ? a.row.id : -1;
    expect(b).toEqual({ status: 'existing', messageId: stored });
    expect(await appender.append(request(c, 'ann', 'Twice in one batch', clientId))).toEqual({
      status: 'existing',
      messageId: stored,
    });

    // Over the socket, the same clientId at once: both acks carry the one message.
    const again = randomUUID();
    const acks = await Promise.all(
      [1, 2, 3].map(() =>
        emitAck(c.annSocket, 'message:send', { roomId: c.roomId, clientId: again, text: 'Retry' }),
      ),
    );
    const ids = acks.map((ack) => sent(ack).id);
    expect(new Set(ids).size).toBe(1);
    const rows = await sql(
      env.server.database.url,
      'SELECT 1 FROM messages WHERE client_id = ANY($1)',
      [[clientId, again]],
    );
    expect(rows).toHaveLength(2);
    expect(await chainOf(c)).toEqual({ seqs: oneTo(3), ok: true, count: 3 });
  });

  it('continues a head another node moved, and reads that node’s message into the room’s context', async () => {
    const c = await env.couple();
    sent(await send(c.annSocket, c.roomId, 'From this node, first'));
    // A second node: its own pool and group committer on the same database.
    const otherDb = createDb(env.server.database.url, createLogger('silent'), 2);
    try {
      const other = createBatchAppender({
        db: otherDb,
        batches: createBatchRepository(),
        logger: createLogger('silent'),
      });
      const moved = await other.append(request(c, 'bob', 'From the other node'));
      expect(moved.status).toBe('created');
    } finally {
      await otherDb.close();
    }
    const next = sent(await send(c.annSocket, c.roomId, 'From this node, after'));
    expect(next.seq).toBe(3);
    expect(await chainOf(c)).toEqual({ seqs: oneTo(3), ok: true, count: 3 });
    // This node's cached head was behind: the room's context is read again.
    const state = await env.server.services.messaging.states.get(c.roomId);
    expect(state!.recent.map((m) => m.text)).toEqual([
      'From this node, first',
      'From the other node',
      'From this node, after',
    ]);
  });

  it('does not store a send whose deadline passed before its batch began', async () => {
    const c = await env.couple();
    const { appender } = env.server.services.messaging;
    const late = { ...request(c, 'ann', 'Too late'), deadline: Date.now() - 1 };
    expect(await appender.append(late)).toEqual({ status: 'expired' });
    expect(await chainOf(c)).toEqual({ seqs: [], ok: true, count: 0 });
    // The client's retry with the same clientId is then stored once.
    const retry = await appender.append({ ...late, deadline: undefined });
    expect(retry.status).toBe('created');
    expect(await chainOf(c)).toEqual({ seqs: [1], ok: true, count: 1 });
  });

  it('fails only the item that breaks a constraint, with a clear error, and commits the rest', async () => {
    const [c, d] = await Promise.all([env.couple(), env.couple()]);
    const { appender } = env.server.services.messaging;
    const isolatedBefore = appender.stats.isolated;
    const results = await Promise.allSettled([
      appender.append(request(c, 'ann', 'Opening the batch')),
      appender.append(request(c, 'bob', 'Fine, in the batch')),
      // Longer than the messages.text CHECK allows.
      appender.append(request(c, 'ann', 'x'.repeat(10_001))),
      appender.append(request(d, 'bob', 'Fine, another room')),
      // Ann of the first couple is no member of the second's room: refused alone.
      appender.append({ ...request(d, 'ann', 'Wrong room'), senderId: c.ann.user.id }),
    ]);
    expect(results.map((r) => r.status)).toEqual([
      'fulfilled',
      'fulfilled',
      'rejected',
      'fulfilled',
      'rejected',
    ]);
    expect((results[4] as PromiseRejectedResult).reason).toMatchObject({ code: 'not_found' });
    const failure = (results[2] as PromiseRejectedResult).reason as {
      code: string;
      message: string;
    };
    expect(failure.code).toBe('validation_failed');
    expect(failure.message).toBe('A value was not accepted');
    expect(appender.stats.isolated - isolatedBefore).toBeGreaterThan(0);
    expect(await chainOf(c)).toEqual({ seqs: oneTo(2), ok: true, count: 2 });
    expect(await chainOf(d)).toEqual({ seqs: oneTo(1), ok: true, count: 1 });
  });
});
