/**
 * Scenario 4, memory per idle socket: the server's RSS (after forced GC,
 * --expose-gc) with no bench sockets, then with 1,000 and 5,000 idle
 * connected sockets; (RSS - baseline) / sockets, for the bare relay and for
 * Parley (each socket its own signed-in user, rooms of two).
 */
import type { Flags } from '../lib/flags.js';
import { createBenchDatabase } from '../lib/database.js';
import { startFleet, type Fleet, type FleetPair } from '../lib/fleet.js';
import { machineInfo } from '../lib/machine.js';
import { barePairs, createPairs, signUpUsers } from '../lib/population.js';
import type { MemoryReport } from '../lib/serverChild.js';
import { startBare, startParley, type ServerUnderTest } from '../lib/servers.js';
import { printTable, ratio, sleep, writeResult } from '../lib/stats.js';

interface Level {
  sockets: number;
  rssMiB: number;
  heapUsedMiB: number;
  kbPerSocket: number;
  heapKbPerSocket: number;
}

async function gcReport(server: ServerUnderTest): Promise<MemoryReport> {
  await sleep(3000); // let connection work (presence, handshakes) finish
  return server.child.request<MemoryReport>({ type: 'gc' }, 'gc:done', 60_000);
}

async function measureTarget(
  kind: 'bare' | 'parley',
  server: ServerUnderTest,
  pairs: FleetPair[],
  levels: number[],
  clientProcs: number,
) {
  const baseline = await gcReport(server);
  if (!baseline.gcAvailable) throw new Error('server child runs without --expose-gc');
  const fleets: Fleet[] = [];
  const rows: Level[] = [];
  let connectedPairs = 0;
  try {
    for (const level of levels) {
      const wantPairs = level / 2;
      fleets.push(await startFleet(kind, pairs.slice(connectedPairs, wantPairs), clientProcs));
      connectedPairs = wantPairs;
      const count = await server.child.request<{ type: string; count: number }>(
        { type: 'clients' },
        'clients:count',
        10_000,
      );
      const report = await gcReport(server);
      rows.push({
        sockets: count.count,
        rssMiB: report.rssMiB,
        heapUsedMiB: report.heapUsedMiB,
        kbPerSocket: ((report.rssMiB - baseline.rssMiB) * 1024) / count.count,
        heapKbPerSocket: ((report.heapUsedMiB - baseline.heapUsedMiB) * 1024) / count.count,
      });
    }
  } finally {
    for (const fleet of fleets) await fleet.close();
  }
  return { baseline: { rssMiB: baseline.rssMiB, heapUsedMiB: baseline.heapUsedMiB }, levels: rows };
}

export async function memoryScenario(flags: Flags): Promise<void> {
  const quick = flags.has('quick');
  const levels = (flags.str('levels') ?? (quick ? '200,1000' : '1000,5000'))
    .split(',')
    .map(Number)
    .filter((n) => n > 0)
    .map((n) => n - (n % 2))
    .sort((a, b) => a - b);
  const max = levels[levels.length - 1]!;
  const clientProcs = flags.num('client-procs', 2);
  console.log(
    `\n== memory: idle sockets at ${levels.join(', ')}; RSS after GC, minus the baseline with none`,
  );

  const bareServer = await startBare(['--expose-gc']);
  let bare;
  try {
    const pairs = barePairs(max / 2).map((p) => ({
      roomId: p.roomId,
      a: { url: bareServer.url },
      b: { url: bareServer.url },
    }));
    bare = await measureTarget('bare', bareServer, pairs, levels, clientProcs);
  } finally {
    await bareServer.stop();
  }

  const database = await createBenchDatabase('memory');
  const server = await startParley({ databaseUrl: database.url, execArgv: ['--expose-gc'] });
  let parley;
  try {
    const started = performance.now();
    const users = await signUpUsers(server.url, max, 16);
    const pairs = (await createPairs(database.url, users)).map((p) => ({
      roomId: p.roomId,
      a: { url: server.url, cookie: p.a.cookie },
      b: { url: server.url, cookie: p.b.cookie },
    }));
    console.log(
      `  parley: ${users.length} users signed up in ${Math.round((performance.now() - started) / 1000)} s`,
    );
    parley = await measureTarget('parley', server, pairs, levels, clientProcs);
  } finally {
    await server.stop();
    await database.drop();
  }

  const rows = [
    ...bare.levels.map((l) => ({ target: 'bare', baseline: bare.baseline.rssMiB, ...l })),
    ...parley.levels.map((l) => ({ target: 'parley', baseline: parley.baseline.rssMiB, ...l })),
  ].map((r) => ({
    target: r.target,
    sockets: r.sockets,
    'baseline MiB': r.baseline,
    'rss MiB': r.rssMiB,
    'heap MiB': r.heapUsedMiB,
    'KB/socket (rss)': r.kbPerSocket,
    'KB/socket (heap)': r.heapKbPerSocket,
  }));
  printTable('memory: per idle socket', rows);
  const top = (x: typeof bare) => x.levels[x.levels.length - 1]!.kbPerSocket;
  printTable('memory: Parley / bare and target', [
    {
      sockets: max,
      'parley/bare': ratio(top(parley), top(bare)),
      'parley KB/socket': top(parley),
      'target <= 60 KB': top(parley) <= 60,
    },
  ]);
  const file = await writeResult('memory', {
    scenario: 'memory',
    at: new Date().toISOString(),
    machine: machineInfo(),
    levels,
    bare,
    parley,
  });
  console.log(`\nwrote ${file}`);
}
