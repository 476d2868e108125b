/**
 * Scenario burst: 20 rooms whose 40 clients all send in the same instant,
 * once a second (issue 15: "20 same-instant sends"), against the bare relay
 * and Parley (and `--before <dir>`), every target up at once, runs
 * interleaved in A B B A rounds. All 40 sockets live in one client process,
 * so "the same instant" is one synchronous loop of 40 emits. Reports p50/p99
 * send -> peer, the ratios to the bare relay, and what the database holds.
 */
import type { Flags } from '../lib/flags.js';
import { loadFlags } from '../lib/loadFlags.js';
import {
  cpuSplit,
  figuresRow,
  mergeFigures,
  withoutRaw,
  type DeliveryFigures,
} from '../lib/fleet.js';
import { verifyChains } from '../lib/integrity.js';
import { machineInfo } from '../lib/machine.js';
import { printTable, ratio, round, writeResult } from '../lib/stats.js';
import {
  runOn,
  settle,
  startBareTarget,
  startParleyTarget,
  stopTarget,
  type BenchTarget,
  type TargetOptions,
} from '../lib/targets.js';

/** The knobs of the burst scenario. */
export interface BurstOptions {
  rooms: number;
  /** Bursts per second (each client sends this often). */
  rate: number;
  durationMs: number;
  rounds: number;
  p99TargetMs: number;
  before?: string;
}

export function burstOptions(flags: Flags): BurstOptions {
  const load = loadFlags(flags);
  return {
    rooms: flags.num('rooms', 20),
    rate: flags.num('burst-rate', 1),
    durationMs: load.ms('burst-duration', 60, 10),
    rounds: load.rounds,
    p99TargetMs: flags.num('burst-p99', 25),
    before: load.before,
  };
}

export async function burstScenario(flags: Flags): Promise<void> {
  const o = burstOptions(flags);
  console.log(
    `\n== burst: ${o.rooms} rooms, all ${o.rooms * 2} clients sending in the same instant ${o.rate}x a second, ` +
      `${o.durationMs / 1000} s per target over ${o.rounds} interleaved round(s)`,
  );
  const targetOptions: TargetOptions = {
    pairs: o.rooms,
    clientProcs: 1,
    sendsPerSecond: undefined,
    scenario: 'burst',
  };
  const targets: Array<BenchTarget & { segments: DeliveryFigures[] }> = [];
  try {
    targets.push({ ...(await startBareTarget(targetOptions)), segments: [] });
    if (o.before) {
      targets.push({
        ...(await startParleyTarget('parley before', targetOptions, o.before)),
        segments: [],
      });
    }
    targets.push({ ...(await startParleyTarget('parley', targetOptions)), segments: [] });

    for (const t of targets) {
      await settle(targets);
      await runOn(t, { ratePerClient: o.rate, durationMs: 3000, burst: true }); // warm-up
    }
    const segmentMs = Math.round(o.durationMs / o.rounds);
    for (let r = 0; r < o.rounds; r += 1) {
      for (const t of r % 2 === 0 ? targets : [...targets].reverse()) {
        await settle(targets);
        const f = await runOn(t, { ratePerClient: o.rate, durationMs: segmentMs, burst: true });
        printTable(`burst: ${t.label}, round ${r + 1}`, [figuresRow(t.label, f)]);
        t.segments.push(f);
      }
    }
    for (const t of targets) {
      if (t.database) t.chains = await verifyChains(t.database.url);
    }
    const merged = new Map(targets.map((t) => [t, mergeFigures(t.segments)]));
    const bare = merged.get(targets[0]!)!;
    printTable(
      `burst: ${o.rooms * 2} clients, same instant, send -> peer`,
      targets.map((t) => figuresRow(t.label, merged.get(t)!)),
    );
    printTable(
      'burst: / bare (same run) and the database afterwards',
      targets.slice(1).map((t) => {
        const f = merged.get(t)!;
        return {
          target: t.label,
          'p50 ms': f.latency.p50,
          'p99 ms': f.latency.p99,
          'p50 x bare': ratio(f.latency.p50, bare.latency.p50),
          'p99 x bare': ratio(f.latency.p99, bare.latency.p99),
          'node µs/msg': cpuSplit(f).node,
          'pg µs/msg': cpuSplit(f).postgres,
          lost: f.lost,
          dup: f.duplicated,
          'acked, not stored': t.acked.ackedMissing,
          'chains ok': t.chains?.ok,
        };
      }),
    );
    const parley = targets[targets.length - 1]!;
    const p = merged.get(parley)!;
    const met =
      p.latency.p99 <= o.p99TargetMs &&
      p.lost === 0 &&
      p.duplicated === 0 &&
      parley.acked.ackedMissing === 0;
    printTable('burst: target', [
      {
        target: `p99 <= ${o.p99TargetMs} ms, nothing lost`,
        met: `${met} (p50 ${round(p.latency.p50)} ms, p99 ${round(p.latency.p99)} ms; bare ${round(bare.latency.p50)} / ${round(bare.latency.p99)} ms)`,
      },
    ]);
    const file = await writeResult('burst', {
      scenario: 'burst',
      at: new Date().toISOString(),
      machine: machineInfo(),
      options: o,
      targets: targets.map((t) => ({
        label: t.label,
        setup: t.setup,
        figures: withoutRaw(merged.get(t)!),
        segments: t.segments.map(withoutRaw),
        cpuSplit: cpuSplit(merged.get(t)!),
        acked: t.database ? t.acked : undefined,
        chains: t.chains,
      })),
      met,
    });
    console.log(`\nwrote ${file}`);
  } finally {
    for (const t of targets) await stopTarget(t);
  }
}
