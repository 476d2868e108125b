/**
 * `npx tsx bench/metricsOverhead.ts [messages-per-round] [rounds]`: what
 * /metrics costs on the send path. Two Parley servers in this process on one
 * fresh database, one with METRICS_TOKEN (metrics and their socket-ack
 * wrapper on) and one without (recorder is a no-op); rounds alternate off/on
 * so both see the same machine load. Each round sends neutral messages one
 * after another over a real socket and times send -> ack. Prints p50/p99 and
 * throughput for each and the on/off ratios (the figure to keep: a ratio,
 * measured in one run, not an absolute time).
 */
import { randomUUID } from 'node:crypto';
import { io as connect, type Socket } from 'socket.io-client';
import { loadConfig } from '../server/config.js';
import { startServer, type RunningServer } from '../server/server.js';
import { createBenchDatabase, stopEmbedded } from './lib/database.js';

const perRound = Number(process.argv[2] ?? 300);
const rounds = Number(process.argv[3] ?? 6);
const database = await createBenchDatabase('metrics');

async function start(metrics: boolean): Promise<RunningServer> {
  return startServer(
    loadConfig({
      DATABASE_URL: database.url,
      PORT: '0',
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
      BCRYPT_ROUNDS: '4',
      SIGNUPS_PER_IP_PER_HOUR: '100000',
      DATA_DIR: '/tmp/parley-metrics-bench',
      SOCKET_SENDS_PER_SECOND: '10000',
      USER_SENDS_PER_SECOND: '10000',
      SESSION_SECRET: 'metrics-bench-session-secret-0123456789abcdef',
      ENCRYPTION_KEY: 'ab'.repeat(32),
      ...(metrics ? { METRICS_TOKEN: 'metrics-bench-token-0123456789' } : {}),
    }),
  );
}

/** A signed-in sender in a fresh room of two on `server`. */
async function sender(server: RunningServer): Promise<{ socket: Socket; roomId: string }> {
  const ids: number[] = [];
  let cookie = '';
  for (const name of ['Ann', 'Bob']) {
    const res = await fetch(`${server.url}/api/auth/signup`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: server.ctx.publicUrl },
      body: JSON.stringify({
        email: `${name}-${randomUUID()}@x.test`,
        password: 'correct horse',
        displayName: name,
      }),
    });
    if (!cookie)
      cookie = res.headers
        .getSetCookie()
        .map((c) => c.split(';')[0])
        .join('; ');
    ids.push(((await res.json()) as { user: { id: number } }).user.id);
  }
  const { rows } = await server.ctx.db.query<{ id: string }>(
    `INSERT INTO rooms (name, created_by) VALUES ('bench', $1) RETURNING id`,
    [ids[0]],
  );
  await server.ctx.db.query(
    `INSERT INTO room_members (room_id, user_id, role) VALUES ($1, $2, 'owner'), ($1, $3, 'member')`,
    [rows[0]!.id, ids[0], ids[1]],
  );
  const socket = await new Promise<Socket>((resolve, reject) => {
    const s = connect(server.url, {
      transports: ['websocket'],
      extraHeaders: { cookie, origin: server.ctx.publicUrl },
    });
    s.once('connect', () => resolve(s));
    s.once('connect_error', reject);
  });
  return { socket, roomId: rows[0]!.id };
}

async function round(s: { socket: Socket; roomId: string }, n: number): Promise<number[]> {
  const latencies: number[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    await new Promise<void>((resolve) =>
      s.socket.emit(
        'message:send',
        {
          roomId: s.roomId,
          clientId: randomUUID(),
          text: `Pickup at ${(i % 12) + 1}pm on Friday.`,
        },
        () => resolve(),
      ),
    );
    latencies.push(performance.now() - t0);
  }
  return latencies;
}

const off = await start(false);
const on = await start(true);
try {
  const senders = { off: await sender(off), on: await sender(on) };
  await round(senders.off, 50); // warm-up, both
  await round(senders.on, 50);
  const all = { off: [] as number[], on: [] as number[] };
  const seconds = { off: 0, on: 0 };
  for (let r = 0; r < rounds; r++) {
    const order: ('off' | 'on')[] = r % 2 === 0 ? ['off', 'on'] : ['on', 'off'];
    for (const which of order) {
      const t0 = performance.now();
      all[which].push(...(await round(senders[which], perRound)));
      seconds[which] += (performance.now() - t0) / 1000;
    }
  }
  const q = (xs: number[], p: number) =>
    [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(p * xs.length))]!;
  const rate = (w: 'off' | 'on') => all[w].length / seconds[w];
  for (const w of ['off', 'on'] as const)
    console.log(
      `metrics ${w.padEnd(3)}: ${all[w].length} sends, ${rate(w).toFixed(0)} msg/s, send->ack p50 ${q(all[w], 0.5).toFixed(2)} ms p99 ${q(all[w], 0.99).toFixed(2)} ms`,
    );
  console.log(
    `on/off ratio: p50 ${(q(all.on, 0.5) / q(all.off, 0.5)).toFixed(3)}, p99 ${(q(all.on, 0.99) / q(all.off, 0.99)).toFixed(3)}, throughput ${(rate('on') / rate('off')).toFixed(3)}`,
  );
  senders.off.socket.close();
  senders.on.socket.close();
  const scrape = await fetch(`${on.url}/metrics`, {
    headers: { authorization: 'Bearer metrics-bench-token-0123456789' },
  });
  const sent = /^parley_messages_total\{status="sent"\} (\d+)/m.exec(await scrape.text())?.[1];
  console.log(`(metrics server counted ${sent ?? '?'} sent messages)`);
} finally {
  await on.close();
  await off.close();
  await database.drop();
  await stopEmbedded();
}
