/**
 * The web client's first load, measured in headless Chromium against a
 * running Parley (`npm start`): JavaScript transferred for the chat page
 * (encoded bytes, i.e. gzip on the wire when the server compresses, else
 * raw) and the time from navigation start to the first message rendered,
 * cold (no cache, no service worker) and warm (service worker + IndexedDB).
 *
 *   npm start &   # then:
 *   npx tsx bench/clientLoad.ts --url http://localhost:3000 --runs 5
 */
import { randomBytes } from 'node:crypto';
import { chromium, type Browser, type Page } from 'playwright-core';
import { io } from 'socket.io-client';
import { CHROMIUM_ARGS, chromiumPath } from '../test/support/browser.js';

const args = process.argv.slice(2);
const flag = (name: string, fallback: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] ? args[i + 1]! : fallback;
};
const BASE = flag('url', 'http://localhost:3000');
const RUNS = Number(flag('runs', '5'));
const MESSAGES = Number(flag('messages', '60'));

async function post(
  path: string,
  body: unknown,
  cookie = '',
): Promise<{ json: unknown; cookie: string }> {
  const res = await fetch(`${BASE}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie, origin: BASE },
    body: JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
  const set = res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
  return { json: await res.json(), cookie: set || cookie };
}

/** Two parents, paired, with MESSAGES messages in their room (sent over the real socket). */
async function fixture(): Promise<{ cookie: string; roomId: string }> {
  const id = randomBytes(4).toString('hex');
  const a = await post('/api/auth/signup', {
    email: `a-${id}@example.com`,
    password: 'correct horse battery',
    displayName: 'Alex',
  });
  const b = await post('/api/auth/signup', {
    email: `b-${id}@example.com`,
    password: 'correct horse battery',
    displayName: 'Sam',
  });
  const created = (await post('/api/pairings', {}, a.cookie)).json as { pairing: { code: string } };
  const accepted = await post('/api/pairings/accept', { code: created.pairing.code }, b.cookie);
  const roomId = (accepted.json as { room: { id: string } }).room.id;
  const socket = io(BASE, {
    transports: ['websocket'],
    extraHeaders: { cookie: b.cookie, origin: BASE },
  });
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', reject);
  });
  for (let i = 0; i < MESSAGES; i++) {
    await socket.timeout(5000).emitWithAck('message:send', {
      roomId,
      clientId: `bench-${id}-${i}`,
      text: `Message ${i}: the pickup is at 5 pm on Friday at the school gate.`,
    });
    await new Promise((r) => setTimeout(r, 210)); // under the per-socket send limit
  }
  socket.close();
  return { cookie: a.cookie, roomId };
}

interface Load {
  scriptBytes: number;
  allBytes: number;
  htmlMs: number;
  loadEventMs: number;
  firstMessageMs: number;
}

/** Marks when the first confirmed message appears (before any app script runs). */
function watchFirstMessage() {
  const w = window as unknown as { __firstMessageAt?: number };
  new MutationObserver((_m, observer) => {
    if (document.querySelector('.msg:not(.pending) .text')) {
      w.__firstMessageAt = performance.now();
      observer.disconnect();
    }
  }).observe(document, { childList: true, subtree: true });
}

async function openContext(browser: Browser, cookie: string, warm: boolean) {
  // Cold: nothing cached and no service worker; warm: one profile, visited before.
  const context = await browser.newContext({
    viewport: { width: 390, height: 844 },
    serviceWorkers: warm ? 'allow' : 'block',
  });
  const [name, value] = cookie.split('=');
  await context.addCookies([{ name: name!, value: value!, url: BASE }]);
  await context.addInitScript(watchFirstMessage);
  return context;
}

async function loadOnce(page: Page, roomId: string): Promise<Load> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Network.enable');
  const types = new Map<string, string>();
  let scriptBytes = 0;
  let allBytes = 0;
  cdp.on('Network.responseReceived', (e: { requestId: string; type: string }) =>
    types.set(e.requestId, e.type),
  );
  cdp.on('Network.loadingFinished', (e: { requestId: string; encodedDataLength: number }) => {
    allBytes += e.encodedDataLength;
    if (types.get(e.requestId) === 'Script') scriptBytes += e.encodedDataLength;
  });
  await page.goto(`${BASE}/rooms/${roomId}`);
  await page.waitForFunction(
    () => (window as unknown as { __firstMessageAt?: number }).__firstMessageAt,
  );
  const t = await page.evaluate(() => {
    const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming;
    return {
      firstMessageMs: (window as unknown as { __firstMessageAt: number }).__firstMessageAt,
      htmlMs: nav.responseEnd,
      loadEventMs: nav.loadEventEnd || nav.loadEventStart,
    };
  });
  await cdp.detach();
  return { scriptBytes, allBytes, ...t };
}

async function measure(
  browser: Browser,
  cookie: string,
  roomId: string,
  warm: boolean,
): Promise<Load[]> {
  const loads: Load[] = [];
  if (!warm) {
    for (let run = 0; run < RUNS; run++) {
      const context = await openContext(browser, cookie, false);
      loads.push(await loadOnce(await context.newPage(), roomId));
      await context.close();
    }
    return loads;
  }
  const context = await openContext(browser, cookie, true);
  const page = await context.newPage();
  await loadOnce(page, roomId); // installs the service worker, fills IndexedDB
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
  for (let run = 0; run < RUNS; run++) loads.push(await loadOnce(page, roomId));
  await context.close();
  return loads;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

const { cookie, roomId } = await fixture();
const browser = await chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_ARGS });
try {
  for (const warm of [false, true]) {
    const loads = await measure(browser, cookie, roomId, warm);
    const row = (k: keyof Load) => median(loads.map((l) => l[k]));
    console.log(
      `${warm ? 'warm (service worker, IndexedDB)' : 'cold (no cache)'}: median of ${loads.length}: ` +
        `JS transferred ${(row('scriptBytes') / 1024).toFixed(1)} KiB, everything ${(row('allBytes') / 1024).toFixed(1)} KiB; ` +
        `HTML received ${row('htmlMs').toFixed(0)} ms, load event ${row('loadEventMs').toFixed(0)} ms, ` +
        `first message rendered ${row('firstMessageMs').toFixed(0)} ms (after navigation start)`,
    );
  }
} finally {
  await browser.close();
}
