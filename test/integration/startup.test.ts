/**
 * The real entry point with no configuration: it starts an embedded
 * PostgreSQL under DATA_DIR, serves /healthz, stops cleanly on SIGTERM
 * leaving no postgres process behind, and a second start reuses the data.
 */
import { execFileSync } from 'node:child_process';
import { statSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { killServerProcesses, spawnServer, type ServerProcess } from '../support/serverProcess.js';

let dataDir: string | undefined;

afterAll(async () => {
  // Only on failure is anything still running: killed with all it started.
  await killServerProcesses();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
}, 30_000);

/** Spawns `tsx server/index.ts` (what `npm start` runs) and waits for /healthz 200. */
async function start(dir: string): Promise<ServerProcess> {
  const started = await spawnServer({ DATA_DIR: dir });
  expect(await started.healthy(60_000)).toEqual({ ok: true, db: 'up' });
  return started;
}

/** SIGTERM, then the exit code. */
async function stop(started: ServerProcess): Promise<number | null> {
  return started.stop(30_000);
}

function processesMentioning(dir: string): string[] {
  return execFileSync('ps', ['-eo', 'args'], { encoding: 'utf8' })
    .split('\n')
    .filter((line) => line.includes(dir));
}

describe('npm start with no configuration', () => {
  it('serves on an embedded database, stops cleanly, and reuses its data', async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'parley-start-'));
    const credentials = { email: 'first-run@example.com', password: 'first run password' };

    const first = await start(dataDir);
    const signup = await request(first.url)
      .post('/api/auth/signup')
      .send({ ...credentials, displayName: 'First' });
    expect(signup.status).toBe(201);
    const cookie = (signup.headers['set-cookie'] as unknown as string[])[0]!.split(';')[0]!;
    expect(await stop(first)).toBe(0);
    expect(processesMentioning(dataDir)).toEqual([]);

    // Secrets generated on the first start are kept, owner-only.
    for (const name of ['session-secret', 'encryption-key'])
      expect(statSync(path.join(dataDir, name)).mode & 0o777).toBe(0o600);

    const second = await start(dataDir);
    // The session from the first run is still good: same secret, same database.
    const me = await request(second.url).get('/api/auth/me').set('cookie', cookie);
    expect(me.status).toBe(200);
    expect(me.body.user.id).toBe(signup.body.user.id);
    const login = await request(second.url).post('/api/auth/login').send(credentials);
    expect(login.status).toBe(200);
    expect(login.body.user.id).toBe(signup.body.user.id);
    expect(await stop(second)).toBe(0);
    expect(processesMentioning(dataDir)).toEqual([]);
    // Two cold starts (initdb, migrations) and two stops: ~40 s on a quiet machine; a fresh-clone
    // CI run at load ~20 needed more than 150 s without any step hanging.
  }, 300_000);
});
