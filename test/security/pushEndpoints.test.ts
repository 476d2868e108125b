/**
 * Issue 11, hole 6: push endpoints come from users, and the outbox worker
 * connects to them. Only public https hosts are accepted, at subscribe time
 * and again at send time; an endpoint another user registered is refused,
 * never moved.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { loadConfig } from '../../server/config.js';
import { isPublicAddress } from '../../server/push/endpointGuard.js';
import { startPushService, type PushServiceDouble } from '../support/doubles/pushService.js';
import { appendDeliveredMessage } from '../support/outbox.js';
import { createRoom, sql } from '../support/rooms.js';
import { startTestServer, type TestServer } from '../support/testServer.js';
import { signUp, type SignedInUser } from '../support/users.js';

let server: TestServer;
let double: PushServiceDouble;

beforeAll(async () => {
  double = await startPushService();
  // The double's agent (it trusts the double's certificate) but the rule in
  // force, as in production: the worker must refuse to connect to 127.0.0.1.
  server = await startTestServer(
    { PUSH_ALLOW_PRIVATE_HOSTS: 'false' },
    { services: { pushAgent: double.agent, outbox: { autoStart: false, retryBaseMs: 20 } } },
  );
});

afterAll(async () => {
  await server.stop();
  await double.close();
});

const keysOf = () => double.createSubscription().keys;

async function subscribeTo(user: SignedInUser, endpoint: string) {
  return user.agent.post('/api/push/subscriptions').send({ endpoint, keys: keysOf() });
}

describe('subscribing', () => {
  const refused = [
    'https://127.0.0.1/push/1',
    'https://127.1.2.3:8443/push/1',
    'https://[::1]/push/1',
    'https://localhost/push/1',
    'https://push.localhost/push/1',
    'https://169.254.169.254/latest/meta-data',
    'https://metadata.google.internal/computeMetadata/v1',
    'https://10.0.0.5/push/1',
    'https://172.20.1.1/push/1',
    'https://192.168.1.10/push/1',
    'https://100.100.100.200/push/1',
    'https://0.0.0.0/push/1',
    'https://[fe80::1]/push/1',
    'https://[fd00:ec2::254]/push/1',
    'https://[::ffff:127.0.0.1]/push/1',
    'https://2130706433/push/1', // 127.0.0.1 as one number
    'https://user:secret@93.184.215.14/push/1',
    'http://93.184.215.14/push/1',
  ];

  it.each(refused)('refuses %s with 400 validation_failed on endpoint', async (endpoint) => {
    const user = await signUp(server.url);
    const res = await subscribeTo(user, endpoint);
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('validation_failed');
    expect(JSON.stringify(res.body.error.details)).toContain('endpoint');
  });

  it('accepts a public https address', async () => {
    const user = await signUp(server.url);
    const res = await subscribeTo(user, 'https://93.184.215.14/push/ok');
    expect(res.status).toBe(201);
  });

  it("refuses another user's endpoint with 409 and leaves it with its owner", async () => {
    const [owner, thief] = await Promise.all([signUp(server.url), signUp(server.url)]);
    const endpoint = 'https://93.184.215.14/push/owned';
    expect((await subscribeTo(owner, endpoint)).status).toBe(201);
    const res = await subscribeTo(thief, endpoint);
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('conflict');
    const rows = await sql<{ user_id: number }>(
      server.database.url,
      'SELECT user_id FROM push_subscriptions WHERE endpoint = $1',
      [endpoint],
    );
    expect(rows).toEqual([{ user_id: owner.user.id }]);
    // The owner may still refresh their own subscription.
    expect((await subscribeTo(owner, endpoint)).status).toBe(200);
  });
});

describe('sending', () => {
  it('never connects to an endpoint that is (now) private, and deactivates it', async () => {
    const [ann, bob] = await Promise.all([signUp(server.url), signUp(server.url)]);
    const roomId = await createRoom(server.database.url, [ann.user.id, bob.user.id]);
    // As if the host had resolved publicly at subscribe time and points to
    // loopback now (DNS rebinding): the row is written directly.
    const sub = double.createSubscription();
    const [{ id }] = (await sql<{ id: number }>(
      server.database.url,
      `INSERT INTO push_subscriptions (user_id, endpoint, p256dh, auth)
       VALUES ($1, $2, $3, $4) RETURNING id`,
      [bob.user.id, sub.endpoint, sub.keys.p256dh, sub.keys.auth],
    )) as [{ id: number }];
    await appendDeliveredMessage(server, roomId, ann.user.id, 'See you at the school gate.');
    await server.services.outboxWorker.drain();
    expect(double.attempts.filter((a) => sub.endpoint.endsWith(a.subscriptionId))).toEqual([]);
    const [row] = await sql<{ is_active: boolean }>(
      server.database.url,
      'SELECT is_active FROM push_subscriptions WHERE id = $1',
      [id],
    );
    expect(row).toEqual({ is_active: false });
  });
});

describe('the rule itself', () => {
  it('classifies addresses', () => {
    for (const ip of ['8.8.8.8', '93.184.215.14', '2606:4700::1111'])
      expect(isPublicAddress(ip)).toBe(true);
    for (const ip of ['127.0.0.1', '10.1.1.1', '172.31.255.255', '192.168.0.1', '169.254.0.1'])
      expect(isPublicAddress(ip)).toBe(false);
    for (const ip of ['::1', '::', 'fc00::1', 'fe80::1', 'not an ip'])
      expect(isPublicAddress(ip)).toBe(false);
  });

  it('cannot be switched off in production', () => {
    expect(() => loadConfig({ NODE_ENV: 'production', PUSH_ALLOW_PRIVATE_HOSTS: 'true' })).toThrow(
      /PUSH_ALLOW_PRIVATE_HOSTS/,
    );
  });
});
