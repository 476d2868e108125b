/**
 * Builds the web client when `client/dist` is missing or older than its
 * sources. `npm start` runs this first (see README "Web client"); the
 * browser tests call `ensureClientBuilt()` so they always drive the code
 * they test. A lock directory keeps two callers from building at once.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import zlib from 'node:zlib';

const ROOT = path.resolve(import.meta.dirname, '..');
export const CLIENT_DIR = path.join(ROOT, 'client');
const DIST = path.join(CLIENT_DIR, 'dist');
/** Written last by a successful build: its absence means "no complete build". */
const STAMP = path.join(DIST, '.built');
const LOCK = path.join(CLIENT_DIR, '.build-lock');
const SOURCES = ['src', 'public', 'index.html', 'vite.config.ts', '../package-lock.json'];

async function newestMtime(target: string): Promise<number> {
  const info = await stat(target).catch(() => null);
  if (!info) return 0;
  if (!info.isDirectory()) return info.mtimeMs;
  const entries = await readdir(target);
  const times = await Promise.all(entries.map((e) => newestMtime(path.join(target, e))));
  return Math.max(info.mtimeMs, ...times);
}

/** Whether the build is missing or older than any source file. */
export async function clientBuildIsStale(): Promise<boolean> {
  const built = await stat(STAMP).catch(() => null);
  if (!built) return true;
  const sources = await Promise.all(SOURCES.map((s) => newestMtime(path.join(CLIENT_DIR, s))));
  return Math.max(...sources) > built.mtimeMs;
}

function runVite(): Promise<void> {
  const vite = path.join(ROOT, 'node_modules', '.bin', 'vite');
  if (!existsSync(vite)) {
    return Promise.reject(
      new Error(
        'Vite is not installed: run `npm install` (with dev dependencies) to build the client',
      ),
    );
  }
  return new Promise((resolve, reject) => {
    const child = spawn(vite, ['build', CLIENT_DIR, '--logLevel', 'warn'], {
      cwd: ROOT,
      stdio: 'inherit',
      // Whatever the caller runs under (jest sets 'test'), the client is a production build.
      env: { ...process.env, NODE_ENV: 'production' },
    });
    child.on('error', reject);
    child.on('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`vite build exited with ${code}`)),
    );
  });
}

async function withLock<T>(fn: () => Promise<T>): Promise<T> {
  const deadline = Date.now() + 180_000;
  for (;;) {
    try {
      await mkdir(LOCK);
      break;
    } catch {
      const age = Date.now() - ((await stat(LOCK).catch(() => null))?.mtimeMs ?? Date.now());
      if (age > 180_000) await rm(LOCK, { recursive: true, force: true }); // a crashed builder's
      if (Date.now() > deadline) throw new Error('Timed out waiting for another client build');
      await new Promise((r) => setTimeout(r, 250));
    }
  }
  try {
    return await fn();
  } finally {
    await rm(LOCK, { recursive: true, force: true });
  }
}

const gzip = promisify(zlib.gzip);
const brotli = promisify(zlib.brotliCompress);
const COMPRESSIBLE = /\.(js|css|html|svg|webmanifest|json)$/;

/**
 * Writes `.br` and `.gz` beside every text asset of the build, so the server
 * sends them precompressed (no compression work per request).
 */
async function precompress(dir: string): Promise<void> {
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) await precompress(file);
    else if (COMPRESSIBLE.test(entry.name)) {
      const raw = await readFile(file);
      await writeFile(`${file}.gz`, await gzip(raw, { level: 9 }));
      await writeFile(
        `${file}.br`,
        await brotli(raw, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11 } }),
      );
    }
  }
}

/** Builds the client if stale; returns whether it built and how long that took. */
export async function ensureClientBuilt(): Promise<{ built: boolean; ms: number }> {
  const started = Date.now();
  return withLock(async () => {
    if (!(await clientBuildIsStale())) return { built: false, ms: 0 };
    await runVite();
    await precompress(DIST);
    await writeFile(STAMP, new Date().toISOString());
    return { built: true, ms: Date.now() - started };
  });
}
