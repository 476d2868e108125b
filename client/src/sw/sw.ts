/// <reference lib="webworker" />
/**
 * The service worker: precached app shell (so a reload works offline and
 * the outbox survives it), navigation fallback to index.html for the app's
 * own routes (never /api or /socket.io), pushes shown as notifications, and
 * a click that opens the notification's room.
 */
import {
  cleanupOutdatedCaches,
  createHandlerBoundToURL,
  precacheAndRoute,
} from 'workbox-precaching';
import { NavigationRoute, registerRoute } from 'workbox-routing';
import { clickTarget, notificationFromPush } from './notifications';

declare const self: ServiceWorkerGlobalScope;

void self.skipWaiting();
self.addEventListener('activate', (event) => event.waitUntil(self.clients.claim()));

precacheAndRoute(self.__WB_MANIFEST);
cleanupOutdatedCaches();
registerRoute(
  new NavigationRoute(createHandlerBoundToURL('/index.html'), {
    denylist: [/^\/api\//, /^\/socket\.io\//, /^\/healthz/, /^\/\.well-known\//, /^\/metrics/],
  }),
);

self.addEventListener('push', (event) => {
  const { title, options } = notificationFromPush(event.data?.text() ?? null);
  event.waitUntil(self.registration.showNotification(title, options));
});

self.addEventListener('notificationclick', (event) => {
  event.notification.close();
  const url = clickTarget(event.notification.data, self.location.origin);
  const opening = openApp(url);
  try {
    event.waitUntil(opening);
  } catch {
    // waitUntil refuses events dispatched by script (untrusted); the work runs all the same.
  }
});

/** Shows `url` in an open Parley window (the app navigates itself, the socket stays up), else opens one. */
async function openApp(url: string): Promise<void> {
  const windows = await self.clients.matchAll({ type: 'window', includeUncontrolled: true });
  const open = windows.find((w) => new URL(w.url).origin === self.location.origin);
  if (open) {
    open.postMessage({ type: 'navigate', url });
    await open.focus().catch(() => undefined);
    return;
  }
  await self.clients.openWindow(url);
}
