import type https from 'node:https';
import webpush from 'web-push';
import { EndpointRefused, type EndpointGuard } from './endpointGuard.js';
import type { VapidKeyStore } from './vapidKeys.js';

/** Where a push goes: a subscription's endpoint and the browser's keys. */
export interface PushTarget {
  endpoint: string;
  p256dh: string;
  auth: string;
}

/**
 * How the push service answered. 'gone': the subscription is dead (404/410);
 * 'retry': worth trying again later (5xx, 429, timeouts, network);
 * 'rejected': refused for good (other 4xx: our request is wrong);
 * 'blocked': the endpoint is not (or no longer) a public https host.
 */
export type PushOutcome =
  | { kind: 'delivered'; status: number }
  | { kind: 'gone'; status: number }
  | { kind: 'retry'; reason: string }
  | { kind: 'rejected'; status: number }
  | { kind: 'blocked'; reason: string };

export interface PushSender {
  send(target: PushTarget, payload: string, options?: { topic?: string }): Promise<PushOutcome>;
}

export interface PushSenderDeps {
  vapid: VapidKeyStore;
  /** Checked before every send: DNS may have changed since the subscription was saved. */
  guard: EndpointGuard;
  /** An https agent for web-push (tests pass one trusting the push-service double's CA). */
  agent?: https.Agent;
  /** Socket timeout per request (default 10 s). */
  timeoutMs?: number;
  /** How long the push service keeps an undelivered push (default 1 day). */
  ttlSeconds?: number;
}

interface WebPushErrorLike {
  statusCode?: unknown;
  code?: unknown;
  message?: unknown;
}

/** web-push's sendNotification (VAPID-signed, aes128gcm), with its answer classified. */
export function createPushSender(deps: PushSenderDeps): PushSender {
  const timeoutMs = deps.timeoutMs ?? 10_000;
  const ttlSeconds = deps.ttlSeconds ?? 24 * 60 * 60;

  return {
    async send(target, payload, options = {}) {
      try {
        await deps.guard.check(target.endpoint);
      } catch (err) {
        if (err instanceof EndpointRefused) return { kind: 'blocked', reason: err.message };
        throw err;
      }
      const keys = await deps.vapid.get();
      try {
        const result = await webpush.sendNotification(
          { endpoint: target.endpoint, keys: { p256dh: target.p256dh, auth: target.auth } },
          payload,
          {
            vapidDetails: keys,
            TTL: ttlSeconds,
            timeout: timeoutMs,
            contentEncoding: 'aes128gcm',
            urgency: 'high',
            ...(options.topic ? { topic: options.topic } : {}),
            ...(deps.agent ? { agent: deps.agent } : {}),
          },
        );
        return { kind: 'delivered', status: result.statusCode };
      } catch (err) {
        const e = (err ?? {}) as WebPushErrorLike;
        if (typeof e.statusCode === 'number') {
          const status = e.statusCode;
          if (status === 404 || status === 410) return { kind: 'gone', status };
          if (status === 429 || status >= 500) {
            return { kind: 'retry', reason: `push service answered ${status}` };
          }
          return { kind: 'rejected', status };
        }
        // Network errors and timeouts: name the failure, never the endpoint or keys.
        const code = typeof e.code === 'string' ? e.code : undefined;
        const message = typeof e.message === 'string' ? e.message : 'unknown error';
        return { kind: 'retry', reason: `push request failed: ${code ?? message}`.slice(0, 200) };
      }
    },
  };
}
