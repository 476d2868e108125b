/**
 * `npx tsx bench/oneRoom.ts [messages]`: the quick figure for one room — two
 * parents on one Parley server, A sends `messages` neutral messages one after
 * another over a real socket; latency send -> B's `message:new`, and how many
 * messages per second one room sustains this way. A fresh database on the
 * local PostgreSQL (BENCH_ADMIN_URL) or an embedded one.
 */
import { randomUUID } from 'node:crypto';
import { io as connect } from 'socket.io-client';
import { loadConfig } from '../server/config.js';
import { startServer } from '../server/server.js';
import { createBenchDatabase, stopEmbedded } from './lib/database.js';

const total = Number(process.argv[2] ?? 500);
const database = await createBenchDatabase('oneroom');
const server = await startServer(
  loadConfig({
    DATABASE_URL: database.url,
    PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL: 'warn',
    BCRYPT_ROUNDS: '4',
    SIGNUPS_PER_IP_PER_HOUR: '100000',
    DATA_DIR: '/tmp/parley-oneroom',
    SOCKET_SENDS_PER_SECOND: '1000',
  }),
);
try {
  const cookies: string[] = [];
  const ids: number[] = [];
  for (const name of ['Ann', 'Bob']) {
    const res = await fetch(`${server.url}/api/auth/signup`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        email: `${name}-${randomUUID()}@x.test`,
        password: 'correct horse',
        displayName: name,
      }),
    });
    cookies.push(
      res.headers
        .getSetCookie()
        .map((c) => c.split(';')[0])
        .join('; '),
    );
    ids.push(((await res.json()) as { user: { id: number } }).user.id);
  }
  const { rows } = await server.ctx.db.query<{ id: string }>(
    `INSERT INTO rooms (name, created_by) VALUES ('bench', $1) RETURNING id`,
    [ids[0]],
  );
  const roomId = rows[0]!.id;
  await server.ctx.db.query(
    `INSERT INTO room_members (room_id, user_id, role) VALUES ($1, $2, 'owner'), ($1, $3, 'member')`,
    [roomId, ids[0], ids[1]],
  );
  const [a, b] = await Promise.all(
    cookies.map(
      (cookie) =>
        new Promise<ReturnType<typeof connect>>((resolve, reject) => {
          const s = connect(server.url, { transports: ['websocket'], extraHeaders: { cookie } });
          s.once('connect', () => resolve(s));
          s.once('connect_error', reject);
        }),
    ),
  );
  const latencies: number[] = [];
  const started = performance.now();
  for (let i = 0; i < total; i++) {
    const clientId = randomUUID();
    const t0 = performance.now();
    const delivered = new Promise<void>((resolve) => {
      const on = (m: { clientId: string }) => {
        if (m.clientId !== clientId) return;
        b!.off('message:new', on);
        resolve();
      };
      b!.on('message:new', on);
    });
    a!.emit(
      'message:send',
      { roomId, clientId, text: `Pickup at ${(i % 12) + 1}pm on Friday, see you there.` },
      () => undefined,
    );
    await delivered;
    latencies.push(performance.now() - t0);
  }
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((x, y) => x - y);
  const q = (p: number) =>
    latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))]!.toFixed(2);
  console.log(
    `one room, ${total} sequential messages: ${(total / seconds).toFixed(0)} msg/s; send -> peer ms p50 ${q(0.5)} p99 ${q(0.99)} max ${q(1)}`,
  );
  a!.close();
  b!.close();
} finally {
  await server.close();
  await database.drop();
  await stopEmbedded();
}
