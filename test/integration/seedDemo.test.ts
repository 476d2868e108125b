/**
 * `npm run seed:demo` on a fresh database, run as an operator would: the
 * demo parents can then sign in over the API and find their room, a month of
 * history (held messages resolved, a correction, threads, tasks, contacts)
 * and a chain that verifies. A second run writes nothing.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import type { MessageView } from '../../server/shared/socketEvents.js';
import { DEMO_PARENTS, DEMO_PASSWORD } from '../../scripts/demo/history.js';
import { createTestDatabase, type TestDatabase } from '../support/testDb.js';
import { startTestServer, type TestServer } from '../support/testServer.js';

const execFileAsync = promisify(execFile);
const DAY_MS = 24 * 60 * 60 * 1000;
// The script and the server after it are nodes of one deployment: secrets sealed by one
// (the VAPID key, profile fields) must open in the other.
const SHARED_KEY = { ENCRYPTION_KEY: '5d'.repeat(32) };

let database: TestDatabase;
let dataDir: string;
let server: TestServer | undefined;

async function seed(): Promise<{ code: number; stdout: string }> {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATABASE_URL: database.url,
    DATA_DIR: dataDir,
    ...SHARED_KEY,
    BCRYPT_ROUNDS: '4',
    NODE_ENV: 'test',
  };
  delete env.NODE_OPTIONS;
  delete env.LOG_LEVEL;
  return execFileAsync('npx', ['tsx', 'scripts/seed-demo.ts'], { env }).then(
    ({ stdout }) => ({ code: 0, stdout }),
    (err: { code: number; stdout: string; stderr: string }) => ({
      code: err.code,
      stdout: `${err.stdout}\n${err.stderr}`,
    }),
  );
}

beforeAll(async () => {
  database = await createTestDatabase();
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'parley-seed-'));
});
afterAll(async () => {
  if (server) await server.stop();
  else await database.drop();
  await rm(dataDir, { recursive: true, force: true });
});

describe('seed:demo', () => {
  let firstRun: string;

  it('writes the demo, verifies its chain and prints how to sign in', async () => {
    const { code, stdout } = await seed();
    firstRun = stdout;
    expect({ code, stdout }).toMatchObject({ code: 0 });
    expect(stdout).toMatch(/Hash chain: verified \(\d+ messages\)/);
    for (const parent of Object.values(DEMO_PARENTS)) {
      expect(stdout).toContain(parent.email);
    }
    expect(stdout).toContain(DEMO_PASSWORD);
  }, 180_000);

  it('a second run says the demo exists and writes nothing', async () => {
    const { code, stdout } = await seed();
    expect(code).toBe(0);
    expect(stdout).toContain('The demo already exists');
  }, 120_000);

  it('a demo parent signs in and sees the room, a month of history, threads, tasks and contacts', async () => {
    server = await startTestServer(SHARED_KEY, { database });
    const alex = request.agent(server.url);
    const login = await alex
      .post('/api/auth/login')
      .send({ email: DEMO_PARENTS.a.email, password: DEMO_PASSWORD });
    expect(login.status).toBe(200);

    const rooms = (await alex.get('/api/rooms')).body as {
      rooms: { id: string; members: { displayName: string }[] }[];
    };
    expect(rooms.rooms).toHaveLength(1);
    const room = rooms.rooms[0]!;
    expect(room.members.map((m) => m.displayName).sort()).toEqual(
      [DEMO_PARENTS.a.displayName, DEMO_PARENTS.b.displayName].sort(),
    );

    const page = (await alex.get(`/api/rooms/${room.id}/messages?limit=200`)).body as {
      messages: MessageView[];
      hasMore: boolean;
    };
    const times = page.messages.map((m) => Date.parse(m.createdAt));
    expect(page.messages.length).toBeGreaterThan(40);
    expect((Math.max(...times) - Math.min(...times)) / DAY_MS).toBeGreaterThan(25);
    expect(Math.max(...times)).toBeLessThan(Date.now());
    expect(new Set(page.messages.map((m) => m.type))).toEqual(
      new Set(['user', 'system', 'correction']),
    );
    expect(new Set(page.messages.map((m) => m.sender.displayName)).size).toBe(2);

    const verify = await alex.get(`/api/rooms/${room.id}/verify`);
    expect(verify.body).toEqual({ ok: true, count: page.messages.length });

    const threads = (await alex.get(`/api/rooms/${room.id}/threads`)).body as {
      threads: { category: string }[];
    };
    expect(new Set(threads.threads.map((t) => t.category)).size).toBeGreaterThanOrEqual(4);

    const tasks = (await alex.get(`/api/tasks?roomId=${room.id}`)).body as {
      tasks: { status: string }[];
    };
    expect(tasks.tasks.length).toBeGreaterThanOrEqual(4);
    expect(tasks.tasks.some((t) => t.status === 'completed')).toBe(true);
    expect(tasks.tasks.some((t) => t.status === 'open')).toBe(true);

    const contacts = (await alex.get('/api/contacts')).body as {
      contacts: { relationship: string }[];
    };
    expect(contacts.contacts.filter((c) => c.relationship === 'child')).toHaveLength(2);
    expect(contacts.contacts.some((c) => c.relationship === 'co-parent')).toBe(true);

    // Held messages and their outcomes: as many as the seed reported, across both parents.
    const held = Number(/\((\d+) held by the mediator/.exec(firstRun)?.[1]);
    expect(held).toBeGreaterThanOrEqual(1);
    const sam = request.agent(server.url);
    await sam
      .post('/api/auth/login')
      .send({ email: DEMO_PARENTS.b.email, password: DEMO_PASSWORD });
    let resolved = 0;
    for (const agent of [alex, sam]) {
      const { stats } = (await agent.get('/api/mediation/stats')).body as {
        stats: { totalInterventions: number; pending: number };
      };
      expect(stats.pending).toBe(0);
      resolved += stats.totalInterventions;
    }
    expect(resolved).toBe(held);
  }, 60_000);
});
