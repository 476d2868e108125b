/**
 * A Web Push service double (RFC 8030 + RFC 8291 + RFC 8292) over HTTPS.
 *
 * web-push always uses node's https module, so the double serves TLS with a
 * fresh self-signed certificate; senders trust it through `agent` (web-push's
 * `sendNotification(..., { agent })` option) or NODE_EXTRA_CA_CERTS=`caFile`
 * for a child process. Payloads are decrypted with http_ece, an encryption
 * implementation independent of web-push's.
 */
import { createECDH, randomBytes, randomUUID, type ECDH } from 'node:crypto';
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import https from 'node:https';
import ece from 'http_ece';
import { closeServer, listenOnLoopback, readBody, safeHandler } from './http.js';
import { createSelfSignedCert } from './selfSignedCert.js';
import { verifyVapidAuthorization, type VapidClaims } from './vapid.js';

/** What a browser's `PushSubscription.toJSON()` returns. */
export interface PushSubscriptionJSON {
  endpoint: string;
  expirationTime: null;
  keys: { p256dh: string; auth: string };
}

/** A push the service accepted and decrypted. */
export interface ReceivedPush {
  subscriptionId: string;
  /** Parsed JSON when the plaintext is JSON, else the plaintext string; null without a body. */
  payload: unknown;
  plaintext: string | null;
  headers: IncomingHttpHeaders;
  vapidPublicKey: string;
  vapidClaims: VapidClaims;
  ttl: number;
}

/** A push refused before any scripted response (bad VAPID, headers or body). */
export interface RejectedPush {
  subscriptionId: string;
  status: number;
  reason: string;
  headers: IncomingHttpHeaders;
}

/** One scripted answer: a status (2xx = accepted), with headers, or a hang. */
export type PushResponseStep =
  number | 'hang' | { status: number; headers?: Record<string, string> };

/** Options of `createSubscription`. */
export interface CreateSubscriptionOptions {
  /** Restrict the subscription to this VAPID public key (base64url); others get 403. */
  applicationServerKey?: string;
}

/** A running push service double. */
export interface PushServiceDouble {
  /** https://127.0.0.1:<port> — also the VAPID audience. */
  url: string;
  /** PEM of the self-signed certificate the sender must trust. */
  ca: string;
  /** The certificate as a file, for NODE_EXTRA_CA_CERTS in child processes. */
  caFile: string;
  /** An https.Agent trusting `ca`, for web-push's `agent` option. */
  agent: https.Agent;
  received: ReceivedPush[];
  rejected: RejectedPush[];
  /** Every POST in arrival order with the status it got ('hang' if none). */
  attempts: Array<{ subscriptionId: string; status: number | 'hang' }>;
  createSubscription(options?: CreateSubscriptionOptions): PushSubscriptionJSON;
  /** The id inside a subscription endpoint made by this double. */
  subscriptionIdOf(subscription: { endpoint: string }): string;
  /** Queues answers for a subscription's next pushes; afterwards 201 again. */
  respondWith(subscriptionId: string, steps: PushResponseStep[]): void;
  /** Marks the subscription expired: every later push gets 410 Gone. */
  expire(subscriptionId: string): void;
  /** Resolves once `count` pushes were received in total. */
  waitForReceived(count: number, timeoutMs?: number): Promise<ReceivedPush[]>;
  close(): Promise<void>;
}

interface SubscriptionState {
  ecdh: ECDH;
  auth: Buffer;
  applicationServerKey?: string;
  gone: boolean;
  steps: PushResponseStep[];
}

/** RFC 8030 §7.2: push services need only accept 4096 bytes of payload. */
const MAX_BODY = 4096;

/** Starts the double on 127.0.0.1 at an ephemeral port. */
export async function startPushService(): Promise<PushServiceDouble> {
  const tls = await createSelfSignedCert();
  const subscriptions = new Map<string, SubscriptionState>();
  const received: ReceivedPush[] = [];
  const rejected: RejectedPush[] = [];
  const attempts: PushServiceDouble['attempts'] = [];
  const waiters = new Set<() => void>();
  let origin = '';

  const reject = (
    res: ServerResponse,
    req: IncomingMessage,
    id: string,
    status: number,
    reason: string,
  ): void => {
    rejected.push({ subscriptionId: id, status, reason, headers: req.headers });
    attempts.push({ subscriptionId: id, status });
    res.writeHead(status, { 'content-type': 'text/plain' }).end(reason);
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const id = /^\/push\/([\w-]+)$/.exec(req.url ?? '')?.[1];
    const sub = id === undefined ? undefined : subscriptions.get(id);
    if (req.method !== 'POST' || id === undefined || !sub) {
      res.writeHead(404).end();
      return;
    }
    const body = await readBody(req, 64 * 1024);
    if (sub.gone) return reject(res, req, id, 410, 'subscription expired');

    const vapid = verifyVapidAuthorization(req.headers.authorization, origin);
    if (!vapid.ok) return reject(res, req, id, 401, vapid.reason);
    if (sub.applicationServerKey && vapid.publicKey !== sub.applicationServerKey) {
      return reject(res, req, id, 403, 'VAPID key is not the applicationServerKey');
    }
    // RFC 8030 §5.2: TTL is mandatory, a number of seconds.
    const ttl = req.headers['ttl'];
    if (typeof ttl !== 'string' || !/^\d+$/.test(ttl)) {
      return reject(res, req, id, 400, 'missing or bad TTL header');
    }
    if (body.length > MAX_BODY) return reject(res, req, id, 413, 'payload over 4096 bytes');

    let plaintext: string | null = null;
    if (body.length > 0) {
      if (req.headers['content-encoding'] !== 'aes128gcm') {
        return reject(res, req, id, 400, 'Content-Encoding must be aes128gcm');
      }
      try {
        // aes128gcm carries the sender's ephemeral key in the body header, so no `dh`.
        const clear = ece.decrypt(body, {
          version: 'aes128gcm',
          privateKey: sub.ecdh,
          authSecret: sub.auth,
        });
        plaintext = clear.toString('utf8');
      } catch (err) {
        return reject(res, req, id, 400, `cannot decrypt: ${String(err)}`);
      }
    }

    const step = sub.steps.shift() ?? 201;
    if (step === 'hang') {
      attempts.push({ subscriptionId: id, status: 'hang' });
      return; // closeServer() drops the socket
    }
    const { status, headers = {} } = typeof step === 'number' ? { status: step } : step;
    attempts.push({ subscriptionId: id, status });
    if (status < 200 || status > 299) {
      res.writeHead(status, headers).end();
      return;
    }
    received.push({
      subscriptionId: id,
      payload: plaintext === null ? null : parseMaybeJson(plaintext),
      plaintext,
      headers: req.headers,
      vapidPublicKey: vapid.publicKey,
      vapidClaims: vapid.claims,
      ttl: Number(ttl),
    });
    res.writeHead(status, { location: `${origin}/message/${randomUUID()}`, ...headers }).end();
    for (const wake of waiters) wake();
  };

  const server = https.createServer({ key: tls.key, cert: tls.cert }, safeHandler(handle));
  origin = `https://127.0.0.1:${await listenOnLoopback(server)}`;
  const agent = new https.Agent({ ca: tls.cert });

  return {
    url: origin,
    ca: tls.cert,
    caFile: tls.certFile,
    agent,
    received,
    rejected,
    attempts,
    createSubscription(options = {}) {
      const id = randomBytes(12).toString('base64url');
      const ecdh = createECDH('prime256v1');
      ecdh.generateKeys();
      const auth = randomBytes(16);
      subscriptions.set(id, {
        ecdh,
        auth,
        applicationServerKey: options.applicationServerKey,
        gone: false,
        steps: [],
      });
      return {
        endpoint: `${origin}/push/${id}`,
        expirationTime: null,
        keys: {
          p256dh: ecdh.getPublicKey().toString('base64url'),
          auth: auth.toString('base64url'),
        },
      };
    },
    subscriptionIdOf(subscription) {
      const id = /\/push\/([\w-]+)$/.exec(subscription.endpoint)?.[1];
      if (!id || !subscriptions.has(id))
        throw new Error(`not a subscription of this double: ${subscription.endpoint}`);
      return id;
    },
    respondWith(subscriptionId, steps) {
      stateOf(subscriptions, subscriptionId).steps.push(...steps);
    },
    expire(subscriptionId) {
      stateOf(subscriptions, subscriptionId).gone = true;
    },
    waitForReceived(count, timeoutMs = 5000) {
      return new Promise((resolve, rejectWait) => {
        const check = (): void => {
          if (received.length < count) return;
          cleanup();
          resolve(received.slice());
        };
        const timer = setTimeout(() => {
          cleanup();
          rejectWait(
            new Error(`push double: ${received.length}/${count} pushes after ${timeoutMs} ms`),
          );
        }, timeoutMs);
        const cleanup = (): void => {
          clearTimeout(timer);
          waiters.delete(check);
        };
        waiters.add(check);
        check();
      });
    },
    async close() {
      agent.destroy();
      await closeServer(server);
      await tls.dispose();
    },
  };
}

function stateOf(subscriptions: Map<string, SubscriptionState>, id: string): SubscriptionState {
  const state = subscriptions.get(id);
  if (!state) throw new Error(`unknown subscription ${id}`);
  return state;
}

function parseMaybeJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}
