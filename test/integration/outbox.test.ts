import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import type { ServiceOptions } from '../../server/container.js';
import { startPushService, type PushServiceDouble } from '../support/doubles/pushService.js';
import { appendDeliveredMessage } from '../support/outbox.js';
import { createRoom, sql } from '../support/rooms.js';
import { createTestDatabase } from '../support/testDb.js';
import { startTestServer, type TestServer } from '../support/testServer.js';
import { signUp } from '../support/users.js';

// Servers on one database are nodes of one deployment: they share ENCRYPTION_KEY
// (the VAPID private key in server_keys is sealed with it).
const SHARED_KEY = { ENCRYPTION_KEY: '0e'.repeat(32) };

let double: PushServiceDouble;
beforeAll(async () => {
  double = await startPushService();
});
afterAll(async () => {
  await double.close();
});

/** Ann and Bob in a room on `server`; Bob has one push subscription. */
async function setUp(server: TestServer) {
  const [ann, bob] = await Promise.all([
    signUp(server.url, { displayName: 'Ann' }),
    signUp(server.url, { displayName: 'Bob' }),
  ]);
  const roomId = await createRoom(server.database.url, [ann.user.id, bob.user.id]);
  const key = await request(server.url).get('/api/push/vapid-public-key');
  const subscription = double.createSubscription({
    applicationServerKey: (key.body as { publicKey: string }).publicKey,
  });
  const res = await bob.agent.post('/api/push/subscriptions').send(subscription);
  expect(res.status).toBe(201);
  return { ann, bob, roomId, doubleId: double.subscriptionIdOf(subscription) };
}

const outboxRows = (server: TestServer) =>
  sql<{ kind: string; status: string; attempts: number }>(
    server.database.url,
    'SELECT kind, status, attempts FROM outbox ORDER BY id',
  );

describe('the outbox across a restart', () => {
  it('sends what a stopped process left behind, exactly once', async () => {
    const database = await createTestDatabase();
    const services = (autoStart: boolean): ServiceOptions => ({
      pushAgent: double.agent,
      outbox: { autoStart, pollMs: 50 },
    });
    const first = await startTestServer(SHARED_KEY, { database, services: services(false) });
    const { ann, bob, roomId, doubleId } = await setUp(first);
    for (const text of ['one', 'two', 'three']) {
      await appendDeliveredMessage(first, roomId, ann.user.id, text);
    }
    // A worker claimed one row and died before running it; its lease has run out.
    expect(await first.services.outbox.claim(['message_delivered'], 1, 0)).toHaveLength(1);
    await first.stop({ keepDatabase: true });
    expect(double.attempts.filter((a) => a.subscriptionId === doubleId)).toEqual([]);

    const second = await startTestServer(SHARED_KEY, { database, services: services(true) });
    await double.waitForReceived(3, 20_000);
    await second.services.outboxWorker.drain(20_000);
    const pushes = double.received.filter((r) => r.subscriptionId === doubleId);
    expect(pushes.map((p) => p.payload)).toEqual([
      expect.objectContaining({ title: 'Ann sent a message', url: `/rooms/${roomId}` }),
      expect.objectContaining({ title: 'Ann sent a message', url: `/rooms/${roomId}` }),
      expect.objectContaining({ title: 'Ann sent a message', url: `/rooms/${roomId}` }),
    ]);
    const rows = await outboxRows(second);
    expect(rows.filter((r) => r.kind === 'message_delivered').map((r) => r.attempts)).toEqual([
      2, 1, 1,
    ]);
    expect(rows.filter((r) => r.kind === 'push')).toHaveLength(3);
    expect(rows.every((r) => r.status === 'done')).toBe(true);
    const notes = await sql(
      second.database.url,
      "SELECT 1 FROM notifications WHERE user_id = $1 AND type = 'message'",
      [bob.user.id],
    );
    expect(notes).toHaveLength(3);
    await second.stop({ keepDatabase: true });

    // A third start finds nothing to do: done rows are never sent again.
    const third = await startTestServer(SHARED_KEY, { database, services: services(false) });
    expect(await third.services.outboxWorker.drain()).toBe(0);
    expect(double.attempts.filter((a) => a.subscriptionId === doubleId)).toHaveLength(3);
    await third.stop();
  }, 60_000);
});

describe('two nodes on one outbox', () => {
  it('share the work and send each push once', async () => {
    const database = await createTestDatabase();
    const options = { pushAgent: double.agent, outbox: { autoStart: false, batchSize: 3 } };
    const a = await startTestServer(SHARED_KEY, { database, services: options });
    const b = await startTestServer(SHARED_KEY, { database, services: options });
    try {
      const { ann, bob, roomId, doubleId } = await setUp(a);
      for (let i = 0; i < 20; i += 1) {
        await appendDeliveredMessage(a, roomId, ann.user.id, `message ${i}`);
      }
      const [ranA, ranB] = await Promise.all([
        a.services.outboxWorker.drain(30_000),
        b.services.outboxWorker.drain(30_000),
      ]);
      // 20 'message_delivered' rows and the 20 'push' rows they queued; more
      // only if an attempt failed and was retried (its work rolled back).
      expect(ranA + ranB).toBeGreaterThanOrEqual(40);
      expect(double.received.filter((r) => r.subscriptionId === doubleId)).toHaveLength(20);
      expect(double.attempts.filter((r) => r.subscriptionId === doubleId)).toHaveLength(20);
      const rows = await outboxRows(a);
      expect(rows).toHaveLength(40);
      expect(rows.every((r) => r.status === 'done')).toBe(true);
      const notes = await sql(a.database.url, 'SELECT 1 FROM notifications WHERE user_id = $1', [
        bob.user.id,
      ]);
      expect(notes).toHaveLength(20);
    } finally {
      await b.stop({ keepDatabase: true });
      await a.stop();
    }
  }, 60_000);
});
