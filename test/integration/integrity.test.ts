/**
 * `npm run check-data-integrity` against a real database: clean data written
 * through the real server passes (exit 0); rows planted behind the
 * constraints' back (replica mode skips foreign keys and triggers, as a
 * restore with triggers disabled does) are each reported (exit 1).
 */
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import type { IntegrityReport } from '../../server/records/integrityChecks.js';
import { createRoom } from '../support/rooms.js';
import { connectSocket, emitAck } from '../support/sockets.js';
import { startTestServer, type TestServer } from '../support/testServer.js';
import { signUp, type SignedInUser } from '../support/users.js';

const execFileAsync = promisify(execFile);

let server: TestServer;
let ann: SignedInUser;
let bob: SignedInUser;
let roomA: string;
let roomB: string;

/** Runs the script as an operator would, on the test database. */
async function check(...args: string[]) {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATABASE_URL: server.database.url,
    LOG_LEVEL: 'warn',
  };
  delete env.NODE_OPTIONS;
  return execFileAsync('npx', ['tsx', 'scripts/check-data-integrity.ts', ...args], { env }).then(
    ({ stdout }) => ({ code: 0, stdout }),
    (err: { code: number; stdout: string }) => ({ code: err.code, stdout: err.stdout }),
  );
}

async function send(user: SignedInUser, roomId: string, texts: string[]): Promise<void> {
  const socket = await connectSocket(server.url, user.cookie);
  try {
    for (const text of texts) {
      const ack = await emitAck(socket, 'message:send', { roomId, clientId: randomUUID(), text });
      expect(ack).toMatchObject({ ok: true, status: 'sent' });
    }
  } finally {
    socket.close();
  }
}

beforeAll(async () => {
  server = await startTestServer();
  [ann, bob] = await Promise.all([signUp(server.url), signUp(server.url)]);
  roomA = await createRoom(server.database.url, [ann.user.id, bob.user.id]);
  roomB = await createRoom(server.database.url, [ann.user.id, bob.user.id]);
  await send(ann, roomA, ['Pick-up is at 5pm on Friday', 'I will bring the swim bag']);
  await send(bob, roomA, ['Thanks, see you then']);
  await send(bob, roomB, ['Dentist moved to Tuesday 3pm', 'Can you take her?', 'Let me know']);
}, 60_000);
afterAll(async () => {
  await server.stop();
});

describe('check-data-integrity', () => {
  it('passes data written through the server and exits 0', async () => {
    const { code, stdout } = await check();
    expect(stdout).toContain('No problems found');
    expect(stdout).not.toContain('FAIL');
    expect(code).toBe(0);
  }, 30_000);

  it('reports each planted bad row and exits 1', async () => {
    const ghostRoom = randomUUID();
    const ghostUser = 2_000_000_000;
    const client = new pg.Client({ connectionString: server.database.url });
    await client.connect();
    try {
      // A dump restored without its CHECK: the normalisation promise no longer holds.
      const { rows } = await client.query<{ conname: string }>(
        `SELECT conname FROM pg_constraint
          WHERE conrelid = 'users'::regclass AND contype = 'c' AND pg_get_constraintdef(oid) LIKE '%lower%'`,
      );
      await client.query(`ALTER TABLE users DROP CONSTRAINT ${rows[0]!.conname}`);
      await client.query(
        `INSERT INTO users (email, display_name) VALUES ('Bad@Example.com ', 'Bad')`,
      );

      await client.query('SET session_replication_role = replica');
      await client.query(`INSERT INTO room_members (room_id, user_id) VALUES ($1, $2)`, [
        ghostRoom,
        ann.user.id,
      ]);
      await client.query(`INSERT INTO room_members (room_id, user_id) VALUES ($1, $2)`, [
        roomA,
        ghostUser,
      ]);
      await client.query(`INSERT INTO rooms (name) VALUES ('Nobody here')`);
      await client.query(
        `INSERT INTO pairing_sessions (pairing_code, parent_a_id, parent_b_id, status, invite_type,
                                       invite_token_hash, shared_room_id, expires_at, accepted_at)
         VALUES ('LZ-000001', $1, $2, 'active', 'code', repeat('c', 64), $3, now() + interval '7 days', now())`,
        [ann.user.id, bob.user.id, ghostRoom],
      );
      // Room A: seq 4 follows seq 3's absence. Room B: seq 2 altered in place.
      await client.query(
        `INSERT INTO messages (room_id, seq, sender_id, client_id, text, created_at, hash)
         VALUES ($1, 5, $2, 'planted', 'out of nowhere', now(), repeat('f', 64))`,
        [roomA, ann.user.id],
      );
      await client.query(
        `UPDATE messages SET text = 'Can you NOT take her?' WHERE room_id = $1 AND seq = 2`,
        [roomB],
      );
      await client.query(
        `INSERT INTO contacts (user_id, first_name, linked_user_id) VALUES ($1, 'Ghost', $2)`,
        [ann.user.id, ghostUser],
      );
      const delivered = await client.query<{ id: number }>(
        'SELECT id FROM messages WHERE room_id = $1 AND seq = 1',
        [roomB],
      );
      await client.query(
        `INSERT INTO intervention_rewrites (user_id, room_id, client_id, original_text, message_id)
         VALUES ($1, $2, 'held-1', 'planted', $3)`,
        [bob.user.id, roomB, delivered.rows[0]!.id],
      );
    } finally {
      await client.end();
    }

    const text = await check();
    expect(text.code).toBe(1);
    expect(text.stdout).toMatch(/Problems found by \d+ of \d+ checks/);

    const json = await check('--json');
    expect(json.code).toBe(1);
    const report = JSON.parse(json.stdout) as IntegrityReport;
    const found = (id: string) => report.results.find((r) => r.id === id)?.sample ?? [];

    expect(found('users.email_not_normalised')).toEqual([
      { user_id: expect.any(Number), email: 'Bad@Example.com ' },
    ]);
    expect(found('orphans.room_members.room_id')).toEqual([
      { room_id: ghostRoom, user_id: ann.user.id },
    ]);
    expect(found('orphans.room_members.user_id')).toEqual([{ room_id: roomA, user_id: ghostUser }]);
    expect(found('rooms.without_members')).toHaveLength(1);
    expect(found('pairings.active_without_room')).toEqual([
      { pairing_id: expect.any(Number), shared_room_id: ghostRoom },
    ]);
    expect(found('messages.seq_gap')).toEqual([{ room_id: roomA, missing_from: 4, missing_to: 4 }]);
    expect(found('rooms.chain_head_mismatch')).toEqual([
      { room_id: roomA, last_seq: 3, newest_seq: 5 },
    ]);
    expect(found('messages.hash_chain')).toEqual(
      expect.arrayContaining([
        { room_id: roomA, broken_at_seq: 4 },
        { room_id: roomB, broken_at_seq: 2 },
      ]),
    );
    expect(found('orphans.contacts.linked_user_id')).toEqual([
      { id: expect.any(Number), linked_user_id: ghostUser },
    ]);
    expect(found('interventions.pending_with_message')).toHaveLength(1);
    // Nothing else is accused.
    const failing = report.results.filter((r) => r.total > 0).map((r) => r.id);
    expect(failing.sort()).toEqual(
      [
        'users.email_not_normalised',
        'orphans.room_members.room_id',
        'orphans.room_members.user_id',
        'orphans.pairing_sessions.shared_room_id',
        'rooms.without_members',
        'pairings.active_without_room',
        'messages.seq_gap',
        'rooms.chain_head_mismatch',
        'messages.hash_chain',
        'orphans.contacts.linked_user_id',
        'interventions.pending_with_message',
      ].sort(),
    );
    expect(report.failed).toBe(failing.length);
    // The report names rows, never message text.
    expect(json.stdout).not.toContain('NOT take her');
    expect(text.stdout).not.toContain('NOT take her');
  }, 60_000);
});
