/**
 * Issue 11, faults with real processes: PostgreSQL stopped (fast shutdown)
 * and started again while a client keeps sending. Sends during the outage
 * answer `unavailable` (a clear, retryable error, never a hang or a 500);
 * the server recovers without a restart; the client retries every send
 * without an ok ack with its own clientId; nothing acked is lost or doubled.
 * Runs on a cluster of its own, never the shared one.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { report, Sender, storedIn } from '../support/faults.js';
import { startPrivatePostgres, type PrivatePostgres } from '../support/privatePostgres.js';
import { createRoom } from '../support/rooms.js';
import { connectSocket, until, type ClientSocket } from '../support/sockets.js';
import { startTestServer, type TestServer } from '../support/testServer.js';
import { signUp } from '../support/users.js';

let pg: PrivatePostgres;
let server: TestServer;
let socket: ClientSocket;
let roomId: string;

beforeAll(async () => {
  pg = await startPrivatePostgres();
  server = await startTestServer(
    {
      SOCKET_SENDS_PER_SECOND: '1000',
      USER_SENDS_PER_SECOND: '1000',
      DB_CONNECT_TIMEOUT_MS: '1000',
    },
    { database: pg.database },
  );
  const ann = await signUp(server.url, { displayName: 'Ann' });
  const bob = await signUp(server.url, { displayName: 'Bob' });
  roomId = await createRoom(pg.database.url, [ann.user.id, bob.user.id]);
  socket = await connectSocket(server.url, ann.cookie);
}, 60_000);

afterAll(async () => {
  socket?.close();
  await pg?.start().catch(() => undefined);
  await server?.stop();
  await pg?.destroy();
}, 60_000);

describe('PostgreSQL stopped and restarted under load', () => {
  it('sends fail fast with unavailable, the server recovers by itself, nothing acked lost', async () => {
    const sender = new Sender(socket, roomId, 'ann');
    sender.start(3, 10);
    await until(() => sender.acked().length >= 20, 30_000, '20 acks before the stop');

    await pg.stop();
    const ackedBeforeStart = () => sender.acked().length;
    const unavailable = () => sender.records.filter((r) => r.code === 'unavailable');
    await until(() => unavailable().length >= 10, 30_000, '10 sends refused while down');
    const refusedWhileDown = unavailable().length;
    const slowestRefusalMs = Math.round(Math.max(...unavailable().map((r) => r.ms ?? 0)));

    const before = ackedBeforeStart();
    await pg.start();
    // Recovery without a restart: the same server acks again.
    await until(() => sender.acked().length >= before + 20, 60_000, '20 acks after the restart');
    await sender.stop();
    const retried = await sender.retryUnacked();

    const { rows } = await storedIn(pg.database.url, roomId);
    const acked = sender.acked();
    const texts = new Map<string, number>();
    for (const row of rows) texts.set(row.text, (texts.get(row.text) ?? 0) + 1);
    const duplicated = [...texts.values()].filter((n) => n > 1).length;
    report({
      fault: 'PostgreSQL stopped and restarted',
      sent: sender.records.length,
      acked: acked.length,
      stored: rows.length,
      duplicated,
      refusedUnavailableWhileDown: refusedWhileDown,
      slowestRefusalMs,
      retriedAfterRecovery: retried,
      heldByMediator: sender.records.filter((r) => r.outcome === 'held').length,
    });

    // Every refusal is the clear, retryable one; nothing else (no 500, no hang).
    const otherRefusals = sender.records.filter(
      (r) => r.outcome === 'refused' || r.outcome === 'lost',
    );
    expect(otherRefusals).toEqual([]);
    expect(acked.length).toBe(sender.records.filter((r) => r.outcome !== 'held').length);
    const stored = new Set(rows.map((r) => r.client_id));
    for (const record of acked) expect(stored.has(record.clientId)).toBe(true);
    expect(duplicated).toBe(0);
    expect(rows.length).toBe(acked.length);
  }, 90_000);
});
