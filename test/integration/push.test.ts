import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { randomBytes } from 'node:crypto';
import request from 'supertest';
import { GENERIC_BODY } from '../../server/push/pushService.js';
import { startPushService, type PushServiceDouble } from '../support/doubles/pushService.js';
import { appendDeliveredMessage } from '../support/outbox.js';
import { createRoom, sql } from '../support/rooms.js';
import { connectSocket, until, type ClientSocket } from '../support/sockets.js';
import { startTestServer, type TestServer } from '../support/testServer.js';
import { signUp, type SignedInUser } from '../support/users.js';

let server: TestServer;
let double: PushServiceDouble;
let vapidPublicKey: string;
const open: ClientSocket[] = [];

beforeAll(async () => {
  double = await startPushService();
  // The worker is driven by drain() here, so every assertion sees a settled outbox.
  server = await startTestServer(
    {},
    {
      services: {
        pushAgent: double.agent,
        // Short enough for the 'hang' test, long enough for a loaded machine's TLS handshake.
        pushTimeoutMs: 2000,
        outbox: { autoStart: false, retryBaseMs: 20 },
      },
    },
  );
  const res = await request(server.url).get('/api/push/vapid-public-key');
  vapidPublicKey = (res.body as { publicKey: string }).publicKey;
});

afterEach(() => {
  for (const s of open.splice(0)) s.close();
});

afterAll(async () => {
  await server.stop();
  await double.close();
});

/** Two co-parents in a room, Bob being the one who receives. */
async function coParents(): Promise<{ ann: SignedInUser; bob: SignedInUser; roomId: string }> {
  const [ann, bob] = await Promise.all([
    signUp(server.url, { displayName: 'Ann' }),
    signUp(server.url, { displayName: 'Bob' }),
  ]);
  const roomId = await createRoom(server.database.url, [ann.user.id, bob.user.id]);
  return { ann, bob, roomId };
}

/** Subscribes like a browser would: a fresh subscription of the double, bound to our key. */
async function subscribe(user: SignedInUser, includeText = false) {
  const subscription = double.createSubscription({ applicationServerKey: vapidPublicKey });
  const res = await user.agent
    .post('/api/push/subscriptions')
    .set('User-Agent', 'TestBrowser/1.0')
    .send({ ...subscription, includeText });
  expect(res.status).toBe(201);
  return {
    subscription,
    doubleId: double.subscriptionIdOf(subscription),
    id: (res.body as { subscription: { id: number } }).subscription.id,
  };
}

const receivedBy = (doubleId: string) =>
  double.received.filter((r) => r.subscriptionId === doubleId);
const attemptsOf = (doubleId: string) =>
  double.attempts.filter((a) => a.subscriptionId === doubleId).map((a) => a.status);

async function subscriptionRow(id: number) {
  const [row] = await sql<{ is_active: boolean; last_used_at: Date | null; user_agent: string }>(
    server.database.url,
    'SELECT is_active, last_used_at, user_agent FROM push_subscriptions WHERE id = $1',
    [id],
  );
  return row!;
}

describe('VAPID key', () => {
  it('is generated once, kept in the database, and served to clients', async () => {
    expect(Buffer.from(vapidPublicKey, 'base64url')).toHaveLength(65);
    const again = await request(server.url).get('/api/push/vapid-public-key');
    expect(again.body).toEqual({ publicKey: vapidPublicKey });
    const rows = await sql<{ value: { publicKey: string } }>(
      server.database.url,
      "SELECT value FROM server_keys WHERE name = 'vapid'",
    );
    expect(rows.map((r) => r.value.publicKey)).toEqual([vapidPublicKey]);
  });
});

describe('subscriptions', () => {
  it('validates endpoint, p256dh and auth', async () => {
    const { bob } = await coParents();
    const good = double.createSubscription();
    const notOnCurve = Buffer.concat([Buffer.from([4]), Buffer.alloc(64, 7)]).toString('base64url');
    const bodies = [
      { ...good, endpoint: good.endpoint.replace('https:', 'http:') },
      { ...good, endpoint: 'not a url' },
      { ...good, keys: { ...good.keys, p256dh: randomBytes(33).toString('base64url') } },
      { ...good, keys: { ...good.keys, p256dh: notOnCurve } },
      { ...good, keys: { ...good.keys, auth: randomBytes(15).toString('base64url') } },
      { ...good, keys: { ...good.keys, auth: 'not*base64' } },
      { endpoint: good.endpoint },
    ];
    for (const body of bodies) {
      const res = await bob.agent.post('/api/push/subscriptions').send(body);
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('validation_failed');
    }
    const anonymous = await request(server.url).post('/api/push/subscriptions').send(good);
    expect(anonymous.status).toBe(401);
  });

  it('upserts by endpoint, keeps the user agent, and unsubscribes only its owner', async () => {
    const { ann, bob } = await coParents();
    const sub = await subscribe(bob);
    expect((await subscriptionRow(sub.id)).user_agent).toBe('TestBrowser/1.0');

    const again = await bob.agent
      .post('/api/push/subscriptions')
      .send({ ...sub.subscription, includeText: true });
    expect(again.status).toBe(200);
    expect(again.body.subscription).toMatchObject({
      id: sub.id,
      includeText: true,
      isActive: true,
    });
    expect(JSON.stringify(again.body)).not.toContain(sub.subscription.keys.auth);

    const byAnn = await ann.agent
      .delete('/api/push/subscriptions')
      .send({ endpoint: sub.subscription.endpoint });
    expect(byAnn.status).toBe(404);
    const byBob = await bob.agent
      .delete('/api/push/subscriptions')
      .send({ endpoint: sub.subscription.endpoint });
    expect(byBob.status).toBe(204);
    const twice = await bob.agent
      .delete('/api/push/subscriptions')
      .send({ endpoint: sub.subscription.endpoint });
    expect(twice.status).toBe(404);
  });
});

describe('a message to an offline co-parent', () => {
  it('reaches the push service VAPID-signed and encrypted, without the message text', async () => {
    const { ann, bob, roomId } = await coParents();
    const sub = await subscribe(bob);
    await appendDeliveredMessage(server, roomId, ann.user.id, 'Pick-up moved to 5pm Friday');
    await server.services.outboxWorker.drain();

    const [push] = receivedBy(sub.doubleId);
    expect(receivedBy(sub.doubleId)).toHaveLength(1);
    // The double checked the ES256 signature against this key and decrypted with http_ece.
    expect(push!.vapidPublicKey).toBe(vapidPublicKey);
    expect(push!.vapidClaims.aud).toBe(double.url);
    expect(push!.headers['content-encoding']).toBe('aes128gcm');
    expect(push!.payload).toEqual({
      title: 'Ann sent a message',
      body: GENERIC_BODY,
      url: `/rooms/${roomId}`,
      tag: roomId.replace(/-/g, ''),
    });
    expect(push!.plaintext).not.toContain('5pm');
    expect((await subscriptionRow(sub.id)).last_used_at).not.toBeNull();

    const list = await bob.agent.get('/api/notifications?unread=1');
    expect(list.body.notifications).toEqual([
      expect.objectContaining({
        type: 'message',
        title: 'Ann sent a message',
        body: null,
        relatedId: roomId,
        relatedType: 'room',
        isRead: false,
      }),
    ]);
    const annList = await ann.agent.get('/api/notifications');
    expect(annList.body.notifications).toEqual([]);
  });

  it('shows the text only to a subscription that opted in', async () => {
    const { ann, bob, roomId } = await coParents();
    const plain = await subscribe(bob, false);
    const withText = await subscribe(bob, true);
    await appendDeliveredMessage(server, roomId, ann.user.id, 'Dentist at 3pm on Tuesday');
    await server.services.outboxWorker.drain();
    expect(receivedBy(plain.doubleId).map((p) => p.payload)).toEqual([
      expect.objectContaining({ body: GENERIC_BODY }),
    ]);
    expect(receivedBy(withText.doubleId).map((p) => p.payload)).toEqual([
      expect.objectContaining({ body: 'Dentist at 3pm on Tuesday' }),
    ]);
  });
});

describe('push service answers', () => {
  it('410 deactivates the subscription; it gets nothing afterwards', async () => {
    const { ann, bob, roomId } = await coParents();
    const sub = await subscribe(bob);
    double.expire(sub.doubleId);
    await appendDeliveredMessage(server, roomId, ann.user.id, 'first');
    await server.services.outboxWorker.drain();
    expect(attemptsOf(sub.doubleId)).toEqual([410]);
    expect((await subscriptionRow(sub.id)).is_active).toBe(false);

    await appendDeliveredMessage(server, roomId, ann.user.id, 'second');
    await server.services.outboxWorker.drain();
    expect(attemptsOf(sub.doubleId)).toEqual([410]);
  });

  it('500 twice then 201: retried with backoff, delivered once', async () => {
    const { ann, bob, roomId } = await coParents();
    const flaky = await subscribe(bob);
    const steady = await subscribe(bob);
    double.respondWith(flaky.doubleId, [500, 500]);
    await appendDeliveredMessage(server, roomId, ann.user.id, 'hello');
    await server.services.outboxWorker.drain();

    expect(attemptsOf(flaky.doubleId)).toEqual([500, 500, 201]);
    expect(receivedBy(flaky.doubleId)).toHaveLength(1);
    // The other subscription's row is independent: one attempt, one push.
    expect(attemptsOf(steady.doubleId)).toEqual([201]);
    const rows = await sql<{ attempts: number; status: string; last_error: string | null }>(
      server.database.url,
      `SELECT attempts, status, last_error FROM outbox
        WHERE kind = 'push' AND (payload->>'subscriptionId')::int = $1`,
      [flaky.id],
    );
    expect(rows).toEqual([
      { attempts: 3, status: 'done', last_error: 'Error: push service answered 500' },
    ]);
    expect((await subscriptionRow(flaky.id)).is_active).toBe(true);
  });

  it('a push service that hangs times out and is retried', async () => {
    const { ann, bob, roomId } = await coParents();
    const sub = await subscribe(bob);
    double.respondWith(sub.doubleId, ['hang']);
    await appendDeliveredMessage(server, roomId, ann.user.id, 'hello');
    await server.services.outboxWorker.drain();
    expect(attemptsOf(sub.doubleId)).toEqual(['hang', 201]);
    expect(receivedBy(sub.doubleId)).toHaveLength(1);
  });
});

describe('online or not', () => {
  it('online receiver: no push, no notification; offline: one push per active subscription', async () => {
    const { ann, bob, roomId } = await coParents();
    const first = await subscribe(bob);
    const second = await subscribe(bob);
    const gone = await subscribe(bob);
    await bob.agent
      .delete('/api/push/subscriptions')
      .send({ endpoint: gone.subscription.endpoint });

    const socket = await connectSocket(server.url, bob.cookie);
    open.push(socket);
    await appendDeliveredMessage(server, roomId, ann.user.id, 'while you are here');
    await server.services.outboxWorker.drain();
    expect(attemptsOf(first.doubleId)).toEqual([]);
    expect(attemptsOf(second.doubleId)).toEqual([]);
    expect((await bob.agent.get('/api/notifications')).body.notifications).toEqual([]);

    socket.close();
    let online = true;
    const poll = setInterval(() => {
      void server.services.hub.isOnline(bob.user.id).then((v) => (online = v));
    }, 20);
    await until(() => !online, 5000, 'Bob offline').finally(() => clearInterval(poll));
    await appendDeliveredMessage(server, roomId, ann.user.id, 'after you left');
    await server.services.outboxWorker.drain();
    expect(receivedBy(first.doubleId)).toHaveLength(1);
    expect(receivedBy(second.doubleId)).toHaveLength(1);
    expect(attemptsOf(gone.doubleId)).toEqual([]);
    expect((await bob.agent.get('/api/notifications')).body.notifications).toHaveLength(1);
  });
});
