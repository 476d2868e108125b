/// <reference lib="dom" />
// (Code passed to page.evaluate runs in the browser.)
/**
 * The way in for the second parent: a signed-out browser opens the invite
 * link, signs up, and lands in the room. Then notifications: "Enable
 * notifications" subscribes with the server's VAPID key, the server's push
 * (received and decrypted by the push-service double) is delivered to the
 * service worker through the DevTools protocol, shown, and its click opens
 * the room.
 */
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import type { BrowserContext, Page } from 'playwright-core';
import { startPushService, type PushServiceDouble } from '../support/doubles/pushService.js';
import {
  createInvitation,
  eventually,
  messageTexts,
  seriousViolations,
  signUpInBrowser,
  startE2E,
  type E2E,
  type Parent,
} from '../support/e2e.js';

// A shared 2-vCPU machine runs Chromium, axe and the server at once: generous, still bounded.
jest.setTimeout(90_000);

let e2e: E2E;
let push: PushServiceDouble;
let jordan: Parent;
let casey: Parent;
let roomPath: string;

beforeAll(async () => {
  push = await startPushService();
  e2e = await startE2E({ services: { pushAgent: push.agent } });
  jordan = await e2e.newParent();
  casey = await e2e.newParent();
}, 120_000);

afterAll(async () => {
  await e2e?.close();
  await push?.close();
});

/** Replaces the browser's push service (unreachable here) with a subscription of the double. */
async function stubPushManager(context: BrowserContext, subscription: object): Promise<void> {
  await context.addInitScript((json) => {
    const KEY = 'test.push-subscription';
    const make = () => ({
      endpoint: (json as { endpoint: string }).endpoint,
      expirationTime: null,
      toJSON: () => json,
      unsubscribe: () => {
        localStorage.removeItem(KEY);
        return Promise.resolve(true);
      },
    });
    PushManager.prototype.subscribe = function (options?: PushSubscriptionOptionsInit) {
      const key = new Uint8Array(options?.applicationServerKey as ArrayBuffer);
      const b64 = btoa(String.fromCharCode(...key));
      localStorage.setItem(
        'test.subscribe-key',
        b64.replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, ''),
      );
      localStorage.setItem(KEY, '1');
      return Promise.resolve(make() as unknown as PushSubscription);
    };
    PushManager.prototype.getSubscription = function () {
      return Promise.resolve(
        (localStorage.getItem(KEY) ? make() : null) as PushSubscription | null,
      );
    };
  }, subscription);
}

/** A DevTools session with the ServiceWorker domain on, and the worker's registration id. */
async function serviceWorkerSession(page: Page) {
  const cdp = await page.context().newCDPSession(page);
  const ids: string[] = [];
  cdp.on(
    'ServiceWorker.workerRegistrationUpdated',
    (e: { registrations: { registrationId: string; isDeleted: boolean }[] }) => {
      for (const r of e.registrations) if (!r.isDeleted) ids.push(r.registrationId);
    },
  );
  await cdp.send('ServiceWorker.enable');
  await eventually(
    () => Promise.resolve(ids.length),
    (n) => n > 0,
  );
  return { cdp, registrationId: ids[0]! };
}

describe('the second parent', () => {
  it('sign-in has no serious accessibility violations', async () => {
    await casey.page.goto('/');
    await casey.page.waitForURL('**/signin?next=%2F');
    await casey.page.getByRole('heading', { name: 'Sign in' }).waitFor();
    expect(await seriousViolations(casey.page)).toEqual([]);
  });

  it('opens the invite link signed out, signs up, and lands in the room', async () => {
    await signUpInBrowser(jordan);
    await jordan.page.waitForURL('**/pairing');
    const { link } = await createInvitation(jordan.page);
    const invitePath = new URL(link).pathname;

    await casey.page.goto(invitePath);
    await casey.page.waitForURL('**/signin?next=*');
    await casey.page.getByText('to accept your co-parent’s invitation').waitFor();
    await casey.page.getByRole('link', { name: 'Create an account' }).click();
    await casey.page.waitForURL('**/signup?next=*');
    await signUpInBrowser(
      casey,
      new URL(casey.page.url()).pathname + new URL(casey.page.url()).search,
    );
    await casey.page.waitForURL('**/rooms/*');
    roomPath = new URL(casey.page.url()).pathname;
    await casey.page.getByRole('heading', { name: jordan.name }).waitFor();
    await jordan.page.waitForURL(`**${roomPath}`, { timeout: 20_000 });
  });

  it('enables notifications; a push shows one, and its click opens the room', async () => {
    const { publicKey } = (await (
      await fetch(`${e2e.server.url}/api/push/vapid-public-key`)
    ).json()) as { publicKey: string };
    await stubPushManager(
      casey.context,
      push.createSubscription({ applicationServerKey: publicKey }),
    );
    await casey.context.grantPermissions(['notifications'], { origin: e2e.url });
    await casey.page.goto('/profile');
    await casey.page.waitForFunction(() => navigator.serviceWorker.controller !== null);
    await casey.page.getByRole('button', { name: 'Enable notifications' }).click();
    await casey.page.getByText('This device gets a notification').waitFor();
    expect(await casey.page.evaluate(() => localStorage.getItem('test.subscribe-key'))).toBe(
      publicKey,
    );

    // Casey closes Parley; Jordan writes. The server pushes to Casey's subscription.
    await casey.page.close();
    await jordan.page.locator('.presence', { hasText: 'Offline' }).waitFor();
    await jordan.page
      .getByLabel('Message', { exact: true })
      .fill('Pickup moved to 5 pm on Friday.');
    await jordan.page.getByLabel('Message', { exact: true }).press('Enter');
    const [received] = await push.waitForReceived(1, 15_000);
    const payload = received!.payload as { title: string; url: string };
    expect(payload.url).toBe(roomPath);

    // Casey's phone gets it: the service worker shows it.
    casey.page = await casey.context.newPage();
    await casey.page.goto('/tasks');
    const { cdp, registrationId } = await serviceWorkerSession(casey.page);
    await cdp.send('ServiceWorker.deliverPushMessage', {
      origin: e2e.url,
      registrationId,
      data: received!.plaintext!,
    });
    const shown = await eventually(
      () =>
        casey.page.evaluate(async () => {
          const reg = await navigator.serviceWorker.getRegistration();
          return (await reg!.getNotifications()).map((n) => ({
            title: n.title,
            data: n.data as unknown,
          }));
        }),
      (list) => list.length > 0,
    );
    expect(shown).toEqual([{ title: payload.title, data: { url: roomPath } }]);

    // No DevTools call clicks a notification: the worker's own click handler runs on a click event.
    const [worker] = casey.context.serviceWorkers();
    await worker!.evaluate(async () => {
      // Runs in the service worker (its types are not this file's).
      const sw = self as unknown as {
        registration: { getNotifications(): Promise<Notification[]> };
        dispatchEvent(event: Event): boolean;
        NotificationEvent: new (type: string, init: { notification: Notification }) => Event;
      };
      const [notification] = await sw.registration.getNotifications();
      sw.dispatchEvent(
        new sw.NotificationEvent('notificationclick', { notification: notification! }),
      );
    });
    await casey.page.waitForURL(`**${roomPath}`);
    await eventually(
      () => messageTexts(casey.page),
      (t) => t.includes('Pickup moved to 5 pm on Friday.'),
    );
    expect(await messageTexts(casey.page)).toContain('Pickup moved to 5 pm on Friday.');
  });
});
