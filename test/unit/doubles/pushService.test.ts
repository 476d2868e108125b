/**
 * Proves the push double speaks Web Push to the real web-push library:
 * TLS trust, VAPID verification, aes128gcm decryption, scripted responses.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import https from 'node:https';
import webpush, { WebPushError } from 'web-push';
import { startPushService, type PushServiceDouble } from '../../support/doubles/pushService.js';

const vapid = webpush.generateVAPIDKeys();
const vapidDetails = {
  subject: 'mailto:ops@parley.test',
  publicKey: vapid.publicKey,
  privateKey: vapid.privateKey,
};

describe('push service double', () => {
  let push: PushServiceDouble;
  beforeAll(async () => {
    push = await startPushService();
  });
  afterAll(async () => {
    await push.close();
  });

  it('receives and decrypts a JSON payload sent by web-push', async () => {
    const subscription = push.createSubscription();
    const result = await webpush.sendNotification(
      subscription,
      JSON.stringify({ title: 'New message', roomId: 7 }),
      {
        vapidDetails,
        TTL: 60,
        agent: push.agent,
      },
    );

    expect(result.statusCode).toBe(201);
    const [delivered] = push.received.filter(
      (r) => r.subscriptionId === push.subscriptionIdOf(subscription),
    );
    expect(delivered?.payload).toEqual({ title: 'New message', roomId: 7 });
    expect(delivered?.vapidPublicKey).toBe(vapid.publicKey);
    expect(delivered?.vapidClaims.aud).toBe(push.url);
    expect(delivered?.vapidClaims.sub).toBe('mailto:ops@parley.test');
    expect(delivered?.ttl).toBe(60);
    expect(delivered?.headers['content-encoding']).toBe('aes128gcm');
  });

  it('rejects a VAPID JWT signed by a key other than k with 401', async () => {
    const subscription = push.createSubscription();
    const other = webpush.generateVAPIDKeys();
    const sending = webpush.sendNotification(subscription, 'hi', {
      vapidDetails: { ...vapidDetails, privateKey: other.privateKey },
      TTL: 60,
      agent: push.agent,
    });

    await expect(sending).rejects.toBeInstanceOf(WebPushError);
    await expect(sending).rejects.toMatchObject({ statusCode: 401 });
    const id = push.subscriptionIdOf(subscription);
    expect(push.rejected.find((r) => r.subscriptionId === id)?.reason).toMatch(/signature/);
    expect(push.received.some((r) => r.subscriptionId === id)).toBe(false);
  });

  it('answers 403 when the key is valid but not the subscription applicationServerKey', async () => {
    const subscription = push.createSubscription({
      applicationServerKey: webpush.generateVAPIDKeys().publicKey,
    });
    const sending = webpush.sendNotification(subscription, 'hi', {
      vapidDetails,
      TTL: 60,
      agent: push.agent,
    });
    await expect(sending).rejects.toMatchObject({ statusCode: 403 });
  });

  it('plays a scripted 500 then accepts the retry', async () => {
    const subscription = push.createSubscription();
    const id = push.subscriptionIdOf(subscription);
    push.respondWith(id, [500, 201]);
    const options = { vapidDetails, TTL: 60, agent: push.agent };

    await expect(webpush.sendNotification(subscription, '{"n":1}', options)).rejects.toMatchObject({
      statusCode: 500,
    });
    await expect(webpush.sendNotification(subscription, '{"n":1}', options)).resolves.toMatchObject(
      { statusCode: 201 },
    );
    expect(push.attempts.filter((a) => a.subscriptionId === id).map((a) => a.status)).toEqual([
      500, 201,
    ]);
    expect(push.received.filter((r) => r.subscriptionId === id).map((r) => r.payload)).toEqual([
      { n: 1 },
    ]);
  });

  it('answers 410 Gone for an expired subscription', async () => {
    const subscription = push.createSubscription();
    push.expire(push.subscriptionIdOf(subscription));
    const sending = webpush.sendNotification(subscription, 'hi', {
      vapidDetails,
      TTL: 60,
      agent: push.agent,
    });
    await expect(sending).rejects.toMatchObject({ statusCode: 410 });
  });

  it('hangs so that the sender socket timeout fires', async () => {
    const subscription = push.createSubscription();
    push.respondWith(push.subscriptionIdOf(subscription), ['hang']);
    const sending = webpush.sendNotification(subscription, 'hi', {
      vapidDetails,
      TTL: 60,
      agent: push.agent,
      timeout: 200,
    });
    await expect(sending).rejects.toThrow('Socket timeout');
  });

  it('is not trusted without its CA (the TLS is real)', async () => {
    const subscription = push.createSubscription();
    await expect(
      webpush.sendNotification(subscription, 'hi', { vapidDetails, TTL: 60 }),
    ).rejects.toMatchObject({
      code: 'DEPTH_ZERO_SELF_SIGNED_CERT',
    });
  });

  it('delivers a push without payload', async () => {
    const subscription = push.createSubscription();
    await webpush.sendNotification(subscription, null, { vapidDetails, TTL: 0, agent: push.agent });
    const id = push.subscriptionIdOf(subscription);
    const all = await push.waitForReceived(1);
    expect(all.find((r) => r.subscriptionId === id)?.payload).toBeNull();
  });

  it.each([
    ['a foreign audience', 'https://push.example.net', nowSeconds() + 600, /aud/],
    ['an expired token', undefined, nowSeconds() - 3600, /expired/],
  ])('rejects a JWT with %s', async (_label, audience, expiration, reason) => {
    const subscription = push.createSubscription();
    const details = webpush.generateRequestDetails(subscription, 'hi', { vapidDetails, TTL: 60 });
    const forged = webpush.getVapidHeaders(
      audience ?? push.url,
      vapidDetails.subject,
      vapid.publicKey,
      vapid.privateKey,
      'aes128gcm',
      expiration,
    );
    const status = await postRaw(
      details.endpoint,
      { ...details.headers, ...forged },
      details.body,
      push,
    );

    expect(status).toBe(401);
    const id = push.subscriptionIdOf(subscription);
    expect(push.rejected.find((r) => r.subscriptionId === id)?.reason).toMatch(reason);
  });
});

function nowSeconds(): number {
  return Math.floor(Date.now() / 1000);
}

/** Sends a prepared Web Push request as-is, so a test can tamper with its headers. */
function postRaw(
  endpoint: string,
  headers: Record<string, string | number>,
  body: Buffer | null,
  double: PushServiceDouble,
): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = https.request(endpoint, { method: 'POST', headers, agent: double.agent }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    req.end(body ?? undefined);
  });
}
