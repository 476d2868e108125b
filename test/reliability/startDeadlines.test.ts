/**
 * Issue 11 (CI health): a server started as its own process must either
 * serve or exit non-zero with a message naming the step that failed, never
 * hang. In full parallel runs a start hung: the server listens before its
 * app exists (PORT=0 needs the port for the public URL), and a health probe
 * arriving in that window, widened by a loaded machine, was accepted and
 * never answered. Here the window is held open on purpose: the contacts
 * table is locked, so the start waits in "sealing legacy health notes".
 */
import { mkdtemp, rm } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import { freePort } from '../../server/db/embedded.js';
import { killServerProcesses, spawnServer, type ServerProcess } from '../support/serverProcess.js';
import { createTestDatabase, type TestDatabase } from '../support/testDb.js';

let database: TestDatabase;
let dataDir: string;

beforeAll(async () => {
  database = await createTestDatabase();
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'parley-start-deadlines-'));
});

afterAll(async () => {
  await killServerProcesses();
  await database?.drop();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
}, 30_000);

/** Holds an exclusive lock on `contacts` until release() (a start step that cannot finish). */
async function lockContacts(): Promise<{ release(): Promise<void> }> {
  const client = new pg.Client({ connectionString: database.url });
  await client.connect();
  await client.query('BEGIN');
  await client.query('LOCK TABLE contacts IN ACCESS EXCLUSIVE MODE');
  return {
    async release() {
      await client.query('ROLLBACK').catch(() => undefined);
      await client.end();
    },
  };
}

/** Resolves once something accepts TCP connections on `port` (the server listens). */
async function listening(server: ServerProcess, ms = 60_000): Promise<void> {
  const deadline = Date.now() + ms;
  for (;;) {
    const ok = await new Promise<boolean>((resolve) => {
      const socket = net.connect(server.port, '127.0.0.1');
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (ok) return;
    if (server.child.exitCode !== null) throw new Error(`server exited:\n${server.output()}`);
    if (Date.now() > deadline)
      throw new Error(`not listening within ${ms} ms:\n${server.output()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const env = () => ({ NODE_ENV: 'test', DATABASE_URL: database.url, DATA_DIR: dataDir });

describe('starting a server process', () => {
  it('answers 503 while starting (never an accepted request left unanswered), then serves', async () => {
    const lock = await lockContacts();
    let server: ServerProcess;
    try {
      server = await spawnServer(env());
      await listening(server);
      // The old server accepted this and never answered: the probe waited forever.
      const res = await fetch(`${server.url}/healthz`, { signal: AbortSignal.timeout(10_000) });
      expect(res.status).toBe(503);
      expect(res.headers.get('retry-after')).toBe('1');
      expect(await res.json()).toMatchObject({ error: { code: 'unavailable' } });
    } finally {
      await lock.release();
    }
    expect(await server.healthy(60_000)).toEqual({ ok: true, db: 'up' });
    expect(await server.stop(30_000)).toBe(0);
  }, 120_000);

  it('exits 1 naming the step when a start step passes its deadline', async () => {
    const lock = await lockContacts();
    try {
      const server = await spawnServer({ ...env(), START_STEP_TIMEOUT_MS: '1500' });
      expect(await server.exited(60_000)).toBe(1);
      expect(server.output()).toContain('start step "sealing legacy health notes" did not finish');
    } finally {
      await lock.release();
    }
  }, 90_000);

  it('exits 1 naming the step when Redis does not answer', async () => {
    // A port nobody listens on: node-redis would retry it forever.
    const redisPort = await freePort();
    const server = await spawnServer({
      ...env(),
      REDIS_URL: `redis://127.0.0.1:${redisPort}`,
      START_STEP_TIMEOUT_MS: '1500',
    });
    expect(await server.exited(60_000)).toBe(1);
    expect(server.output()).toContain('start step "connecting to Redis"');
  }, 90_000);
});
