/**
 * The load side of the delivery scenarios: socket.io clients spread over
 * child processes (a pair never split), paced runs, and results merged into
 * one row with the server's CPU and memory over the same window.
 */
import { randomBytes } from 'node:crypto';
import type {
  ConnectRequest,
  RunDetail,
  RunRequest,
  RunResult,
  SocketSpec,
} from '../loadClients.js';
import { forkChild, type BenchChild } from './child.js';
import { startSampler } from './procStats.js';
import { summarize, type Summary } from './stats.js';

/** One pair as the fleet sees it: each side's server URL and cookie. */
export interface FleetPair {
  roomId: string;
  a: { url: string; cookie?: string };
  b: { url: string; cookie?: string };
}

/** A delivery run, merged over every client process. */
export interface DeliveryFigures {
  clients: number;
  ratePerClient: number;
  offeredPerSec: number;
  seconds: number;
  sent: number;
  delivered: number;
  deliveredPerSec: number;
  lost: number;
  duplicated: number;
  held: number;
  ackErrors: Record<string, number>;
  /** Distinct refusal messages per code (a few). */
  ackErrorMessages?: Record<string, string[]>;
  ackTimeouts: number;
  misrouted: number;
  disconnects: number;
  latency: Summary;
  ack: Summary;
  /** send -> any answer (sent, held or a refusal). */
  answer: Summary;
  sendLagP99: number;
  serverCpuPercent: number;
  postgresCpuPercent: number;
  serverRssMaxMiB: number;
  clientCpuPercent: number;
  /** Raw samples for merging runs (dropped from JSON output). */
  raw?: { latencies: number[]; ack: number[]; answer: number[]; lag: number[] };
  /** Per-send detail of each client process (only when asked for; dropped from JSON). */
  details?: RunDetail[];
}

export interface Fleet {
  clients: number;
  run(options: {
    ratePerClient: number;
    durationMs: number;
    graceMs?: number;
    texts: string[];
    serverPids: number[];
    /** The database whose postgres backends count as the server's (Parley). */
    database?: string;
    /** Rates one after the other, no gap (overrides ratePerClient/durationMs for the sends). */
    phases?: Array<{ ratePerClient: number; durationMs: number }>;
    /** Every socket sends at the same instant, ratePerClient times a second. */
    burst?: boolean;
    /** Keep per-send detail (offsets, statuses) in `details`. */
    detail?: boolean;
    ackTimeoutMs?: number;
  }): Promise<DeliveryFigures>;
  close(): Promise<void>;
}

/** Forks `procs` client processes and connects every socket. */
export async function startFleet(
  kind: 'parley' | 'bare',
  pairs: FleetPair[],
  procs: number,
): Promise<Fleet> {
  const count = Math.max(1, Math.min(procs, pairs.length));
  const children: BenchChild[] = [];
  try {
    for (let i = 0; i < count; i += 1) {
      const child = forkChild(`clients-${i}`, 'loadClients.ts', {
        execArgv: ['--max-old-space-size=4096'],
      });
      children.push(child);
      await child.next('ready', 30_000);
    }
    const per = Math.ceil(pairs.length / count);
    const connected = await Promise.all(
      children.map((child, i) => {
        const sockets: SocketSpec[] = pairs.slice(i * per, (i + 1) * per).flatMap((p) => [
          { url: p.a.url, cookie: p.a.cookie, roomId: p.roomId },
          { url: p.b.url, cookie: p.b.cookie, roomId: p.roomId },
        ]);
        const request: ConnectRequest = { type: 'connect', kind, sockets, concurrency: 25 };
        return child.request<{
          type: 'connected';
          ok: number;
          failed: number;
          firstError?: string;
        }>(request, 'connected', 300_000);
      }),
    );
    const failed = connected.reduce((n, c) => n + c.failed, 0);
    if (failed > 0) {
      throw new Error(
        `${failed} sockets failed to connect: ${connected.find((c) => c.firstError)?.firstError}`,
      );
    }
  } catch (err) {
    await Promise.all(children.map((c) => c.stop()));
    throw err;
  }
  const clients = pairs.length * 2;

  return {
    clients,
    async run({
      ratePerClient,
      durationMs,
      graceMs = 5000,
      texts,
      serverPids,
      database,
      phases,
      burst,
      detail,
      ackTimeoutMs = 10_000,
    }) {
      const runId = `r${randomBytes(4).toString('hex')}`;
      const sampler = startSampler(serverPids, database);
      const request: RunRequest = {
        type: 'run',
        runId,
        ratePerClient,
        durationMs,
        graceMs,
        ackTimeoutMs,
        texts,
        phases,
        burst,
        detail,
      };
      const totalMs = phases ? phases.reduce((n, p) => n + p.durationMs, 0) : durationMs;
      const results = await Promise.all(
        children.map((c) =>
          c.request<RunResult>(request, 'result', totalMs + graceMs + ackTimeoutMs + 60_000),
        ),
      );
      const usage = sampler.stop();
      return merge(results, ratePerClient, usage);
    },
    async close() {
      await Promise.all(
        children.map((c) => c.request({ type: 'close' }, 'closed', 30_000).catch(() => undefined)),
      );
      await Promise.all(children.map((c) => c.stop()));
      // Let the server finish its disconnect work (presence) before it is stopped.
      await new Promise((resolve) => setTimeout(resolve, 1500));
    },
  };
}

function merge(
  results: RunResult[],
  ratePerClient: number,
  usage: ReturnType<ReturnType<typeof startSampler>['stop']>,
): DeliveryFigures {
  const sum = (pick: (r: RunResult) => number) => results.reduce((n, r) => n + pick(r), 0);
  const ackErrors: Record<string, number> = {};
  for (const r of results) {
    for (const [code, n] of Object.entries(r.ackErrors))
      ackErrors[code] = (ackErrors[code] ?? 0) + n;
  }
  const ackErrorMessages: Record<string, string[]> = {};
  for (const r of results) {
    for (const [code, texts] of Object.entries(r.ackErrorMessages)) {
      const list = (ackErrorMessages[code] ??= []);
      for (const t of texts) if (!list.includes(t)) list.push(t);
    }
  }
  const seconds = Math.max(...results.map((r) => r.sendWindowMs)) / 1000;
  const clients = sum((r) => r.clients);
  const delivered = sum((r) => r.peerReceived);
  return {
    clients,
    ratePerClient,
    offeredPerSec: clients * ratePerClient,
    seconds,
    sent: sum((r) => r.sent),
    delivered,
    deliveredPerSec: delivered / seconds,
    lost: sum((r) => r.lost),
    duplicated: sum((r) => r.duplicated),
    held: sum((r) => r.held),
    ackErrors,
    ackErrorMessages,
    ackTimeouts: sum((r) => r.ackTimeouts),
    misrouted: sum((r) => r.misrouted),
    disconnects: sum((r) => r.disconnects),
    latency: summarize(results.flatMap((r) => r.latencies)),
    ack: summarize(results.flatMap((r) => r.ackLatencies)),
    answer: summarize(results.flatMap((r) => r.answerLatencies)),
    sendLagP99: summarize(results.flatMap((r) => r.sendLag)).p99,
    serverCpuPercent: usage.cpuPercent,
    postgresCpuPercent: usage.postgresCpuPercent,
    serverRssMaxMiB: usage.rssMaxMiB,
    clientCpuPercent: sum((r) => r.clientCpuPercent),
    raw: {
      latencies: results.flatMap((r) => r.latencies),
      ack: results.flatMap((r) => r.ackLatencies),
      answer: results.flatMap((r) => r.answerLatencies),
      lag: results.flatMap((r) => r.sendLag),
    },
    details: results.flatMap((r) => (r.detail ? [r.detail] : [])),
  };
}

/** Several runs of one target as one (latencies pooled, rates and CPU time-weighted). */
export function mergeFigures(runs: DeliveryFigures[]): DeliveryFigures {
  if (runs.length === 1) return runs[0]!;
  const seconds = runs.reduce((n, r) => n + r.seconds, 0);
  const sum = (pick: (r: DeliveryFigures) => number) => runs.reduce((n, r) => n + pick(r), 0);
  const weighted = (pick: (r: DeliveryFigures) => number) =>
    sum((r) => pick(r) * r.seconds) / seconds;
  const ackErrors: Record<string, number> = {};
  for (const r of runs) {
    for (const [code, n] of Object.entries(r.ackErrors))
      ackErrors[code] = (ackErrors[code] ?? 0) + n;
  }
  const raw = {
    latencies: runs.flatMap((r) => r.raw?.latencies ?? []),
    ack: runs.flatMap((r) => r.raw?.ack ?? []),
    answer: runs.flatMap((r) => r.raw?.answer ?? []),
    lag: runs.flatMap((r) => r.raw?.lag ?? []),
  };
  const first = runs[0]!;
  return {
    clients: first.clients,
    ratePerClient: first.ratePerClient,
    offeredPerSec: first.offeredPerSec,
    seconds,
    sent: sum((r) => r.sent),
    delivered: sum((r) => r.delivered),
    deliveredPerSec: sum((r) => r.delivered) / seconds,
    lost: sum((r) => r.lost),
    duplicated: sum((r) => r.duplicated),
    held: sum((r) => r.held),
    ackErrors,
    ackTimeouts: sum((r) => r.ackTimeouts),
    misrouted: sum((r) => r.misrouted),
    disconnects: sum((r) => r.disconnects),
    latency: summarize(raw.latencies),
    ack: summarize(raw.ack),
    answer: summarize(raw.answer),
    sendLagP99: summarize(raw.lag).p99,
    serverCpuPercent: weighted((r) => r.serverCpuPercent),
    postgresCpuPercent: weighted((r) => r.postgresCpuPercent),
    serverRssMaxMiB: Math.max(...runs.map((r) => r.serverRssMaxMiB)),
    clientCpuPercent: weighted((r) => r.clientCpuPercent),
    raw,
  };
}

/** The figures without raw samples, for JSON. */
export function withoutRaw(f: DeliveryFigures): Omit<DeliveryFigures, 'raw'> {
  const rest: DeliveryFigures = { ...f };
  delete rest.raw;
  delete rest.details;
  return rest;
}

/** True when a run counts for the knee: p99 within budget and nothing lost or refused. */
export function passes(f: DeliveryFigures, p99BudgetMs: number): boolean {
  const refused = Object.values(f.ackErrors).reduce((n, v) => n + v, 0);
  return (
    f.latency.p99 <= p99BudgetMs &&
    f.lost === 0 &&
    f.duplicated === 0 &&
    f.ackTimeouts === 0 &&
    refused === 0 &&
    f.held === 0
  );
}

/** One table row of a run. */
export function figuresRow(label: string, f: DeliveryFigures): Record<string, string | number> {
  const refused = Object.values(f.ackErrors).reduce((n, v) => n + v, 0);
  return {
    target: label,
    clients: f.clients,
    'msg/s/cli': f.ratePerClient,
    sent: f.sent,
    'deliv/s': f.deliveredPerSec,
    'p50 ms': f.latency.p50,
    'p95 ms': f.latency.p95,
    'p99 ms': f.latency.p99,
    'max ms': f.latency.max,
    'ack p99': f.ack.p99,
    lost: f.lost,
    dup: f.duplicated,
    'refused/held': `${refused + f.ackTimeouts}/${f.held}`,
    // Which refusals (code: count; 'timeout' = no ack within the ack timeout).
    codes:
      Object.entries({ ...f.ackErrors, ...(f.ackTimeouts ? { timeout: f.ackTimeouts } : {}) })
        .map(([code, n]) => `${code}:${n}`)
        .join(' ') || '-',
    'srv cpu%': f.serverCpuPercent,
    'pg cpu%': f.postgresCpuPercent,
    'srv MiB': f.serverRssMaxMiB,
    'cpu µs/msg': cpuPerMessage(f),
    'node µs': cpuSplit(f).node,
    'pg µs': cpuSplit(f).postgres,
    'cli cpu%': f.clientCpuPercent,
    'lag p99': f.sendLagP99,
  };
}

/** Server + database CPU per delivered message, µs (the load-independent cost). */
export function cpuPerMessage(f: DeliveryFigures): number {
  return (
    (((f.serverCpuPercent + f.postgresCpuPercent) / 100) * 1e6) / Math.max(1, f.deliveredPerSec)
  );
}

/** Server (node) and PostgreSQL CPU per delivered message, µs, apart. */
export function cpuSplit(f: DeliveryFigures): { node: number; postgres: number } {
  const per = (percent: number) => ((percent / 100) * 1e6) / Math.max(1, f.deliveredPerSec);
  return { node: per(f.serverCpuPercent), postgres: per(f.postgresCpuPercent) };
}
