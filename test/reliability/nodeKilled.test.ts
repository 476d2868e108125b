/**
 * Issue 11, faults with real processes: a node killed with SIGKILL while
 * clients send through it. Node 1 runs in the test, node 2 is its own OS
 * process on the same database (postgres adapter). Ann sends through node 2
 * and Bob through node 1, several sends in flight each; node 2 is killed
 * mid-stream. Ann reconnects to node 1 and retries every send without an ack
 * with its own clientId; both readers catch up by sync. Every acked message
 * is stored exactly once, every stored one reaches each reader once, none twice.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Reader, report, Sender, storedIn } from '../support/faults.js';
import { createRoom } from '../support/rooms.js';
import { killServerProcesses, startNode, type ServerProcess } from '../support/serverProcess.js';
import { connectSocket, until, type ClientSocket } from '../support/sockets.js';
import { startTestServer, type TestServer } from '../support/testServer.js';
import { signUp, type SignedInUser } from '../support/users.js';

const limits = {
  CLUSTER_ADAPTER: 'postgres',
  SOCKET_SENDS_PER_SECOND: '1000',
  USER_SENDS_PER_SECOND: '1000',
  SEND_MAX_LAG_MS: '60000',
  SEND_DEADLINE_MS: '60000',
};

let node1: TestServer;
let node2: ServerProcess;
let ann: SignedInUser;
let bob: SignedInUser;
let roomId: string;
const sockets: ClientSocket[] = [];

beforeAll(async () => {
  const shared = {
    ...limits,
    SESSION_SECRET: randomUUID() + randomUUID(),
    ENCRYPTION_KEY: randomBytes(32).toString('hex'),
  };
  node1 = await startTestServer(shared);
  node2 = await startNode(node1.database.url, shared);
  ann = await signUp(node1.url, { displayName: 'Ann' });
  bob = await signUp(node1.url, { displayName: 'Bob' });
  roomId = await createRoom(node1.database.url, [ann.user.id, bob.user.id]);
}, 90_000);

afterAll(async () => {
  for (const s of sockets) s.close();
  await killServerProcesses();
  await node1?.stop();
}, 60_000);

const connect = async (url: string, user: SignedInUser) => {
  const socket = await connectSocket(url, user.cookie);
  sockets.push(socket);
  return socket;
};

describe('a node killed with SIGKILL mid-stream', () => {
  it('loses and doubles nothing acked; every reader gets each message once after sync', async () => {
    const annOn2 = await connect(node2.url, ann);
    const annReader = new Reader(await connect(node2.url, ann), roomId);
    const bobReaderSocket = await connect(node1.url, bob);
    const bobReader = new Reader(bobReaderSocket, roomId);
    const annSender = new Sender(annOn2, roomId, 'ann');
    const bobSender = new Sender(await connect(node1.url, bob), roomId, 'bob');

    annSender.start(4);
    bobSender.start(2, 20);
    await until(() => annSender.acked().length >= 40, 60_000, '40 acks through node 2');
    await node2.kill();
    const inFlightAtKill = annSender.records.filter((r) => r.outcome !== 'acked').length;
    await annSender.stop();

    // Ann's client reconnects (to the surviving node) and retries what was not acked.
    const annOn1 = await connect(node1.url, ann);
    annSender.useSocket(annOn1);
    const retried = await annSender.retryUnacked();
    annSender.start(2, 20);
    await until(() => annSender.acked().length >= 60, 30_000, '20 more acks through node 1');
    await Promise.all([annSender.stop(), bobSender.stop()]);

    const annReaderOn1 = await connect(node1.url, ann);
    annReader.listen(annReaderOn1);
    await annReader.catchUp(annReaderOn1);
    await bobReader.catchUp(bobReaderSocket);

    const { rows } = await storedIn(node1.database.url, roomId);
    const all = [...annSender.records, ...bobSender.records];
    const acked = all.filter((r) => r.outcome === 'acked');
    const storedByClientId = new Map<string, number>();
    for (const row of rows)
      storedByClientId.set(row.client_id, (storedByClientId.get(row.client_id) ?? 0) + 1);
    const textCounts = new Map<string, number>();
    for (const row of rows) textCounts.set(row.text, (textCounts.get(row.text) ?? 0) + 1);
    const duplicated = [...textCounts.values()].filter((n) => n > 1).length;

    report({
      fault: 'node SIGKILL mid-stream',
      sent: all.length,
      acked: acked.length,
      stored: rows.length,
      duplicated,
      inFlightAtKill,
      retriedAfterReconnect: retried,
      refused: all.filter((r) => r.outcome === 'refused').length,
      heldByMediator: all.filter((r) => r.outcome === 'held').length,
      annReaderLiveDuplicates: annReader.liveDuplicates(),
      bobReaderLiveDuplicates: bobReader.liveDuplicates(),
    });

    expect(all.filter((r) => r.outcome === 'refused')).toEqual([]);
    expect(all.filter((r) => r.outcome !== 'acked' && r.outcome !== 'held')).toEqual([]);
    for (const record of acked) expect(storedByClientId.get(record.clientId)).toBe(1);
    expect(duplicated).toBe(0);
    expect(rows.length).toBe(acked.length);
    for (const reader of [annReader, bobReader]) {
      expect(reader.liveDuplicates()).toBe(0);
      expect(reader.conflicts()).toBe(0);
      const merged = reader.merged();
      expect([...merged.values()].map((m) => m.id).sort()).toEqual(rows.map((r) => r.id).sort());
    }
  }, 90_000);
});
