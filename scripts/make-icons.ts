/**
 * Renders the project's own SVG icons (client/icons-src) to the PNGs the
 * PWA manifest and iOS need (client/public/icons), with the same headless
 * Chromium the browser tests use. Run after changing an SVG; the PNGs are
 * committed, so builds need no image tooling.
 *
 *   npx tsx scripts/make-icons.ts
 */
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS, chromiumPath } from '../test/support/browser.js';

const ROOT = path.resolve(import.meta.dirname, '..', 'client');
const OUTPUTS: { source: string; file: string; size: number }[] = [
  { source: 'icon.svg', file: 'icon-192.png', size: 192 },
  { source: 'icon.svg', file: 'icon-512.png', size: 512 },
  { source: 'icon.svg', file: 'apple-touch-icon.png', size: 180 },
  { source: 'maskable.svg', file: 'maskable-512.png', size: 512 },
  { source: 'badge.svg', file: 'badge-72.png', size: 72 },
];

const browser = await chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_ARGS });
try {
  const page = await browser.newPage();
  for (const out of OUTPUTS) {
    const svg = await readFile(path.join(ROOT, 'icons-src', out.source), 'utf8');
    await page.setViewportSize({ width: out.size, height: out.size });
    await page.setContent(
      `<style>html,body{margin:0;background:transparent}svg{display:block;width:${out.size}px;height:${out.size}px}</style>${svg}`,
    );
    const png = await page.screenshot({ omitBackground: true });
    await writeFile(path.join(ROOT, 'public', 'icons', out.file), png);
    console.log(`${out.file} ${out.size}x${out.size}`);
  }
} finally {
  await browser.close();
}
