/**
 * `npm start` runs this before the server: builds the web client when
 * `client/dist` is missing or older than its sources. `--force` always builds.
 * Without Vite (dev dependencies omitted) an existing build is served as is.
 */
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { CLIENT_DIR, clientBuildIsStale, ensureClientBuilt } from './clientBuild.js';

if (process.argv.includes('--force')) {
  await rm(path.join(CLIENT_DIR, 'dist', '.built'), { force: true });
}
try {
  const { built, ms } = await ensureClientBuilt();
  if (built) console.log(`web client built in ${(ms / 1000).toFixed(1)} s`);
} catch (err) {
  const message = err instanceof Error ? err.message : String(err);
  if (process.argv.includes('--force') || (await clientBuildIsStale().catch(() => true))) {
    console.error(`web client: ${message}`);
  }
  // The API still serves; `/` explains that the client is not built.
  process.exitCode = process.argv.includes('--force') ? 1 : 0;
}
