/**
 * The schema: every migration applies on an empty database, a second run is a
 * no-op, every table and view DESIGN.md names exists, the constraints that
 * carry the model's promises hold, and the down migrations undo it all.
 */
import { execFile } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import { runner } from 'node-pg-migrate';
import { MIGRATIONS_DIR, runMigrations } from '../../server/db/migrate.js';
import { createLogger } from '../../server/shared/logger.js';

const run = promisify(execFile);
const logger = createLogger('silent');

/** Every table of DESIGN.md "Data model", plus the ones the running server needs. */
const DESIGN_TABLES = [
  'users',
  'user_demographics',
  'user_employment',
  'user_health_context',
  'user_financials',
  'user_background',
  'rooms',
  'room_members',
  'messages',
  'threads',
  'pairing_sessions',
  'pairing_audit_log',
  'contacts',
  'communication_profiles',
  'communication_triggers',
  'intervention_rewrites',
  'intervention_statistics',
  'push_subscriptions',
  'tasks',
  'notifications',
  'outbox',
];
const SUPPORT_TABLES = ['session', 'rate_limits', 'server_keys', 'message_receipts'];
const DESIGN_VIEWS = ['user_pairing_status', 'intervention_stats_with_rate'];

const migrationFiles = readdirSync(MIGRATIONS_DIR)
  .filter((f) => /^\d+_.+\.sql$/.test(f))
  .map((f) => f.replace(/\.sql$/, ''))
  .sort();

let admin: pg.Client;
let dbName: string;
let dbUrl: string;
let client: pg.Client;

beforeAll(async () => {
  // A truly empty database, not a clone of the migrated template.
  admin = new pg.Client({ connectionString: process.env.PARLEY_TEST_ADMIN_URL });
  await admin.connect();
  dbName = `${process.env.PARLEY_TEST_TEMPLATE}_empty_${process.pid}`;
  await admin.query(`CREATE DATABASE ${dbName}`);
  const url = new URL(process.env.PARLEY_TEST_ADMIN_URL!);
  url.pathname = `/${dbName}`;
  dbUrl = url.toString();
});
afterAll(async () => {
  await client?.end();
  await admin.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
  await admin.end();
});

async function names(kind: 'BASE TABLE' | 'VIEW'): Promise<string[]> {
  const { rows } = await client.query<{ table_name: string }>(
    `SELECT table_name FROM information_schema.tables
      WHERE table_schema = 'public' AND table_type = $1 ORDER BY table_name`,
    [kind],
  );
  return rows.map((r) => r.table_name);
}

describe('applying', () => {
  it('applies every migration on an empty database with `npm run migrate`, then nothing', async () => {
    const env: NodeJS.ProcessEnv = { ...process.env, DATABASE_URL: dbUrl, LOG_LEVEL: 'silent' };
    delete env.NODE_OPTIONS;
    const first = await run('npx', ['tsx', 'scripts/migrate.ts'], { env });
    expect(first.stdout).toContain(`applied: ${migrationFiles.join(', ')}`);
    const second = await run('npx', ['tsx', 'scripts/migrate.ts'], { env });
    expect(second.stdout).toContain('nothing to apply');
    // The function the server calls on start agrees.
    expect(await runMigrations(dbUrl, logger)).toEqual([]);

    client = new pg.Client({ connectionString: dbUrl });
    await client.connect();
    const { rows } = await client.query<{ name: string }>(
      'SELECT name FROM pgmigrations ORDER BY run_on, id',
    );
    expect(rows.map((r) => r.name)).toEqual(migrationFiles);
  }, 60_000);

  it('has every table and view of DESIGN.md', async () => {
    expect(await names('BASE TABLE')).toEqual(
      expect.arrayContaining([...DESIGN_TABLES, ...SUPPORT_TABLES]),
    );
    expect(await names('VIEW')).toEqual(expect.arrayContaining(DESIGN_VIEWS));
  });

  it('has the indexes the design asks for', async () => {
    const { rows } = await client.query<{ indexdef: string }>(
      `SELECT indexdef FROM pg_indexes WHERE schemaname = 'public'`,
    );
    const defs = rows.map((r) => r.indexdef.replace(/public\./g, ''));
    const has = (pattern: RegExp) => expect(defs.some((d) => pattern.test(d))).toBe(true);
    has(/UNIQUE INDEX \w+ ON messages USING btree \(room_id, seq DESC\)/);
    has(/UNIQUE INDEX \w+ ON messages USING btree \(sender_id, client_id\)/);
    has(/INDEX \w+ ON tasks USING btree \(user_id, status\)/);
    has(/UNIQUE INDEX \w+ ON room_members USING btree \(room_id, user_id\)/);
    has(
      /INDEX \w+ ON notifications USING btree \(user_id, created_at DESC\) WHERE \(NOT is_read\)/,
    );
    has(/UNIQUE INDEX \w+ ON users USING btree \(email\)/);
  });
});

describe('constraints carry the model’s promises', () => {
  let userId: number;
  let roomId: string;

  async function fails(text: string, params: unknown[] = []): Promise<string | undefined> {
    await client.query('SAVEPOINT attempt');
    try {
      await client.query(text, params);
      return undefined;
    } catch (err) {
      return (err as { code?: string }).code;
    } finally {
      await client.query('ROLLBACK TO SAVEPOINT attempt');
    }
  }

  beforeAll(async () => {
    await client.query('BEGIN');
    const u = await client.query<{ id: number }>(
      `INSERT INTO users (email, display_name) VALUES ('c@example.com', 'C') RETURNING id`,
    );
    userId = u.rows[0]!.id;
    const r = await client.query<{ id: string }>(
      `INSERT INTO rooms (name, created_by) VALUES ('R', $1) RETURNING id`,
      [userId],
    );
    roomId = r.rows[0]!.id;
  });
  afterAll(async () => {
    await client.query('ROLLBACK');
  });

  it('stores emails only trimmed and lower-cased, once', async () => {
    expect(await fails(`INSERT INTO users (email, display_name) VALUES ('Ann@X.com', 'A')`)).toBe(
      '23514',
    );
    expect(await fails(`INSERT INTO users (email, display_name) VALUES (' ann@x.com', 'A')`)).toBe(
      '23514',
    );
    expect(
      await fails(`INSERT INTO users (email, display_name) VALUES ('c@example.com', 'C2')`),
    ).toBe('23505');
  });

  it('keeps messages append-only, with a sender, and seq unique per room', async () => {
    const insert = (seq: number, clientId: string, sender: number | null = userId) =>
      client.query(
        `INSERT INTO messages (room_id, seq, sender_id, client_id, text, created_at, hash)
         VALUES ($1, $2, $3, $4, 'hello', now(), repeat('0', 64))`,
        [roomId, seq, sender, clientId],
      );
    await insert(1, 'm-1');
    expect(await fails(`UPDATE messages SET text = 'changed' WHERE room_id = $1`, [roomId])).toBe(
      '42501',
    );
    expect(await fails(`DELETE FROM messages WHERE room_id = $1`, [roomId])).toBe('42501');
    await client.query('SAVEPOINT dup');
    await expect(insert(1, 'm-2')).rejects.toMatchObject({ code: '23505' });
    await client.query('ROLLBACK TO SAVEPOINT dup');
    await expect(insert(2, 'm-1')).rejects.toMatchObject({ code: '23505' }); // clientId per sender
    await client.query('ROLLBACK TO SAVEPOINT dup');
    await expect(insert(2, 'm-3', null)).rejects.toMatchObject({ code: '23502' });
    await client.query('ROLLBACK TO SAVEPOINT dup');
  });

  it('refuses unknown values of enumerated columns and dangling references', async () => {
    expect(
      await fails(`INSERT INTO room_members (room_id, user_id, role) VALUES ($1, $2, 'king')`, [
        roomId,
        userId,
      ]),
    ).toBe('23514');
    expect(
      await fails(`INSERT INTO room_members (room_id, user_id) VALUES (gen_random_uuid(), $1)`, [
        userId,
      ]),
    ).toBe('23503');
    expect(
      await fails(`INSERT INTO tasks (user_id, title, status) VALUES ($1, 't', 'someday')`, [
        userId,
      ]),
    ).toBe('23514');
    expect(
      await fails(
        `INSERT INTO pairing_sessions (pairing_code, parent_a_id, invite_type, invite_token_hash, expires_at)
         VALUES ('XX-1', $1, 'code', repeat('a', 64), now() + interval '1 day')`,
        [userId],
      ),
    ).toBe('23514');
    // An active pairing must name its partner and room.
    expect(
      await fails(
        `INSERT INTO pairing_sessions (pairing_code, parent_a_id, invite_type, invite_token_hash, expires_at, status)
         VALUES ('LZ-123456', $1, 'code', repeat('b', 64), now() + interval '1 day', 'active')`,
        [userId],
      ),
    ).toBe('23514');
  });
});

describe('rolling back', () => {
  it('undoes every migration with its down section, and applies again', async () => {
    await runner({
      databaseUrl: dbUrl,
      dir: MIGRATIONS_DIR,
      direction: 'down',
      count: Infinity,
      migrationsTable: 'pgmigrations',
      singleTransaction: true,
      log: () => undefined,
    });
    expect(await names('BASE TABLE')).toEqual(['pgmigrations']);
    expect(await names('VIEW')).toEqual([]);
    expect(await runMigrations(dbUrl, logger)).toEqual(migrationFiles);
    expect(await names('BASE TABLE')).toEqual(
      expect.arrayContaining([...DESIGN_TABLES, ...SUPPORT_TABLES]),
    );
  }, 60_000);
});
