/**
 * Scenario 2, history: one room holding N messages (default 1,000,000) on a
 * valid hash chain, bulk-loaded; then random `messages:history` pages and
 * `messages:sync` from random seqs over real sockets, one request at a time
 * (latency, not throughput), plus the database's own execution time for the
 * same queries (EXPLAIN ANALYZE) and one end-to-end chain verification.
 */
import pg from 'pg';
import { io as connectClient, type Socket } from 'socket.io-client';
import { computeMessageHash } from '../../server/messages/hashChain.js';
import { createBenchDatabase } from '../lib/database.js';
import type { Flags } from '../lib/flags.js';
import { machineInfo } from '../lib/machine.js';
import { createPairs, NEUTRAL_TEXTS, type BenchUser } from '../lib/population.js';
import { startParley } from '../lib/servers.js';
import { printTable, round, sleep, summarize, writeResult, type Summary } from '../lib/stats.js';

const ROOM_NAME = 'Bench history';
const PASSWORD = 'bench password 1';
const BATCH = 10_000;
// Per-socket pacing under the server's read limit (50 events/s per socket).
const SOCKETS = 16;
const MIN_GAP_PER_SOCKET_MS = 25;

const MORE_TEXTS = [
  'ok',
  'Sounds good, see you then.',
  'Reminder: the camp deposit is due by March 3rd, it is $250 and I can cover half.',
  'Lily said she wants to try piano again in the fall; could we look at lessons on Saturdays near your place?',
  'The pediatrician moved the checkup to 10:15 on the 21st. I put it in the shared calendar and will bring the insurance card.',
];
const TEXTS = [...NEUTRAL_TEXTS, ...MORE_TEXTS];

/** Signs in the two history users: signs them up the first time. */
async function historyUsers(url: string, reused: boolean): Promise<BenchUser[]> {
  if (!reused) {
    const [a, b] = await Promise.all(
      ['a', 'b'].map(async (who) => {
        const res = await fetch(`${url}/api/auth/signup`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({
            email: `history-${who}@example.com`,
            password: PASSWORD,
            displayName: `History ${who.toUpperCase()}`,
          }),
        });
        if (res.status !== 201) throw new Error(`signup: ${res.status} ${await res.text()}`);
        const body = (await res.json()) as { user: { id: number } };
        return { id: body.user.id, cookie: cookieOf(res) };
      }),
    );
    return [a!, b!];
  }
  return Promise.all(
    ['a', 'b'].map(async (who) => {
      const res = await fetch(`${url}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: `history-${who}@example.com`, password: PASSWORD }),
      });
      if (res.status !== 200) throw new Error(`login: ${res.status} ${await res.text()}`);
      const body = (await res.json()) as { user: { id: number } };
      return { id: body.user.id, cookie: cookieOf(res) };
    }),
  );
}

function cookieOf(res: Response): string {
  return res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
}

/**
 * Writes `count` chained messages into the room in batches of unnest()ed
 * arrays (pg-copy-streams is not a dependency), with the secondary indexes
 * dropped during the load and rebuilt after, then sets the chain head.
 */
async function bulkLoad(url: string, roomId: string, senders: [number, number], count: number) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const started = performance.now();
  try {
    const { rows: indexes } = await client.query<{ indexname: string; indexdef: string }>(
      `SELECT i.indexname, i.indexdef FROM pg_indexes i
        JOIN pg_class c ON c.relname = i.indexname JOIN pg_index x ON x.indexrelid = c.oid
       WHERE i.tablename = 'messages' AND NOT x.indisunique AND NOT x.indisprimary`,
    );
    for (const index of indexes) await client.query(`DROP INDEX ${index.indexname}`);
    let prevHash: string | null = null;
    const base = Date.now() - count * 30_000;
    for (let from = 1; from <= count; from += BATCH) {
      const to = Math.min(count, from + BATCH - 1);
      const seqs: number[] = [];
      const senderIds: number[] = [];
      const clientIds: string[] = [];
      const texts: string[] = [];
      const times: Date[] = [];
      const hashes: string[] = [];
      for (let seq = from; seq <= to; seq += 1) {
        const senderId = senders[(seq * 7919) % 3 === 0 ? 1 : 0];
        const text = TEXTS[(seq * 31) % TEXTS.length]!;
        const createdAt = new Date(base + seq * 30_000);
        const hash = computeMessageHash({ prevHash, seq, senderId, text, createdAt });
        seqs.push(seq);
        senderIds.push(senderId);
        clientIds.push(`history-${seq}`);
        texts.push(text);
        times.push(createdAt);
        hashes.push(hash);
        prevHash = hash;
      }
      await client.query(
        `INSERT INTO messages (room_id, seq, sender_id, client_id, type, text, created_at, hash)
         SELECT $1, s, u, c, 'user', t, ts, h
           FROM unnest($2::bigint[], $3::int[], $4::text[], $5::text[], $6::timestamptz[], $7::text[])
             AS x(s, u, c, t, ts, h)`,
        [roomId, seqs, senderIds, clientIds, texts, times, hashes],
      );
      if ((to / BATCH) % 10 === 0 || to === count) {
        const rate = to / ((performance.now() - started) / 1000);
        process.stdout.write(
          `\r  loaded ${to.toLocaleString()} / ${count.toLocaleString()} (${Math.round(rate).toLocaleString()} rows/s)   `,
        );
      }
    }
    process.stdout.write('\n');
    const loadSeconds = (performance.now() - started) / 1000;
    for (const index of indexes) await client.query(index.indexdef);
    await client.query('UPDATE rooms SET last_seq = $2, last_hash = $3 WHERE id = $1', [
      roomId,
      count,
      prevHash,
    ]);
    await client.query('ANALYZE messages');
    return {
      loadSeconds,
      totalSeconds: (performance.now() - started) / 1000,
      indexesRebuilt: indexes.map((i) => i.indexname),
    };
  } finally {
    await client.end();
  }
}

interface Ack {
  ok: boolean;
  messages?: unknown[];
  error?: { code: string };
}

/** Sequential requests over a pool of sockets, each paced under the read limit. */
async function measure(
  sockets: Socket[],
  count: number,
  request: () => { event: string; payload: Record<string, unknown> },
): Promise<{ latency: Summary; errors: Record<string, number>; meanRows: number }> {
  const latencies: number[] = [];
  const errors: Record<string, number> = {};
  const lastAt = new Array<number>(sockets.length).fill(0);
  let rows = 0;
  for (let i = 0; i < count; i += 1) {
    const s = i % sockets.length;
    const wait = lastAt[s]! + MIN_GAP_PER_SOCKET_MS - performance.now();
    if (wait > 0) await sleep(wait);
    const { event, payload } = request();
    const started = performance.now();
    lastAt[s] = started;
    const ack = (await sockets[s]!.timeout(10_000).emitWithAck(event, payload)) as Ack;
    latencies.push(performance.now() - started);
    if (!ack.ok)
      errors[ack.error?.code ?? 'unknown'] = (errors[ack.error?.code ?? 'unknown'] ?? 0) + 1;
    else rows += ack.messages?.length ?? 0;
  }
  return { latency: summarize(latencies), errors, meanRows: rows / count };
}

/** The repository's history and sync statements, timed inside PostgreSQL. */
async function explainTimes(url: string, roomId: string, n: number, samples: number) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const select = `SELECT m.id, m.room_id, m.seq, m.sender_id, u.display_name AS sender_name,
    m.client_id, m.type, m.corrects_id, m.text, m.thread_id, m.created_at, m.hash
    FROM messages m JOIN users u ON u.id = m.sender_id`;
  const run = async (sql: string, params: unknown[]) => {
    const { rows } = await client.query<{
      'QUERY PLAN': Array<{ 'Execution Time': number; 'Planning Time': number }>;
    }>(`EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) ${sql}`, params);
    const plan = rows[0]!['QUERY PLAN'][0]!;
    return plan['Execution Time'] + plan['Planning Time'];
  };
  try {
    const history: number[] = [];
    const sync: number[] = [];
    for (let i = 0; i < samples; i += 1) {
      history.push(
        await run(`${select} WHERE m.room_id = $1 AND m.seq < $2 ORDER BY m.seq DESC LIMIT $3`, [
          roomId,
          2 + Math.floor(Math.random() * n),
          51,
        ]),
      );
      sync.push(
        await run(`${select} WHERE m.room_id = $1 AND m.seq > $2 ORDER BY m.seq ASC LIMIT $3`, [
          roomId,
          Math.floor(Math.random() * n),
          501,
        ]),
      );
    }
    return { history: summarize(history), sync: summarize(sync) };
  } finally {
    await client.end();
  }
}

export async function historyScenario(flags: Flags): Promise<void> {
  const quick = flags.has('quick');
  const n = flags.num('messages', quick ? 100_000 : 1_000_000);
  const requests = flags.num('requests', quick ? 300 : 2000);
  const keep = flags.has('keep-history-db');
  console.log(
    `\n== history: one room of ${n.toLocaleString()} messages; ${requests} requests per kind, sequential`,
  );
  const database = await createBenchDatabase(
    'history',
    keep ? { name: `parley_bench_history_${n}`, reuse: true } : {},
  );
  let server: Awaited<ReturnType<typeof startParley>> | undefined;
  const sockets: Socket[] = [];
  try {
    if (keep) database.keep();
    server = await startParley({ databaseUrl: database.url });
    let reused = false;
    let roomId: string | undefined;
    if (database.reused) {
      const { rows } = await pgQuery(
        database.url,
        'SELECT id FROM rooms WHERE name = $1 AND last_seq = $2',
        [ROOM_NAME, n],
      );
      roomId = rows[0]?.id as string | undefined;
      reused = Boolean(roomId);
    }
    const users = await historyUsers(server.url, reused);
    let load: Awaited<ReturnType<typeof bulkLoad>> | undefined;
    if (!roomId) {
      const [pair] = await createPairs(database.url, users);
      roomId = pair!.roomId;
      await pgQuery(database.url, 'UPDATE rooms SET name = $2 WHERE id = $1', [roomId, ROOM_NAME]);
      load = await bulkLoad(database.url, roomId, [users[0]!.id, users[1]!.id], n);
      console.log(
        `  bulk load: ${round(load.loadSeconds)} s rows, ${round(load.totalSeconds)} s with index rebuild + analyze`,
      );
    } else {
      console.log(`  reusing ${database.name} (--keep-history-db)`);
    }

    const verifyStarted = performance.now();
    const verifyRes = await fetch(`${server.url}/api/rooms/${roomId}/verify`, {
      headers: { cookie: users[0]!.cookie },
      signal: AbortSignal.timeout(600_000),
    });
    const verify = (await verifyRes.json()) as { ok: boolean; count: number };
    const verifySeconds = (performance.now() - verifyStarted) / 1000;
    console.log(`  chain verify over REST: ${JSON.stringify(verify)} in ${round(verifySeconds)} s`);

    for (let i = 0; i < SOCKETS; i += 1) {
      const socket = connectClient(server.url, {
        transports: ['websocket'],
        reconnection: false,
        forceNew: true,
        extraHeaders: { cookie: users[0]!.cookie },
      });
      await new Promise<void>((resolve, reject) => {
        socket.once('connect', () => resolve());
        socket.once('connect_error', reject);
      });
      sockets.push(socket);
    }
    const room = roomId;
    const rand = (max: number) => Math.floor(Math.random() * max);
    // Warm-up, unmeasured.
    await measure(sockets, 100, () => ({
      event: 'messages:history',
      payload: { roomId: room, beforeSeq: 2 + rand(n) },
    }));

    const kinds: Array<[string, () => { event: string; payload: Record<string, unknown> }]> = [
      [
        'history random page (50)',
        () => ({ event: 'messages:history', payload: { roomId: room, beforeSeq: 2 + rand(n) } }),
      ],
      [
        'history newest page (50)',
        () => ({ event: 'messages:history', payload: { roomId: room } }),
      ],
      [
        'sync from random seq (page of 500)',
        () => ({ event: 'messages:sync', payload: { roomId: room, afterSeq: rand(n) } }),
      ],
      [
        'sync near head (<= 20 behind)',
        () => ({ event: 'messages:sync', payload: { roomId: room, afterSeq: n - 1 - rand(20) } }),
      ],
    ];
    const results: Record<string, Awaited<ReturnType<typeof measure>>> = {};
    for (const [label, request] of kinds)
      results[label] = await measure(sockets, requests, request);
    const db = await explainTimes(database.url, room, n, quick ? 50 : 200);

    printTable(`history: ${n.toLocaleString()} messages, socket round trip per request (ms)`, [
      ...Object.entries(results).map(([label, r]) => ({
        request: label,
        count: r.latency.count,
        'rows/page': r.meanRows,
        'p50 ms': r.latency.p50,
        'p95 ms': r.latency.p95,
        'p99 ms': r.latency.p99,
        'max ms': r.latency.max,
        errors:
          Object.entries(r.errors)
            .map(([c, k]) => `${c}:${k}`)
            .join(' ') || 0,
      })),
      {
        request: 'db only: history query (EXPLAIN ANALYZE)',
        count: db.history.count,
        'p50 ms': db.history.p50,
        'p95 ms': db.history.p95,
        'p99 ms': db.history.p99,
        'max ms': db.history.max,
      },
      {
        request: 'db only: sync query (EXPLAIN ANALYZE)',
        count: db.sync.count,
        'p50 ms': db.sync.p50,
        'p95 ms': db.sync.p95,
        'p99 ms': db.sync.p99,
        'max ms': db.sync.max,
      },
    ]);
    const historyP99 = results['history random page (50)']!.latency.p99;
    printTable('history: targets', [
      {
        target: 'history p99 <= 5 ms at 1M',
        value: round(historyP99),
        met: n >= 1_000_000 ? historyP99 <= 5 : `n=${n}`,
      },
    ]);
    const file = await writeResult('history', {
      scenario: 'history',
      at: new Date().toISOString(),
      machine: machineInfo(),
      messages: n,
      database: database.kind,
      reused,
      load,
      verify: { ...verify, seconds: verifySeconds },
      socket: results,
      dbOnly: db,
    });
    console.log(`\nwrote ${file}`);
  } finally {
    for (const s of sockets) s.close();
    await sleep(1000);
    await server?.stop();
    if (!keep) await database.drop();
  }
}

async function pgQuery(url: string, text: string, params: unknown[]) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await client.query<Record<string, unknown>>(text, params);
  } finally {
    await client.end();
  }
}
