/**
 * Hole 5 and the rest of 10 that is about limits: the pairing limit counted
 * successful accepts and was keyed by IP only (12 honest couples behind one
 * address: 2 refused); a user with 20 sockets sent 20× the per-socket limit;
 * `session` and `rate_limits` rows were never pruned.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { FAILURES_PER_USER } from '../../server/pairing/attemptLimits.js';
import { createRoom, sql } from '../support/rooms.js';
import { connectSocket, emitAck } from '../support/sockets.js';
import { startTestServer, type TestServer } from '../support/testServer.js';
import { signUp, type SignedInUser } from '../support/users.js';

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer({
    TRUST_PROXY: 'true',
    SOCKET_SENDS_PER_SECOND: '5',
    USER_SENDS_PER_SECOND: '10',
    PRUNE_INTERVAL_SECONDS: '1',
  });
});
afterAll(async () => {
  await server.stop();
});

async function userAt(ip: string): Promise<SignedInUser> {
  const u = await signUp(server.url);
  u.agent.set('X-Forwarded-For', ip);
  return u;
}

const wrongCode = () =>
  `LZ-${String(randomBytes(3).readUIntBE(0, 3) % 1_000_000).padStart(6, '0')}`;

describe('pairing limit', () => {
  it('12 honest couples behind one address all pair', async () => {
    const office = '192.0.2.1';
    const statuses: number[] = [];
    for (let i = 0; i < 12; i++) {
      const [a, b] = [await userAt(office), await userAt(office)];
      const created = await a.agent.post('/api/pairings').send({});
      expect(created.status).toBe(201);
      const res = await b.agent
        .post('/api/pairings/accept')
        .send({ code: (created.body as { pairing: { code: string } }).pairing.code });
      statuses.push(res.status);
    }
    expect(statuses).toEqual(Array(12).fill(200));
  });

  it('successes give their attempt back: a user may fail, pair, and still has the same budget', async () => {
    const ip = '192.0.2.2';
    const guesser = await userAt(ip);
    for (let i = 0; i < FAILURES_PER_USER - 1; i++) {
      const res = await guesser.agent.post('/api/pairings/accept').send({ code: wrongCode() });
      expect(res.status).toBe(404);
    }
    const inviter = await userAt('192.0.2.3');
    const created = await inviter.agent.post('/api/pairings').send({});
    const ok = await guesser.agent
      .post('/api/pairings/accept')
      .send({ code: (created.body as { pairing: { code: string } }).pairing.code });
    expect(ok.status).toBe(200);
    // One failure left, then the budget is spent.
    expect(
      (await guesser.agent.post('/api/pairings/accept').send({ code: wrongCode() })).status,
    ).toBe(404);
    expect(
      (await guesser.agent.post('/api/pairings/accept').send({ code: wrongCode() })).status,
    ).toBe(429);
  });
});

describe('per-user send cap across sockets', () => {
  it('20 sockets of one user cannot send 20× the per-socket limit', async () => {
    const [ann, bob] = [await signUp(server.url), await signUp(server.url)];
    const roomId = await createRoom(server.database.url, [ann.user.id, bob.user.id]);
    const sockets = await Promise.all(
      Array.from({ length: 20 }, () => connectSocket(server.url, ann.cookie)),
    );
    // 5 sends from each socket at once: within every socket's own limit.
    const acks = await Promise.all(
      sockets.flatMap((socket) =>
        Array.from({ length: 5 }, () =>
          emitAck(socket, 'message:send', {
            roomId,
            clientId: randomUUID(),
            text: 'Pickup is at 5pm.',
          }),
        ),
      ),
    );
    for (const s of sockets) s.close();
    const ok = acks.filter((a) => a.ok).length;
    const limited = acks.filter((a) => !a.ok && a.error.code === 'rate_limited').length;
    expect(ok + limited).toBe(100);
    // The user's budget is 10 a second; the burst spans one or two windows.
    expect(ok).toBeGreaterThanOrEqual(10);
    expect(ok).toBeLessThanOrEqual(20);
  });
});

describe('pruning', () => {
  it('expired session and rate-limit rows go; live ones stay', async () => {
    const db = server.database.url;
    await sql(
      db,
      `INSERT INTO session (sid, sess, expire) VALUES
         ('expired-sid', '{"cookie":{}}', now() - interval '1 day'),
         ('live-sid', '{"cookie":{}}', now() + interval '1 day')`,
    );
    await sql(
      db,
      `INSERT INTO rate_limits (key, points, expire) VALUES
         ('test:expired', 3, $1), ('test:live', 3, $2), ('test:forever', 1, NULL)`,
      [Date.now() - 60_000, Date.now() + 3_600_000],
    );
    const left = async () => [
      ...(
        await sql<{ sid: string }>(db, `SELECT sid FROM session WHERE sid LIKE '%-sid' ORDER BY 1`)
      ).map((r) => r.sid),
      ...(
        await sql<{ key: string }>(
          db,
          `SELECT key FROM rate_limits WHERE key LIKE 'test:%' ORDER BY 1`,
        )
      ).map((r) => r.key),
    ];
    let rows: string[];
    // Polls: the server prunes every second.
    const deadline = Date.now() + 10_000;
    do {
      rows = await left();
      if (!rows.includes('expired-sid') && !rows.includes('test:expired')) break;
      await new Promise((r) => setTimeout(r, 100));
    } while (Date.now() < deadline);
    expect(rows).toEqual(['live-sid', 'test:forever', 'test:live']);
  });
});
