import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { freePort } from '../../server/db/embedded.js';

/**
 * A Parley server as its own OS process (a second node, `npm start`, a node
 * killed with SIGKILL by a fault test). It runs in a process group of its
 * own, so stopping it reaches everything it started (tsx's child, an
 * embedded PostgreSQL); every process started here is killed when the test
 * file ends, passed or failed, so a hung start never keeps jest from exiting.
 */
export interface ServerProcess {
  child: ChildProcess;
  url: string;
  port: number;
  /** What the process wrote (stdout and stderr, the last 20 kB). */
  output(): string;
  /** Resolves with /healthz's body once it answers 200; fails at the deadline or early exit. */
  healthy(ms?: number): Promise<unknown>;
  /** Resolves with the exit code (null: killed by a signal), at most `ms` after now. */
  exited(ms?: number): Promise<number | null>;
  /** SIGTERM to the server; SIGKILL to its group if still running after `ms`. Resolves with the exit code. */
  stop(ms?: number): Promise<number | null>;
  /** SIGKILL to the whole group (a node dying mid-stream). */
  kill(): Promise<void>;
}

const live = new Set<ChildProcess>();

function signalGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // The group is already gone.
  }
}

function hasExited(child: ChildProcess): boolean {
  return child.exitCode !== null || child.signalCode !== null;
}

// Last resort when the worker ends without afterAll (a crash): no orphans.
process.once('exit', () => {
  for (const child of live) signalGroup(child, 'SIGKILL');
});

/** DATA_DIRs made by startNode, removed by killServerProcesses. */
const dataDirs = new Set<string>();

/**
 * Kills every server process this test file started that still runs, then
 * removes the data directories startNode made (for afterAll).
 */
export async function killServerProcesses(): Promise<void> {
  await Promise.all(
    [...live].map(async (child) => {
      signalGroup(child, 'SIGKILL');
      await waitForExit(child, 10_000);
    }),
  );
  await Promise.all(
    [...dataDirs].map(async (dir) => {
      await rm(dir, { recursive: true, force: true });
      dataDirs.delete(dir);
    }),
  );
}

async function waitForExit(child: ChildProcess, ms: number): Promise<number | null | 'timeout'> {
  if (hasExited(child)) return child.exitCode;
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve('timeout'), ms);
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve(code);
    });
  });
}

/**
 * Spawns `node --import tsx <entry>` (what `npm start` ends in) from the
 * repository root with `env` on top of a clean environment: nothing of the
 * test process's DATABASE_URL, REDIS_URL, NODE_OPTIONS leaks in.
 */
export async function spawnServer(
  env: Record<string, string>,
  options: { entry?: string; port?: number } = {},
): Promise<ServerProcess> {
  const port = options.port ?? (await freePort());
  const base: NodeJS.ProcessEnv = { ...process.env };
  for (const name of ['DATABASE_URL', 'NODE_OPTIONS', 'NODE_ENV', 'BCRYPT_ROUNDS', 'REDIS_URL'])
    delete base[name];
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', options.entry ?? path.join('server', 'index.ts')],
    {
      env: { ...base, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    },
  );
  live.add(child);
  child.once('exit', () => live.delete(child));
  let output = '';
  const keep = (d: Buffer) => {
    output = (output + d.toString()).slice(-20_000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const url = `http://127.0.0.1:${port}`;

  return {
    child,
    url,
    port,
    output: () => output,
    async healthy(ms = 60_000) {
      const deadline = Date.now() + ms;
      for (;;) {
        if (hasExited(child))
          throw new Error(`server exited (${child.exitCode ?? child.signalCode}):\n${output}`);
        if (Date.now() > deadline) throw new Error(`no /healthz 200 within ${ms} ms:\n${output}`);
        // Each probe has its own deadline: a request the server accepted but
        // never answered must not stall the loop past the test's budget.
        const res = await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(2000) }).catch(
          () => undefined,
        );
        if (res?.status === 200) return (await res.json()) as unknown;
        await res?.body?.cancel();
        await new Promise((r) => setTimeout(r, 100));
      }
    },
    async exited(ms = 30_000) {
      const code = await waitForExit(child, ms);
      if (code === 'timeout') throw new Error(`server still running after ${ms} ms:\n${output}`);
      return code;
    },
    async stop(ms = 20_000) {
      // The server alone: it stops what it started (an embedded PostgreSQL
      // signalled too would begin its own shutdown under the draining server).
      if (!hasExited(child)) child.kill('SIGTERM');
      const code = await waitForExit(child, ms);
      if (code !== 'timeout') return code;
      signalGroup(child, 'SIGKILL');
      await waitForExit(child, 10_000);
      throw new Error(`server did not stop within ${ms} ms of SIGTERM (killed):\n${output}`);
    },
    async kill() {
      signalGroup(child, 'SIGKILL');
      await waitForExit(child, 10_000);
    },
  };
}

/**
 * Another Parley node as its own process on `databaseUrl`, the way the
 * fault and cluster tests need one: NODE_ENV=test, fast bcrypt, a fresh
 * DATA_DIR, `env` on top (the cluster's shared SESSION_SECRET and
 * ENCRYPTION_KEY, an adapter, limits). Resolves once /healthz answers 200;
 * a node that never gets there is killed before the error is thrown.
 * killServerProcesses() in afterAll ends it and removes its DATA_DIR.
 */
export async function startNode(
  databaseUrl: string,
  env: Record<string, string> = {},
  options: { healthyWithinMs?: number } = {},
): Promise<ServerProcess> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'parley-node-'));
  dataDirs.add(dataDir);
  const node = await spawnServer({
    NODE_ENV: 'test',
    DATA_DIR: dataDir,
    BCRYPT_ROUNDS: '4',
    ...env,
    DATABASE_URL: databaseUrl,
  });
  try {
    await node.healthy(options.healthyWithinMs ?? 60_000);
  } catch (err) {
    await node.kill();
    throw err;
  }
  return node;
}
