/** What a push shows, and where its click leads: only paths of this app, never another origin. */

interface PushPayload {
  title?: unknown;
  body?: unknown;
  url?: unknown;
  tag?: unknown;
}

const GENERIC_TITLE = 'Parley';

/** The notification for a push payload (`{ title, body, url, tag? }` from the server). */
export function notificationFromPush(raw: string | null): {
  title: string;
  options: NotificationOptions;
} {
  let payload: PushPayload;
  try {
    payload = raw ? (JSON.parse(raw) as PushPayload) : {};
  } catch {
    payload = { body: raw ?? undefined };
  }
  const title = typeof payload.title === 'string' && payload.title ? payload.title : GENERIC_TITLE;
  const url = typeof payload.url === 'string' ? payload.url : '/';
  return {
    title,
    options: {
      body: typeof payload.body === 'string' ? payload.body : undefined,
      tag: typeof payload.tag === 'string' ? payload.tag : undefined,
      icon: '/icons/icon-192.png',
      badge: '/icons/badge-72.png',
      data: { url },
    },
  };
}

/** The same-origin path a click opens: the notification's url when it is one of ours, else home. */
export function clickTarget(data: unknown, origin: string): string {
  const url = (data as { url?: unknown } | null)?.url;
  if (typeof url !== 'string') return '/';
  try {
    const target = new URL(url, origin);
    return target.origin === origin ? target.pathname + target.search : '/';
  } catch {
    return '/';
  }
}
