/**
 * The send path without sockets: the server's own services (createServices,
 * mediation and thread hooks included) called in-process over an
 * instrumented database handle, so every statement of a send is counted and
 * timed. Compares the path as built with the coalescing prototype
 * (bench/prototypes/coalescedSend.ts) at several concurrencies. By name
 * only: `npm run bench -- send-path`. The outbox worker is not started here
 * (the delivery scenario measures it with everything else).
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type pg from 'pg';
import { loadConfig } from '../../server/config.js';
import { createServices } from '../../server/container.js';
import type { Context } from '../../server/context.js';
import { createDb, type Db, type Queryable } from '../../server/db/pool.js';
import type { SendResult } from '../../server/shared/socketEvents.js';
import { createLogger } from '../../server/shared/logger.js';
import type { OutgoingMessage } from '../../server/messages/messageService.js';
import { createCoalescedSend, serverHooks } from '../prototypes/coalescedSend.js';
import { createLeanSend } from '../prototypes/leanSend.js';
import { preparedDb } from '../prototypes/preparedStatements.js';
import { createBenchDatabase, sql } from '../lib/database.js';
import { startSampler } from '../lib/procStats.js';
import type { Flags } from '../lib/flags.js';
import { machineInfo } from '../lib/machine.js';
import { createPairs, NEUTRAL_TEXTS, type BenchPair } from '../lib/population.js';
import { printTable, round, summarize, writeResult } from '../lib/stats.js';

interface Stat {
  count: number;
  ms: number;
  /** PostgreSQL backend CPU (ns), when the handle has a single backend. */
  pgNs: number;
  inTx: boolean;
}

const TX_KEY = 'BEGIN + COMMIT (+ pool checkout)';

/** On-CPU time of a process in ns (/proc/<pid>/schedstat), 0 where unavailable. */
function onCpuNs(pid: number | undefined): number {
  if (!pid) return 0;
  try {
    return Number(readFileSync(`/proc/${pid}/schedstat`, 'utf8').split(' ')[0]);
  } catch {
    return 0;
  }
}

/**
 * A Db that counts and times every statement (pool waits included outside
 * transactions); with `backendPid`, also the backend's CPU per statement.
 */
function instrument(db: Db, stats: Map<string, Stat>, backendPid?: () => number | undefined): Db {
  const record = (text: string, ms: number, pgNs: number, inTx: boolean) => {
    const key = text.trim().replace(/\s+/g, ' ').slice(0, 72);
    const s = stats.get(key) ?? { count: 0, ms: 0, pgNs: 0, inTx };
    s.count += 1;
    s.ms += ms;
    s.pgNs += pgNs;
    stats.set(key, s);
  };
  const wrap = (target: Queryable, inTx: boolean): Queryable => ({
    async query<R extends pg.QueryResultRow>(text: string, params?: unknown[]) {
      const pid = backendPid?.();
      const cpu0 = onCpuNs(pid);
      const started = performance.now();
      try {
        return await target.query<R>(text, params);
      } finally {
        record(text, performance.now() - started, onCpuNs(pid) - cpu0, inTx);
      }
    },
  });
  const root = wrap(db, false);
  return {
    pool: db.pool,
    query: root.query.bind(root),
    isHealthy: (timeoutMs: number) => db.isHealthy(timeoutMs),
    async withTransaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T> {
      // BEGIN, COMMIT and the pool checkout are the transaction's time outside `fn`.
      const pid = backendPid?.();
      const cpu0 = onCpuNs(pid);
      const started = performance.now();
      let insideMs = 0;
      let insideNs = 0;
      try {
        return await db.withTransaction(async (tx) => {
          const t1 = performance.now();
          const c1 = onCpuNs(pid);
          try {
            return await fn(wrap(tx, true));
          } finally {
            insideMs = performance.now() - t1;
            insideNs = onCpuNs(pid) - c1;
          }
        });
      } finally {
        record(
          TX_KEY,
          performance.now() - started - insideMs,
          onCpuNs(pid) - cpu0 - insideNs,
          true,
        );
      }
    },
    close: () => db.close(),
  };
}

type SendFn = (m: OutgoingMessage) => Promise<SendResult>;

/** Closed loop: `concurrency` senders, each in its own room, each sending back to back. */
async function closedLoop(
  send: SendFn,
  pairs: BenchPair[],
  concurrency: number,
  maxMs: number,
  maxSends: number,
) {
  const latencies: number[] = [];
  const tag = randomBytes(3).toString('hex');
  let issued = 0;
  let failed = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async (_, w) => {
      const pair = pairs[w % pairs.length]!;
      for (let i = 0; issued < maxSends && performance.now() - started < maxMs; i += 1) {
        const k = issued++;
        const t0 = performance.now();
        try {
          const result = await send({
            roomId: pair.roomId,
            senderId: (i % 2 === 0 ? pair.a : pair.b).id,
            clientId: `sp-${tag}-${k}`,
            text: NEUTRAL_TEXTS[k % NEUTRAL_TEXTS.length]!,
          });
          if (result.status !== 'sent') failed += 1;
        } catch {
          failed += 1;
        }
        latencies.push(performance.now() - t0);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  return {
    sends: latencies.length,
    failed,
    perSecond: latencies.length / seconds,
    latency: summarize(latencies),
  };
}

export async function sendPathScenario(flags: Flags): Promise<void> {
  const quick = flags.has('quick');
  const levels = (flags.str('concurrency') ?? '1,16,64')
    .split(',')
    .map(Number)
    .filter((n) => n > 0);
  const maxMs = flags.num('duration', quick ? 3 : 10) * 1000;
  const rooms = Math.max(...levels, 64);
  console.log(
    `\n== send-path: services in-process, ${rooms} rooms, concurrency ${levels.join(', ')}, ${maxMs / 1000} s each`,
  );
  const database = await createBenchDatabase('sendpath');
  const stats = new Map<string, Stat>();
  const logger = createLogger('warn');
  const base = createDb(database.url, logger, 20);
  const ctx: Context = {
    config: loadConfig({ DATABASE_URL: database.url, BCRYPT_ROUNDS: '4', LOG_LEVEL: 'warn' }),
    logger,
    db: base,
    publicUrl: 'http://127.0.0.1:1',
    sessionSecret: randomBytes(32).toString('hex'),
    encryptionKey: randomBytes(32),
  };
  // The serial breakdown runs on a one-connection pool so each statement's backend CPU can be read.
  const serialStats = new Map<string, Stat>();
  let serialPid: number | undefined;
  const serialBase = createDb(database.url, logger, 1);
  try {
    const { services, coalesced, lean, variants } = buildVariants(ctx, (db) =>
      instrument(db, stats),
    );
    const serial = buildVariants({ ...ctx, db: serialBase }, (db) =>
      instrument(db, serialStats, () => serialPid),
    );
    serialPid = (await serialBase.pool.query<{ pid: number }>('SELECT pg_backend_pid() AS pid'))
      .rows[0]!.pid;
    const users = await sql<{ id: number }>(
      database.url,
      `INSERT INTO users (email, display_name)
       SELECT 'sp-' || g || '@example.com', 'Send path ' || g FROM generate_series(1, $1::int) g RETURNING id`,
      [rooms * 2],
    );
    const pairs = await createPairs(
      database.url,
      users.map((u) => ({ id: u.id, cookie: '' })),
    );

    // 1. One send at a time: what each send costs, statement by statement.
    const serialSends = quick ? 200 : 1000;
    const breakdowns: Record<string, unknown> = {};
    for (const [label, send] of serial.variants) {
      await closedLoop(send, pairs, 1, 5000, 50); // warm-up
      serialStats.clear();
      const run = await closedLoop(send, pairs, 1, 60_000, serialSends);
      const rows = [...serialStats.entries()].sort((a, b) => b[1].ms - a[1].ms);
      const sqlMs = rows.reduce((n, [, s]) => n + s.ms, 0) / run.sends;
      const pgUs = rows.reduce((n, [, s]) => n + s.pgNs, 0) / run.sends / 1000;
      const table = rows.map(([statement, s]) => ({
        statement,
        'per send': s.count / run.sends,
        'mean ms': s.ms / s.count,
        'ms per send': s.ms / run.sends,
        'pg cpu µs': s.pgNs / s.count / 1000,
        'in tx': s.inTx,
      }));
      printTable(
        `send-path (${label}), one send at a time: ${round(run.latency.mean)} ms per send, of which SQL round trips ${round(sqlMs)} ms (postgres CPU ${round(pgUs)} µs)`,
        table,
      );
      const roundTrips =
        rows.reduce((n, [k, s]) => n + (k === TX_KEY ? 2 * s.count : s.count), 0) / run.sends;
      console.log(
        `  ${round(roundTrips)} statements per send; the rest (${round(run.latency.mean - sqlMs)} ms) is JavaScript: mediation, hashing, presenting`,
      );
      breakdowns[label] = {
        run,
        statementsPerSend: roundTrips,
        sqlMsPerSend: sqlMs,
        pgCpuUsPerSend: pgUs,
        statements: table,
      };
    }

    // 2. Throughput and latency under concurrency.
    const rows: Array<Record<string, string | number>> = [];
    for (const concurrency of levels) {
      for (const [label, send] of variants) {
        stats.clear();
        const before = { ...coalesced.stats };
        const sampler = startSampler([], database.name);
        const cpuBefore = process.cpuUsage();
        const run = await closedLoop(send, pairs, concurrency, maxMs, 200_000);
        const cpu = process.cpuUsage(cpuBefore);
        const usage = sampler.stop();
        const commits = stats.get(TX_KEY)?.count ?? 0;
        const statements = [...stats.entries()].reduce(
          (n, [k, s]) => n + (k === TX_KEY ? 2 * s.count : s.count),
          0,
        );
        rows.push({
          concurrency,
          variant: label,
          'sends/s': run.perSecond,
          'p50 ms': run.latency.p50,
          'p99 ms': run.latency.p99,
          failed: run.failed,
          'stmts/send': statements / Math.max(1, run.sends),
          'commits/send': commits / Math.max(1, run.sends),
          'node µs/send': (cpu.user + cpu.system) / Math.max(1, run.sends),
          'pg µs/send':
            ((usage.postgresCpuPercent / 100) * usage.seconds * 1e6) / Math.max(1, run.sends),
          fallbacks: label.startsWith('coalesced')
            ? coalesced.stats.fallbacks - before.fallbacks
            : '-',
        });
      }
    }
    printTable(
      'send-path: as built vs prototypes (closed loop, each sender in its own room)',
      rows,
    );
    const byLevel = levels.map((c) => {
      const at = (v: string) =>
        Number(rows.find((r) => r.concurrency === c && r.variant === v)!['sends/s']);
      return {
        concurrency: c,
        ...Object.fromEntries(
          variants.slice(1).map(([v]) => [`${v} / as built`, round(at(v) / at('as built'))]),
        ),
      };
    });
    printTable('send-path: speed-up', byLevel);
    // Awkward texts through each path, then every touched chain checked by the server's verify (JS).
    const awkward = [
      'quote " backslash \\ newline \n tab \t ctrl \u0001\u001f del \u007f é 😀 \u2028 </script>',
      'lone surrogate \ud800 here',
    ];
    const chainChecks: Array<Record<string, string | number | boolean>> = [];
    for (const [v, [label, send]] of variants.entries()) {
      for (const [t, text] of awkward.entries()) {
        const pair = pairs[pairs.length - 1 - (v * awkward.length + t)]!;
        await send({
          roomId: pair.roomId,
          senderId: pair.a.id,
          clientId: `awk-${v}-${t}-${randomBytes(3).toString('hex')}`,
          text,
        });
        await send({
          roomId: pair.roomId,
          senderId: pair.b.id,
          clientId: `awk-${v}-${t}-b-${randomBytes(3).toString('hex')}`,
          text: 'Sounds good.',
        });
        const verdict = await services.messages.verify(pair.a.id, pair.roomId);
        chainChecks.push({
          variant: label,
          text: t === 0 ? 'escapes, controls, emoji, U+2028' : 'lone surrogate',
          verified: verdict.ok,
          count: verdict.count,
        });
      }
    }
    let roomsVerified = 0;
    let roomsBroken = 0;
    for (const pair of pairs.slice(0, Math.max(...levels))) {
      const verdict = await services.messages.verify(pair.a.id, pair.roomId);
      if (verdict.ok) roomsVerified += 1;
      else roomsBroken += 1;
    }
    printTable(
      'send-path: chains written by each path, checked by the server (verify)',
      chainChecks,
    );
    console.log(
      `  load rooms verified: ${roomsVerified} ok, ${roomsBroken} broken; lean path fast/slow: ${lean.stats.fast}/${lean.stats.slow}`,
    );
    // The prototype must leave valid chains behind.
    const broken = await sql<{ room_id: string }>(
      database.url,
      `SELECT room_id FROM (SELECT room_id, seq, row_number() OVER (PARTITION BY room_id ORDER BY seq) AS n FROM messages) x
        WHERE seq <> n LIMIT 1`,
    );
    console.log(`  seq gap-free in every room after both variants: ${broken.length === 0}`);
    const file = await writeResult('send-path', {
      scenario: 'send-path',
      at: new Date().toISOString(),
      machine: machineInfo(),
      breakdowns,
      concurrency: rows,
      coalescer: coalesced.stats,
      lean: lean.stats,
      chainChecks,
      roomsVerified,
      roomsBroken,
      seqGapFree: broken.length === 0,
    });
    console.log(`\nwrote ${file}`);
  } finally {
    await serialBase.close();
    await base.close();
    if (flags.has('keep-db')) console.log(`  kept database ${database.name}`);
    else await database.drop();
  }
}

/**
 * The server's services on `ctx` (and a second set on the same pool with
 * prepared statements), and the send paths compared over them.
 */
function buildVariants(ctx: Context, instrumentDb: (db: Db) => Db) {
  const withServices = (db: Db) => {
    const services = createServices({ ...ctx, db });
    const deps = {
      db,
      hub: services.hub,
      gate: services.mediation.gate,
      hooks: serverHooks(services),
      messages: services.messages,
    };
    const leanDeps = { ...deps, hooks: serverHooks(services, { withoutThreads: true }) };
    return { services, deps, leanDeps };
  };
  const plain = withServices(instrumentDb(ctx.db));
  const prep = withServices(instrumentDb(preparedDb(ctx.db)));
  const coalesced = createCoalescedSend(plain.deps);
  const lean = createLeanSend(plain.leanDeps);
  const leanPrepared = createLeanSend(prep.leanDeps);
  const variants: Array<[string, SendFn]> = [
    ['as built', (m) => plain.services.messages.send(m)],
    ['prepared statements', (m) => prep.services.messages.send(m)],
    ['coalesced commits', (m) => coalesced.send(m)],
    ['lean append', (m) => lean.send(m)],
    ['lean + prepared', (m) => leanPrepared.send(m)],
  ];
  return { services: plain.services, coalesced, lean, variants };
}
