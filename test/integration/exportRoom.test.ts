/**
 * `npm run export-room`, run as an operator would on the server's database:
 * the room's record lands in a file that verifies offline with the server's
 * published key and names the operator; PDF too; an existing file is never
 * overwritten; no --operator, no export.
 */
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { verifyRecordBytes } from '../../server/records/verifyRecord.js';
import { createRoom } from '../support/rooms.js';
import { connectSocket, emitAck } from '../support/sockets.js';
import { startTestServer, type TestServer } from '../support/testServer.js';
import { signUp } from '../support/users.js';

const execFileAsync = promisify(execFile);

let server: TestServer;
let roomId: string;
let outDir: string;

async function exportRoom(...args: string[]) {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATABASE_URL: server.database.url,
    DATA_DIR: server.dataDir,
  };
  delete env.NODE_OPTIONS;
  delete env.LOG_LEVEL;
  return execFileAsync('npx', ['tsx', 'scripts/export-room.ts', ...args], { env }).then(
    ({ stdout }) => ({ code: 0, stdout, stderr: '' }),
    (err: { code: number; stdout: string; stderr: string }) => err,
  );
}

beforeAll(async () => {
  server = await startTestServer();
  outDir = await mkdtemp(path.join(os.tmpdir(), 'parley-export-'));
  const [ann, bob] = await Promise.all([signUp(server.url), signUp(server.url)]);
  roomId = await createRoom(server.database.url, [ann.user.id, bob.user.id]);
  const socket = await connectSocket(server.url, ann.cookie);
  for (const text of ['Pick-up Friday 5pm at school', 'Dentist on Tuesday at 3pm']) {
    const ack = await emitAck(socket, 'message:send', { roomId, clientId: randomUUID(), text });
    expect(ack).toMatchObject({ ok: true, status: 'sent' });
  }
  socket.close();
}, 60_000);
afterAll(async () => {
  await server.stop();
  await rm(outDir, { recursive: true, force: true });
});

describe('export-room', () => {
  it('writes the signed JSON record, verifiable offline, naming the operator', async () => {
    const file = path.join(outDir, 'record.json');
    const run = await exportRoom(roomId, '--operator', 'J. Doe, order 2026-123', '--out', file);
    expect(run).toMatchObject({ code: 0 });
    expect(run.stdout).toContain('2 messages');
    expect(run.stdout).toContain('chain verified');
    const key = (await (await fetch(`${server.url}/.well-known/parley-record-key`)).json()) as {
      fingerprint: string;
    };
    const bytes = await readFile(file);
    expect(verifyRecordBytes(bytes, key.fingerprint)).toMatchObject({ verdict: 'intact' });
    const record = JSON.parse(bytes.toString('utf8')) as {
      header: { exportedBy: unknown; room: { id: string } };
    };
    expect(record.header.room.id).toBe(roomId);
    expect(record.header.exportedBy).toEqual({
      userId: 0,
      displayName: 'J. Doe, order 2026-123',
      as: 'operator',
    });
  }, 150_000);

  it('writes the PDF record', async () => {
    const file = path.join(outDir, 'record.pdf');
    const run = await exportRoom(roomId, '--operator', 'J. Doe', '--format', 'pdf', '--out', file);
    expect(run).toMatchObject({ code: 0 });
    expect((await readFile(file)).subarray(0, 5).toString()).toBe('%PDF-');
  }, 150_000);

  it('never overwrites a file, and wants an operator and a room that exists', async () => {
    const file = path.join(outDir, 'existing.json');
    await writeFile(file, 'keep me');
    const clash = await exportRoom(roomId, '--operator', 'J. Doe', '--out', file);
    expect(clash.code).toBe(2);
    expect(await readFile(file, 'utf8')).toBe('keep me');
    const anonymous = await exportRoom(roomId, '--out', path.join(outDir, 'a.json'));
    expect(anonymous.code).toBe(2);
    expect(anonymous.stderr).toContain('--operator');
    const missing = await exportRoom(
      randomUUID(),
      '--operator',
      'J. Doe',
      '--out',
      path.join(outDir, 'b.json'),
    );
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('Room not found');
  }, 300_000);
});
