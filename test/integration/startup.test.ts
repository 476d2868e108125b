/**
 * The real entry point with no configuration: it starts an embedded
 * PostgreSQL under DATA_DIR, serves /healthz, stops cleanly on SIGTERM
 * leaving no postgres process behind, and a second start reuses the data.
 */
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { statSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { freePort } from '../../server/db/embedded.js';

const TSX = path.resolve('node_modules/.bin/tsx');
let dataDir: string | undefined;
let running: ChildProcess | undefined;

afterAll(async () => {
  // Only on failure is anything still running; stop it by its own pid.
  if (running && running.exitCode === null) {
    running.kill('SIGTERM');
    await new Promise((resolve) => running?.once('exit', resolve));
  }
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

interface Started {
  child: ChildProcess;
  url: string;
  output: () => string;
}

/** Spawns `tsx server/index.ts` (what `npm start` runs) and waits for /healthz 200. */
async function start(dir: string): Promise<Started> {
  const port = await freePort();
  const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: dir, PORT: String(port) };
  for (const name of ['DATABASE_URL', 'NODE_OPTIONS', 'NODE_ENV', 'BCRYPT_ROUNDS', 'REDIS_URL'])
    delete env[name];
  env.LOG_LEVEL = 'warn';
  const child = spawn(TSX, ['server/index.ts'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  running = child;
  let output = '';
  child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited early:\n${output}`);
    if (Date.now() > deadline) throw new Error(`no /healthz within 60 s:\n${output}`);
    const res = await fetch(`${url}/healthz`).catch(() => undefined);
    if (res?.status === 200) {
      expect(await res.json()).toEqual({ ok: true, db: 'up' });
      return { child, url, output: () => output };
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** SIGTERM, then the exit code. */
async function stop(started: Started): Promise<number | null> {
  const exited = new Promise<number | null>((resolve) =>
    started.child.once('exit', (code) => resolve(code)),
  );
  started.child.kill('SIGTERM');
  return exited;
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
