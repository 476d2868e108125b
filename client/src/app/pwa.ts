/**
 * The service worker from the app's side: registration, "open this room"
 * requests from a notification click, and the web-push subscription.
 */
import { useEffect } from 'react';
import { useNavigate } from 'react-router';
import { api } from '../api/http';

const INSTALL_ATTEMPTS = 4;

/**
 * Registers the service worker once the page has loaded. An install that
 * fails (one precached file not fetched on a bad connection) leaves the app
 * without offline start until the next visit, so it is tried again, a few
 * times with a growing pause.
 */
export function registerServiceWorker(): void {
  if (!import.meta.env.PROD || !('serviceWorker' in navigator)) return;
  window.addEventListener('load', () => void installServiceWorker(1));
}

async function installServiceWorker(attempt: number): Promise<void> {
  const retry = () => {
    if (attempt < INSTALL_ATTEMPTS)
      setTimeout(() => void installServiceWorker(attempt + 1), 2_000 * attempt);
  };
  try {
    const reg = await navigator.serviceWorker.register('/sw.js', { scope: '/' });
    const worker = reg.installing;
    worker?.addEventListener('statechange', () => {
      if (worker.state === 'redundant' && !reg.active) retry();
    });
  } catch {
    retry();
  }
}

/** A notification click in an open window asks it (by message) to show a path of the app. */
export function useServiceWorkerNavigation(): void {
  const navigate = useNavigate();
  useEffect(() => {
    if (!('serviceWorker' in navigator)) return;
    const onMessage = (event: MessageEvent<{ type?: string; url?: string }>) => {
      const url = event.data?.url;
      if (event.data?.type === 'navigate' && typeof url === 'string' && url.startsWith('/')) {
        void navigate(url);
      }
    };
    navigator.serviceWorker.addEventListener('message', onMessage);
    return () => navigator.serviceWorker.removeEventListener('message', onMessage);
  }, [navigate]);
}

export type PushState = 'unsupported' | 'denied' | 'off' | 'on';

export async function pushState(): Promise<PushState> {
  if (!('serviceWorker' in navigator) || !('PushManager' in window)) return 'unsupported';
  if (Notification.permission === 'denied') return 'denied';
  const reg = await navigator.serviceWorker.getRegistration();
  const sub = await reg?.pushManager.getSubscription();
  return sub ? 'on' : 'off';
}

function keyBytes(base64url: string): Uint8Array<ArrayBuffer> {
  const base64 = base64url.replace(/-/g, '+').replace(/_/g, '/');
  const raw = atob(base64 + '='.repeat((4 - (base64.length % 4)) % 4));
  const out = new Uint8Array(new ArrayBuffer(raw.length));
  for (let i = 0; i < raw.length; i++) out[i] = raw.charCodeAt(i);
  return out;
}

/** Asks permission, subscribes with the server's VAPID key, and registers the subscription. */
export async function enablePush(includeText: boolean): Promise<PushState> {
  if ((await pushState()) === 'unsupported') return 'unsupported';
  const permission = await Notification.requestPermission();
  if (permission !== 'granted') return permission === 'denied' ? 'denied' : 'off';
  const reg = await navigator.serviceWorker.ready;
  const { publicKey } = await api<{ publicKey: string }>('/push/vapid-public-key');
  const sub =
    (await reg.pushManager.getSubscription()) ??
    (await reg.pushManager.subscribe({
      userVisibleOnly: true,
      applicationServerKey: keyBytes(publicKey),
    }));
  await api('/push/subscriptions', { method: 'POST', body: { ...sub.toJSON(), includeText } });
  return 'on';
}

export async function disablePush(): Promise<PushState> {
  const reg = await navigator.serviceWorker.getRegistration();
  const sub = await reg?.pushManager.getSubscription();
  if (sub) {
    await api('/push/subscriptions', { method: 'DELETE', body: { endpoint: sub.endpoint } });
    await sub.unsubscribe();
  }
  return 'off';
}
