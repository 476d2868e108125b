/**
 * Issue 11, faults with real processes: a reconnect storm. A server runs as
 * its own OS process; 500 authenticated sockets (50 users × 10 tabs) connect
 * and drop ten times over, as a phone fleet does when a network flaps. The
 * server keeps answering (every socket of every round connects, a send acks
 * afterwards) and its memory growth stays bounded once V8's heap has grown
 * to the load: per-socket state (presence, session re-check timers, rate-limit
 * buckets, room joins) leaves with the socket. The RSS figures are printed.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createRoom } from '../support/rooms.js';
import { killServerProcesses, startNode, type ServerProcess } from '../support/serverProcess.js';
import { connectSocket, emitAck, type ClientSocket } from '../support/sockets.js';
import { startTestServer, type TestServer } from '../support/testServer.js';
import { signUp, type SignedInUser } from '../support/users.js';

const USERS = 50;
const TABS = 10;
const ROUNDS = 10;
// V8 keeps the heap it grew to (no GC is forced in the server), so RSS after the storm sits
// 50–90 MB above where it began in runs here (213→264, 215→297, 210→300) and where in the
// second half it peaks varies. The bound catches a leak of ~25 kB per socket (5,000 sockets),
// not a small one; the printed figures are the measurement.
const STORM_GROWTH_BOUND_MB = 128;

let db: TestServer;
let node: ServerProcess;
const users: SignedInUser[] = [];
let firstRoom: string;

function rssMb(pid: number): number {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8')
    .split('\n')
    .find((l) => l.startsWith('VmRSS:'))!;
  return Number(line.split(/\s+/)[1]) / 1024;
}

const settle = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Connects every user's tabs, in waves of 100 handshakes; returns the sockets. */
async function connectAll(url: string): Promise<ClientSocket[]> {
  const wanted = users.flatMap((u) => Array.from({ length: TABS }, () => u));
  const sockets: ClientSocket[] = [];
  for (let i = 0; i < wanted.length; i += 100) {
    sockets.push(
      ...(await Promise.all(wanted.slice(i, i + 100).map((u) => connectSocket(url, u.cookie)))),
    );
  }
  return sockets;
}

beforeAll(async () => {
  // The in-process server only provides the database, users and sessions.
  const shared = {
    SESSION_SECRET: randomUUID() + randomUUID(),
    ENCRYPTION_KEY: randomBytes(32).toString('hex'),
  };
  db = await startTestServer(shared);
  for (let i = 0; i < USERS; i++) users.push(await signUp(db.url, { displayName: `Storm ${i}` }));
  for (let i = USERS - 2; i >= 0; i -= 2)
    firstRoom = await createRoom(db.database.url, [users[i]!.user.id, users[i + 1]!.user.id]);
  node = await startNode(db.database.url, shared);
}, 120_000);

afterAll(async () => {
  await killServerProcesses();
  await db?.stop();
}, 60_000);

describe('a reconnect storm', () => {
  it('500 sockets × 10 reconnects: all served, memory growth bounded', async () => {
    const pid = node.child.pid!;
    const before = rssMb(pid);
    const afterRound: number[] = [];
    let connected = 0;
    for (let round = 0; round < ROUNDS; round++) {
      const sockets = await connectAll(node.url);
      connected += sockets.filter((s) => s.connected).length;
      for (const s of sockets) s.close();
      await settle(1_500);
      afterRound.push(rssMb(pid));
    }
    await settle(3_000);
    const end = rssMb(pid);

    // Still serving: a send after the storm is acknowledged and stored.
    const socket = await connectSocket(node.url, users[0]!.cookie);
    const ack = await emitAck(socket, 'message:send', {
      roomId: firstRoom,
      text: 'Still here after the storm',
      clientId: randomUUID(),
    });
    socket.close();

    // The figures the issue asks for, one line, easy to find in CI logs.
    const figures = {
      fault: 'reconnect storm',
      sockets: USERS * TABS,
      rounds: ROUNDS,
      connected,
      rssMbBeforeStorm: Math.round(before),
      rssMbAfterEachRound: afterRound.map(Math.round),
      rssMbSettled: Math.round(end),
    };
    process.stdout.write(`FAULT-FIGURES ${JSON.stringify(figures)}\n`);

    expect(connected).toBe(USERS * TABS * ROUNDS);
    expect(ack).toMatchObject({ ok: true, status: 'sent' });
    expect(end - before).toBeLessThan(STORM_GROWTH_BOUND_MB);
  }, 240_000);
});
