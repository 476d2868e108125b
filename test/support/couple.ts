import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, expect } from '@jest/globals';
import type {
  InterventionView,
  MessageView,
  SendResult,
} from '../../server/shared/socketEvents.js';
import { createRoom } from './rooms.js';
import { collect, connectSocket, emitAck, until, type ClientSocket } from './sockets.js';
import { startTestServer, type TestServer } from './testServer.js';
import { signUp, type SignedInUser } from './users.js';

/** Two co-parents in a fresh room, each with a connected socket and an inbox. */
export interface Couple {
  ann: SignedInUser;
  bob: SignedInUser;
  roomId: string;
  annSocket: ClientSocket;
  bobSocket: ClientSocket;
  /** Every `message:new` Bob's socket received. */
  atBob: MessageView[];
  close(): void;
}

/** Signs up Ann and Bob (fresh users, so statistics start at zero) in their own room. */
export async function coupleUp(server: TestServer): Promise<Couple> {
  const [ann, bob] = await Promise.all([
    signUp(server.url, { displayName: 'Ann' }),
    signUp(server.url, { displayName: 'Bob' }),
  ]);
  const roomId = await createRoom(server.database.url, [ann.user.id, bob.user.id]);
  const [annSocket, bobSocket] = await Promise.all([
    connectSocket(server.url, ann.cookie),
    connectSocket(server.url, bob.cookie),
  ]);
  const atBob = collect(bobSocket, 'message:new');
  return {
    ann,
    bob,
    roomId,
    annSocket,
    bobSocket,
    atBob,
    close() {
      annSocket.close();
      bobSocket.close();
    },
  };
}

/** Sends a message and returns the ack's success part (fails the test on an error ack). */
export async function send(
  socket: ClientSocket,
  roomId: string,
  text: string,
  clientId: string = randomUUID(),
): Promise<SendResult> {
  const ack = await emitAck(socket, 'message:send', { roomId, clientId, text });
  if (!ack.ok) throw new Error(`send failed: ${JSON.stringify(ack.error)}`);
  // The result without the ack's `ok`, to compare with what the service returns.
  return Object.fromEntries(Object.entries(ack).filter(([key]) => key !== 'ok')) as SendResult;
}

export function held(result: unknown): InterventionView {
  expect(result).toMatchObject({ status: 'held' });
  return (result as { intervention: InterventionView }).intervention;
}

export function sent(result: unknown): MessageView {
  expect(result).toMatchObject({ status: 'sent' });
  return (result as { message: MessageView }).message;
}

/**
 * Proves Bob received nothing before now: a neutral marker sent after the
 * fact must be the next thing he sees (one room channel, delivered in order).
 */
export async function expectNothingNewAtBob(couple: Couple, before: number): Promise<void> {
  const marker = sent(await send(couple.annSocket, couple.roomId, 'Marker: see you at 5pm.'));
  await until(() => couple.atBob.length > before, 5000, 'the marker at Bob');
  expect(couple.atBob.slice(before).map((m) => m.id)).toEqual([marker.id]);
}

/** The user's own intervention statistics over REST. */
export async function statsOf(user: SignedInUser): Promise<Record<string, unknown>> {
  const res = await user.agent.get('/api/mediation/stats');
  expect(res.status).toBe(200);
  return (res.body as { stats: Record<string, unknown> }).stats;
}

export interface TriggerSeen {
  type: string;
  value: string;
  detectionCount: number;
  intensity: number;
}

/** The user's own learned triggers over REST. */
export async function triggersOf(user: SignedInUser): Promise<TriggerSeen[]> {
  const res = await user.agent.get('/api/mediation/triggers');
  expect(res.status).toBe(200);
  return (res.body as { triggers: TriggerSeen[] }).triggers;
}

/**
 * One test server per file (sends unthrottled) and fresh couples per test:
 * registers the jest hooks that start the server, close each test's sockets
 * and stop the server. Call once at the top level of a test file.
 */
export function useCoupleServer(): { readonly server: TestServer; couple(): Promise<Couple> } {
  let server: TestServer | undefined;
  const couples: Couple[] = [];
  beforeAll(async () => {
    server = await startTestServer({ SOCKET_SENDS_PER_SECOND: '1000' });
  });
  afterEach(() => {
    for (const c of couples.splice(0)) c.close();
  });
  afterAll(async () => {
    await server?.stop();
  });
  return {
    get server() {
      if (!server) throw new Error('the test server starts in beforeAll');
      return server;
    },
    async couple() {
      const c = await coupleUp(this.server);
      couples.push(c);
      return c;
    },
  };
}
