/// <reference lib="dom" />
// (Code passed to page.evaluate runs in the browser.)
/**
 * Browser tests: the built client served by a real server on port 0,
 * driven in Debian's Chromium through playwright-core, one browser context
 * per parent. Screenshots go to test/e2e/screenshots (git-ignored).
 */
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { createRequire } from 'node:module';
import type AxeModule from '@axe-core/playwright';
import {
  chromium,
  type Browser,
  type BrowserContext,
  type Locator,
  type Page,
} from 'playwright-core';
import { ensureClientBuilt } from '../../scripts/clientBuild.js';
import { CHROMIUM_ARGS, chromiumPath } from './browser.js';
import { startTestServer, type TestServer } from './testServer.js';
import type { ServiceOptions } from '../../server/container.js';

export const PHONE = { width: 390, height: 844 };
export const DESKTOP = { width: 1280, height: 800 };
// Its types describe the CommonJS build (whose `default` is the class); load that build.
const { default: AxeBuilder } = createRequire(import.meta.url)(
  '@axe-core/playwright',
) as typeof AxeModule;
const SHOTS = path.resolve(import.meta.dirname, '..', 'e2e', 'screenshots');

export interface E2E {
  server: TestServer;
  /** The origin the browsers use: the server's own PUBLIC_URL origin (localhost), so same-origin checks pass. */
  url: string;
  browser: Browser;
  /** A fresh browser profile (a parent's phone or computer) on the test server. */
  newParent(viewport?: { width: number; height: number }): Promise<Parent>;
  close(): Promise<void>;
}

export interface Parent {
  context: BrowserContext;
  page: Page;
  name: string;
  email: string;
}

/** Builds the client if stale, starts a server (with `env` on top of the test defaults) and Chromium. */
export async function startE2E(
  options: { services?: ServiceOptions; env?: Record<string, string> } = {},
): Promise<E2E> {
  await ensureClientBuilt();
  const executablePath = chromiumPath(); // before the server starts: a missing browser leaks nothing
  const server = await startTestServer(options.env ?? {}, { services: options.services });
  const browser = await chromium
    .launch({ executablePath, args: CHROMIUM_ARGS })
    .catch(async (err: unknown) => {
      await server.stop();
      throw err;
    });
  const url = new URL(server.url);
  url.hostname = 'localhost';
  const origin = url.origin;
  const contexts: BrowserContext[] = [];
  let n = 0;
  return {
    server,
    url: origin,
    browser,
    async newParent(viewport = PHONE) {
      n += 1;
      const context = await browser.newContext({ baseURL: origin, viewport });
      contexts.push(context);
      const page = await context.newPage();
      const id = `${Date.now().toString(36)}${n}`;
      return { context, page, name: `Parent${n}`, email: `parent-${id}@example.com` };
    },
    async close() {
      for (const c of contexts) await c.close().catch(() => undefined);
      await browser.close();
      await server.stop();
    },
  };
}

/** Signs up through the form; ends on the page the app leads to. */
export async function signUpInBrowser(parent: Parent, from = '/signup'): Promise<void> {
  const { page } = parent;
  await page.goto(from);
  await page.getByLabel('Your name').fill(parent.name);
  await page.getByLabel('Email').fill(parent.email);
  await page.getByLabel('Password').fill('correct horse battery');
  await page.getByRole('button', { name: 'Create account' }).click();
}

/** The initiator creates an invitation; returns its code as shown. */
export async function createInvitation(page: Page): Promise<{ code: string; link: string }> {
  await page.goto('/pairing');
  await page.getByRole('button', { name: 'Create invitation' }).click();
  const code = (await page.locator('.code').textContent())!.trim();
  const link = await page.getByLabel('Invite link').inputValue();
  return { code, link };
}

/** Saves a screenshot at phone and desktop sizes (the viewport is restored after). */
export async function screenshots(page: Page, name: string): Promise<void> {
  await mkdir(SHOTS, { recursive: true });
  const original = page.viewportSize();
  for (const size of [PHONE, DESKTOP]) {
    await page.setViewportSize(size);
    await page.waitForTimeout(150);
    await page.screenshot({ path: path.join(SHOTS, `${name}-${size.width}x${size.height}.png`) });
  }
  if (original) await page.setViewportSize(original);
}

/** axe-core's serious and critical violations on the page as it is now. */
export async function seriousViolations(page: Page): Promise<string[]> {
  const result = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21aa'])
    .analyze();
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.help} (${v.nodes.map((node) => node.target.join(' ')).join(', ')})`);
}

/** Polls `read` until `accept` holds (bounded); returns the last value read. */
export async function eventually<T>(
  read: () => Promise<T>,
  accept: (value: T) => boolean,
  timeoutMs = 10_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let value = await read();
  while (!accept(value) && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 100));
    value = await read();
  }
  return value;
}

/** The texts of the confirmed messages shown in the room, oldest first. */
export function messageTexts(page: Page): Promise<string[]> {
  return page.locator('.msg:not(.pending) .bubble > .text').allTextContents();
}

/**
 * Whether a parent sees the element without scrolling: its whole box inside
 * the viewport and nothing (a tab bar, another panel) drawn over its centre.
 */
export function inView(locator: Locator): Promise<boolean> {
  return locator.evaluate((el) => {
    const r = el.getBoundingClientRect();
    if (r.width === 0 || r.height === 0) return false;
    if (r.top < 0 || r.left < 0 || r.bottom > window.innerHeight || r.right > window.innerWidth)
      return false;
    const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
    return hit !== null && el.contains(hit);
  });
}
