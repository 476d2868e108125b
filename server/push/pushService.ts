import type { Queryable } from '../db/pool.js';
import type { OutboxRepository } from '../outbox/outboxRepository.js';
import { PermanentFailure, type OutboxHandler } from '../outbox/outboxWorker.js';
import { conflict, notFound, validationFailed } from '../shared/errors.js';
import type { Logger } from '../shared/logger.js';
import type { PushRepository, SubscriptionRow } from './pushRepository.js';
import { EndpointRefused, type EndpointGuard } from './endpointGuard.js';
import type { PushSender } from './pushSender.js';
import { pushJobSchema, type PushJob, type SubscribeInput } from './schema.js';
import type { VapidKeyStore } from './vapidKeys.js';

/** What a lock screen shows when the user has not opted in to message text. */
export const GENERIC_BODY = 'Open Parley to read it.';
const MAX_BODY_CHARS = 500;

/** What a push says, before it is fanned out to a user's subscriptions. */
export type PushNotice = Omit<PushJob, 'subscriptionId'>;

export interface PushServiceDeps {
  subscriptions: PushRepository;
  vapid: VapidKeyStore;
  guard: EndpointGuard;
  sender: PushSender;
  outbox: OutboxRepository;
  logger: Logger;
}

/** Cuts on code points, never through a surrogate pair. */
function clip(text: string): string {
  const chars = Array.from(text);
  return chars.length <= MAX_BODY_CHARS ? text : `${chars.slice(0, MAX_BODY_CHARS).join('')}…`;
}

/** Web push: subscriptions, and sending one outbox 'push' row at a time. */
export function createPushService(deps: PushServiceDeps) {
  const { subscriptions, vapid, guard, sender, outbox, logger } = deps;

  /** Message text or notification body for an opted-in subscription, else the generic line. */
  async function bodyFor(job: PushJob, sub: SubscriptionRow, tx: Queryable): Promise<string> {
    if (!sub.include_text) return GENERIC_BODY;
    const text =
      job.messageId !== undefined
        ? await subscriptions.messageTextFor(job.messageId, sub.user_id, tx)
        : job.notificationId !== undefined
          ? await subscriptions.notificationBodyFor(job.notificationId, sub.user_id, tx)
          : undefined;
    return text ? clip(text) : GENERIC_BODY;
  }

  /**
   * The outbox handler for 'push' rows. 2xx: last_used_at kept. 404/410:
   * the subscription is deactivated (no retry). 5xx, 429, timeouts: the row
   * is retried with backoff, independently of the user's other subscriptions.
   */
  const handleOutbox: OutboxHandler = async (job, tx) => {
    const parsed = pushJobSchema.safeParse(job.payload);
    if (!parsed.success) throw new PermanentFailure('malformed push payload');
    const push = parsed.data;
    const sub = await subscriptions.findById(push.subscriptionId, tx);
    if (!sub?.is_active) return; // unsubscribed or gone since it was queued

    const payload = JSON.stringify({
      title: push.title,
      body: await bodyFor(push, sub, tx),
      url: push.url,
      ...(push.topic ? { tag: push.topic } : {}),
    });
    const outcome = await sender.send(sub, payload, { topic: push.topic });
    switch (outcome.kind) {
      case 'delivered':
        await subscriptions.markDelivered(sub.id, tx);
        return;
      case 'gone':
        await subscriptions.deactivate(sub.id, tx);
        logger.info({ subscriptionId: sub.id, status: outcome.status }, 'push subscription gone');
        return;
      case 'retry':
        // Outside the job transaction (which rolls back): the count must stick.
        await subscriptions.countFailure(sub.id);
        throw new Error(outcome.reason);
      case 'rejected':
        await subscriptions.countFailure(sub.id);
        throw new PermanentFailure(`push service refused the request (${outcome.status})`);
      case 'blocked':
        // Its host now points somewhere private: never connect, stop queuing for it.
        await subscriptions.deactivate(sub.id, tx);
        logger.warn({ subscriptionId: sub.id, reason: outcome.reason }, 'push endpoint refused');
        return;
    }
  };

  return {
    async publicKey(): Promise<string> {
      return (await vapid.get()).publicKey;
    },

    /**
     * Saves the caller's subscription. The endpoint must be a public https
     * host (endpointGuard.ts); one already registered by another user is
     * refused with conflict, never moved to the caller.
     */
    async subscribe(userId: number, input: SubscribeInput, userAgent: string | undefined) {
      try {
        await guard.check(input.endpoint);
      } catch (err) {
        if (!(err instanceof EndpointRefused)) throw err;
        throw validationFailed(`Subscription is invalid: endpoint`, {
          issues: [{ field: 'endpoint', message: err.message }],
        });
      }
      const saved = await subscriptions.upsert({
        userId,
        endpoint: input.endpoint,
        p256dh: input.keys.p256dh,
        auth: input.keys.auth,
        userAgent: userAgent?.slice(0, 500) ?? null,
        includeText: input.includeText,
      });
      if (!saved) throw conflict('This push endpoint belongs to another account');
      return saved;
    },

    /** Another user's endpoint answers not_found, as if it did not exist. */
    async unsubscribe(userId: number, endpoint: string): Promise<void> {
      if (!(await subscriptions.deleteOwned(userId, endpoint))) throw notFound('Subscription');
    },

    /**
     * Queues one 'push' row per active subscription of the user, in the
     * caller's transaction: each subscription is sent and retried on its own.
     */
    async enqueueForUser(tx: Queryable, userId: number, notice: PushNotice): Promise<number> {
      const ids = await subscriptions.activeIdsOf(userId, tx);
      for (const subscriptionId of ids) {
        await outbox.enqueue(tx, 'push', { ...notice, subscriptionId });
      }
      return ids.length;
    },

    handleOutbox,
  };
}

export type PushService = ReturnType<typeof createPushService>;
