import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { sql } from '../support/rooms.js';
import { collect, connectSocket, until, type ClientSocket } from '../support/sockets.js';
import { startTestServer, type TestServer } from '../support/testServer.js';
import { signUp, type SignedInUser } from '../support/users.js';

let server: TestServer;
let bob: SignedInUser;
let socket: ClientSocket;

beforeAll(async () => {
  server = await startTestServer({}, { services: { outbox: { autoStart: false } } });
  bob = await signUp(server.url, { displayName: 'Bob' });
  socket = await connectSocket(server.url, bob.cookie);
});
afterAll(async () => {
  socket.close();
  await server.stop();
});

/** Queues `count` notifications for Bob straight into the outbox; `bad` rows get a broken payload. */
async function queue(count: number, tag: string, bad: number[] = []): Promise<void> {
  await sql(
    server.database.url,
    `INSERT INTO outbox (kind, payload)
     SELECT 'notification',
            CASE WHEN g = ANY($4::int[]) THEN jsonb_build_object('userId', 'nobody')
                 ELSE jsonb_build_object('userId', $1::int, 'type', 'system',
                                         'title', $2 || ' ' || g) END
       FROM generate_series(1, $3::int) g ORDER BY g`,
    [bob.user.id, tag, count, bad],
  );
}

const rowsTagged = (tag: string) =>
  sql<{ status: string; attempts: number; xmin: string; last_error: string | null }>(
    server.database.url,
    `SELECT o.status, o.attempts, o.xmin::text AS xmin, o.last_error FROM outbox o
      WHERE o.payload->>'title' LIKE $1 || ' %' OR o.payload->>'userId' = 'nobody'
      ORDER BY o.id`,
    [tag],
  );

const notesTagged = (tag: string) =>
  sql<{ title: string; xmin: string }>(
    server.database.url,
    `SELECT title, xmin::text AS xmin FROM notifications WHERE user_id = $1 AND title LIKE $2 || ' %'`,
    [bob.user.id, tag],
  );

describe('an outbox backlog', () => {
  it('drains 500 jobs in batches: one transaction per claim, each job once, emits after commit', async () => {
    const seen = collect(socket, 'notification');
    await queue(500, 'Backlog');

    expect(await server.services.outboxWorker.drain(60_000)).toBe(500);

    const rows = await rowsTagged('Backlog');
    expect(rows).toHaveLength(500);
    expect(rows.every((r) => r.status === 'done' && r.attempts === 1)).toBe(true);
    // Rows changed by one transaction share its xmin: 500 rows, 100 per claim.
    expect(new Set(rows.map((r) => r.xmin)).size).toBe(5);
    const notes = await notesTagged('Backlog');
    expect(new Set(notes.map((n) => n.title)).size).toBe(500);
    expect(notes).toHaveLength(500);
    expect(new Set(notes.map((n) => n.xmin)).size).toBe(5);

    await until(() => seen.length >= 500, 20_000, '500 live notifications');
    expect(new Set(seen.map((n) => n.title)).size).toBe(500);
    // Done rows are never claimed again.
    expect(await server.services.outboxWorker.drain()).toBe(0);
    expect(await notesTagged('Backlog')).toHaveLength(500);
  }, 90_000);

  it('fails only the broken job of a batch; the others are done once', async () => {
    await queue(10, 'Mixed', [5]);

    expect(await server.services.outboxWorker.drain(30_000)).toBe(10);

    const rows = await rowsTagged('Mixed');
    expect(rows.map((r) => r.status)).toEqual([
      ...Array<string>(4).fill('done'),
      'failed',
      ...Array<string>(5).fill('done'),
    ]);
    expect(rows[4]!.last_error).toBe('PermanentFailure: malformed outbox payload');
    expect(rows.every((r) => r.attempts === 1)).toBe(true);
    const notes = await notesTagged('Mixed');
    expect(notes.map((n) => n.title).sort()).toEqual(
      [1, 2, 3, 4, 6, 7, 8, 9, 10].map((g) => `Mixed ${g}`).sort(),
    );
  }, 60_000);
});
