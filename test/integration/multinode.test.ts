import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomBytes, randomUUID } from 'node:crypto';
import net from 'node:net';
import { createRoom, sql } from '../support/rooms.js';
import { killServerProcesses, startNode, type ServerProcess } from '../support/serverProcess.js';
import { collect, connectSocket, emitAck, until, type ClientSocket } from '../support/sockets.js';
import { startTestServer, type TestServer } from '../support/testServer.js';
import { signUp, type SignedInUser } from '../support/users.js';

/** Whether something answers on a TCP port (the machine's Redis, if any). */
async function answers(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

const variants: { adapter: string; env: Record<string, string> }[] = [
  { adapter: 'postgres', env: { CLUSTER_ADAPTER: 'postgres' } },
];

// Redis streams run when REDIS_URL names a Redis that answers. Not on the
// machine's own Redis by default: in one CI run (2026-12-02) this variant's
// first node never finished starting within 90 s (a hang not reproduced alone
// since — open, see the issue 15 note), and a hung start keeps jest from exiting.
const redisUrl = process.env.REDIS_URL;
if (redisUrl && (await answers(Number(new URL(redisUrl).port || 6379))))
  variants.push({
    adapter: 'redis-streams',
    env: { REDIS_URL: redisUrl, CLUSTER_ADAPTER: 'redis' },
  });

describe.each(variants)('two nodes on one database ($adapter adapter)', ({ env }) => {
  let node1: TestServer;
  let node2: ServerProcess;
  let ann: SignedInUser;
  let bob: SignedInUser;
  let roomId: string;
  const sockets: ClientSocket[] = [];

  beforeAll(async () => {
    // One session secret and one encryption key for the cluster, as a real
    // deployment has: a cookie works on either node, and the VAPID key sealed
    // in server_keys opens on both.
    const shared = {
      ...env,
      SESSION_SECRET: randomUUID() + randomUUID(),
      ENCRYPTION_KEY: randomBytes(32).toString('hex'),
    };
    node1 = await startTestServer(shared);
    node2 = await startNode(node1.database.url, shared);
    ann = await signUp(node1.url, { displayName: 'Ann' });
    bob = await signUp(node2.url, { displayName: 'Bob' });
    roomId = await createRoom(node1.database.url, [ann.user.id, bob.user.id]);
    // Two servers, one a fresh process compiling TypeScript: a loaded machine needs more than 30 s.
  }, 90_000);

  afterAll(async () => {
    for (const s of sockets) s.close();
    // Let the disconnects' cluster-wide presence checks finish while both
    // nodes still answer; a node that left mid-request times out after 5 s.
    await new Promise((r) => setTimeout(r, 500));
    try {
      await node2?.stop();
    } finally {
      // Whatever happened above, no node process outlives the file.
      await killServerProcesses();
      await node1?.stop();
    }
  }, 60_000);

  it('delivers, relays receipts and presence both ways between A on node 1 and B on node 2', async () => {
    const bobSocket = await connectSocket(node2.url, bob.cookie);
    sockets.push(bobSocket);
    const presenceAtBob = collect(bobSocket, 'presence');
    const annSocket = await connectSocket(node1.url, ann.cookie);
    sockets.push(annSocket);
    await until(
      () => presenceAtBob.some((p) => p.userId === ann.user.id && p.online),
      10_000,
      'presence of Ann at Bob',
    );

    const atBob = collect(bobSocket, 'message:new');
    const atAnn = collect(annSocket, 'message:new');
    const receiptsAtAnn = collect(annSocket, 'message:read');
    const receiptsAtBob = collect(bobSocket, 'message:read');

    const fromAnn = await emitAck(annSocket, 'message:send', {
      roomId,
      clientId: randomUUID(),
      text: 'From node 1',
    });
    expect(fromAnn).toMatchObject({ ok: true, status: 'sent' });
    await until(() => atBob.some((m) => m.text === 'From node 1'), 10_000, 'delivery 1→2');

    const fromBob = await emitAck(bobSocket, 'message:send', {
      roomId,
      clientId: randomUUID(),
      text: 'From node 2',
    });
    expect(fromBob).toMatchObject({ ok: true, status: 'sent' });
    await until(() => atAnn.some((m) => m.text === 'From node 2'), 10_000, 'delivery 2→1');

    const bobSeq = atAnn.find((m) => m.text === 'From node 2')!.seq;
    await emitAck(annSocket, 'message:read', { roomId, seq: bobSeq });
    await until(
      () => receiptsAtBob.some((r) => r.userId === ann.user.id && r.seq === bobSeq),
      10_000,
      'receipt 1→2',
    );
    const annSeq = atBob.find((m) => m.text === 'From node 1')!.seq;
    await emitAck(bobSocket, 'message:read', { roomId, seq: annSeq });
    await until(() => receiptsAtAnn.some((r) => r.userId === bob.user.id), 10_000, 'receipt 2→1');

    const presenceAtAnn = collect(annSocket, 'presence');
    bobSocket.close();
    await until(
      () => presenceAtAnn.some((p) => p.userId === bob.user.id && !p.online),
      10_000,
      'offline 2→1',
    );
  });

  it('queues the offline-receiver row only when the receiver has no socket on any node', async () => {
    const [dan, eve] = await Promise.all([
      signUp(node2.url, { displayName: 'Dan' }),
      signUp(node1.url, { displayName: 'Eve' }),
    ]);
    const room = await createRoom(node1.database.url, [dan.user.id, eve.user.id]);
    const eveSocket = await connectSocket(node1.url, eve.cookie);
    const danSocket = await connectSocket(node2.url, dan.cookie);
    sockets.push(eveSocket, danSocket);
    // Node 1 learns of Dan's socket on node 2 through the adapter, kept in memory.
    await until(() => node1.services.hub.hasSocket(dan.user.id), 10_000, 'Dan online at node 1');
    const send = async (text: string) => {
      const ack = await emitAck(eveSocket, 'message:send', {
        roomId: room,
        clientId: randomUUID(),
        text,
      });
      expect(ack).toMatchObject({ ok: true, status: 'sent' });
      return (ack as unknown as { message: { id: number } }).message.id;
    };
    await send('You are here');
    danSocket.close();
    await until(() => !node1.services.hub.hasSocket(dan.user.id), 10_000, 'Dan offline at node 1');
    const whileAway = await send('You left');

    const rows = await sql<{ id: number }>(
      node1.database.url,
      `SELECT (payload->>'messageId')::int AS id FROM outbox
        WHERE kind = 'message_delivered' AND payload->>'roomId' = $1`,
      [room],
    );
    expect(rows.map((r) => r.id)).toEqual([whileAway]);
  });

  it('logout on node 1 disconnects that session’s socket on node 2 (through the adapter)', async () => {
    const carol = await signUp(node1.url, { displayName: 'Carol' });
    const onNode2 = await connectSocket(node2.url, carol.cookie);
    sockets.push(onNode2);
    let gone = false;
    onNode2.on('disconnect', () => {
      gone = true;
    });
    expect((await carol.agent.post('/api/auth/logout')).status).toBe(200);
    // Node 2 re-checks sessions only every 30 s: this is the broadcast.
    await until(() => gone, 10_000, 'the socket on node 2 to drop');
  });
});
