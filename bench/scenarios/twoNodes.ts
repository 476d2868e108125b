/**
 * Scenario 5, two nodes: the delivery load with each pair split across two
 * Parley processes (one parent on each), so every message crosses the
 * cluster adapter: PostgreSQL LISTEN/NOTIFY, then Redis streams when REDIS_URL
 * is set or Redis answers on 127.0.0.1:6379. Baseline: one node, same load,
 * same run, same database. Every send acked 'sent' is looked up in the
 * database afterwards, and every chain walked (`verifyChains`).
 */
import net from 'node:net';
import { createClient } from 'redis';
import type { Flags } from '../lib/flags.js';
import { loadFlags } from '../lib/loadFlags.js';
import { createBenchDatabase } from '../lib/database.js';
import {
  cpuPerMessage,
  figuresRow,
  startFleet,
  withoutRaw,
  type DeliveryFigures,
} from '../lib/fleet.js';
import { checkAcked, verifyChains, type AckedReport, type ChainReport } from '../lib/integrity.js';
import { machineInfo } from '../lib/machine.js';
import { createPairs, NEUTRAL_TEXTS, signUpUsers, type BenchPair } from '../lib/population.js';
import { waitQuiet } from '../lib/procStats.js';
import { startParley, type ServerUnderTest } from '../lib/servers.js';
import { printTable, ratio, sleep, writeResult } from '../lib/stats.js';

// A database index of its own, so the bench's stream never mixes with another user's.
const LOCAL_REDIS = 'redis://127.0.0.1:6379/9';

async function redisUrl(): Promise<string | undefined> {
  if (process.env.REDIS_URL) return process.env.REDIS_URL;
  const pong = await new Promise<boolean>((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port: 6379, timeout: 1000 }, () =>
      socket.write('PING\r\n'),
    );
    socket.once('data', (data) => {
      socket.destroy();
      resolve(data.toString().startsWith('+PONG'));
    });
    socket.once('error', () => resolve(false));
    socket.once('timeout', () => {
      socket.destroy();
      resolve(false);
    });
  });
  return pong ? LOCAL_REDIS : undefined;
}

interface Variant {
  label: string;
  nodes: number;
  redisUrl?: string;
}

async function runVariant(
  variant: Variant,
  databaseUrl: string,
  databaseName: string,
  pairs: BenchPair[],
  o: { rates: number[]; durationMs: number; clientProcs: number; capMs: number },
): Promise<{
  runs: Array<{ rate: number; figures: DeliveryFigures; acked: AckedReport }>;
  adapter: string;
}> {
  const servers: ServerUnderTest[] = [];
  try {
    for (let i = 0; i < variant.nodes; i += 1) {
      // One node keeps the in-memory adapter; several share broadcasts through theirs.
      const clusterAdapter =
        variant.nodes === 1
          ? undefined
          : variant.redisUrl
            ? ('redis' as const)
            : ('postgres' as const);
      servers.push(await startParley({ databaseUrl, redisUrl: variant.redisUrl, clusterAdapter }));
    }
    const a = servers[0]!;
    const b = servers[servers.length - 1]!;
    const fleet = await startFleet(
      'parley',
      pairs.map((p) => ({
        roomId: p.roomId,
        a: { url: a.url, cookie: p.a.cookie },
        b: { url: b.url, cookie: p.b.cookie },
      })),
      o.clientProcs,
    );
    try {
      const pids = servers.map((s) => s.pid);
      const run = async (rate: number, ms: number) => {
        await waitQuiet(pids);
        const figures = await fleet.run({
          ratePerClient: rate,
          durationMs: ms,
          texts: NEUTRAL_TEXTS,
          serverPids: pids,
          database: databaseName,
          detail: true,
        });
        const acked = await checkAcked(databaseUrl, figures.details ?? []);
        delete figures.details;
        return { figures, acked };
      };
      await run(Math.min(...o.rates), 3000);
      const runs: Array<{ rate: number; figures: DeliveryFigures; acked: AckedReport }> = [];
      for (const rate of o.rates) {
        // --cap-seconds: runs at 1 msg/s per client and above capped (past capacity the backlog only grows).
        const ms = rate >= 1 && o.capMs > 0 ? Math.min(o.durationMs, o.capMs) : o.durationMs;
        const { figures, acked } = await run(rate, ms);
        printTable(`two-nodes: ${variant.label}`, [
          { ...figuresRow(variant.label, figures), 'acked, not stored': acked.ackedMissing },
        ]);
        runs.push({ rate, figures, acked });
      }
      return { runs, adapter: a.adapter ?? 'unknown' };
    } finally {
      await fleet.close();
    }
  } finally {
    for (const s of servers) await s.stop();
  }
}

export async function twoNodesScenario(flags: Flags): Promise<void> {
  const load = loadFlags(flags);
  const o = {
    pairs: load.pairs,
    rates: (flags.str('rates') ?? '1')
      .split(',')
      .map(Number)
      .filter((r) => r > 0),
    durationMs: load.ms('duration', 60, 10),
    clientProcs: load.clientProcs,
    capMs: flags.num('cap-seconds', 0) * 1000,
  };
  const redis = await redisUrl();
  console.log(
    `\n== two-nodes: ${o.pairs} pairs at ${o.rates.join(' and ')} msg/s per client for ${o.durationMs / 1000} s${o.capMs ? ` (${o.capMs / 1000} s at 1 and above)` : ''}, one parent of each pair on each node; ` +
      `redis ${redis ? redis.replace(/\/\/[^@]*@/, '//') : 'not available'}`,
  );
  const database = await createBenchDatabase('twonodes');
  const variants: Variant[] = [
    { label: 'one node (baseline)', nodes: 1 },
    { label: 'two nodes, postgres adapter', nodes: 2 },
    ...(redis ? [{ label: 'two nodes, redis streams', nodes: 2, redisUrl: redis }] : []),
  ];
  const results: Array<{
    variant: Variant;
    runs: Array<{ rate: number; figures: DeliveryFigures; acked: AckedReport }>;
    adapter: string;
  }> = [];
  let chains: ChainReport | undefined;
  try {
    let pairs: BenchPair[];
    {
      const setup = await startParley({ databaseUrl: database.url });
      try {
        pairs = await createPairs(database.url, await signUpUsers(setup.url, o.pairs * 2));
      } finally {
        await setup.stop();
      }
    }
    for (const variant of variants) {
      results.push({
        variant,
        ...(await runVariant(variant, database.url, database.name, pairs, o)),
      });
      await sleep(2000);
    }
    chains = await verifyChains(database.url);
  } finally {
    await database.drop();
    if (redis === LOCAL_REDIS) {
      const client = createClient({ url: LOCAL_REDIS });
      await client
        .connect()
        .then(() => client.del('socket.io'))
        .catch(() => undefined);
      await client.quit().catch(() => undefined);
    }
  }
  const rows = results.flatMap((r) =>
    r.runs.map((x) => ({ label: `${r.variant.label} @ ${x.rate}/s`, ...x })),
  );
  printTable(
    'two-nodes: all runs (server CPU/RSS summed over nodes)',
    rows.map((r) => figuresRow(r.label, r.figures)),
  );
  printTable(
    'two-nodes: the database afterwards',
    rows.map((r) => ({
      run: r.label,
      'acked sent': r.acked.acked,
      'acked, not stored': r.acked.ackedMissing,
      'refused, stored': r.acked.refusedStored,
    })),
  );
  console.log(
    `chains (every room, all variants, one database): ${chains?.ok ? 'ok' : 'BROKEN'} — ` +
      `${chains?.rooms} rooms, ${chains?.messages} messages, ${chains?.broken.length} broken, ${chains?.headMismatch} heads off`,
  );
  printTable(
    'two-nodes: / one node at the same rate',
    results.slice(1).flatMap((r) =>
      r.runs.map((x) => {
        const base = results[0]!.runs.find((b) => b.rate === x.rate)!.figures;
        return {
          variant: r.variant.label,
          'msg/s/client': x.rate,
          adapter: r.adapter,
          p50: ratio(x.figures.latency.p50, base.latency.p50),
          p99: ratio(x.figures.latency.p99, base.latency.p99),
          'deliv/s': ratio(x.figures.deliveredPerSec, base.deliveredPerSec),
          'cpu/msg': ratio(cpuPerMessage(x.figures), cpuPerMessage(base)),
        };
      }),
    ),
  );
  const file = await writeResult('two-nodes', {
    scenario: 'two-nodes',
    at: new Date().toISOString(),
    machine: machineInfo(),
    options: o,
    redis: Boolean(redis),
    chains,
    results: results.map((r) => ({
      ...r,
      runs: r.runs.map((x) => ({ rate: x.rate, figures: withoutRaw(x.figures), acked: x.acked })),
    })),
  });
  console.log(`\nwrote ${file}`);
}
