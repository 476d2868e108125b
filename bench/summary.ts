/**
 * Prints the latest figures (bench/results/*-latest.json) as Markdown, for
 * bench/README.md: `npx tsx bench/summary.ts`.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { RESULTS_DIR, round, type Summary } from './lib/stats.js';

/** The parts of the result files this summary reads. */
interface Fig {
  clients: number;
  ratePerClient: number;
  deliveredPerSec: number;
  latency: Summary;
  lost: number;
  duplicated: number;
  ackErrors: Record<string, number>;
  ackTimeouts: number;
  serverCpuPercent: number;
  postgresCpuPercent: number;
  serverRssMaxMiB: number;
}
interface DeliveryJson {
  at: string;
  mediation: unknown;
  targets: Array<{
    label: string;
    collapsed?: boolean;
    steady: Fig;
    knee: number;
    kneeRatePerClient: number;
  }>;
}
interface HistoryJson {
  at: string;
  messages: number;
  socket: Record<string, { latency: Summary; meanRows: number }>;
  dbOnly: { history: Summary; sync: Summary };
  load?: { loadSeconds: number; totalSeconds: number };
  verify: { ok: boolean; count: number; seconds: number };
}
interface MediatorJson {
  at: string;
  messages: number;
  source: string;
  local: { all: Summary; hostile: Summary; neutral: Summary; messagesPerSecond: number };
  styleOfPerDeliveredMessage: Summary & { texts: number };
  claude: { rows: Array<{ path: string; delayMs: number; latency: Summary; fallbacks: number }> };
}
interface MemoryTarget {
  baseline: { rssMiB: number };
  levels: Array<{ sockets: number; rssMiB: number; kbPerSocket: number; heapKbPerSocket: number }>;
}
interface MemoryJson {
  at: string;
  bare: MemoryTarget;
  parley: MemoryTarget;
}
interface TwoNodesJson {
  at: string;
  results: Array<{
    variant: { label: string };
    adapter: string;
    runs: Array<{ rate: number; figures: Fig }>;
  }>;
}

function latest<T>(name: string): T | undefined {
  const file = path.join(RESULTS_DIR, `${name}-latest.json`);
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as T) : undefined;
}

function table(header: string[], rows: unknown[][]): string {
  const cell = (v: unknown) =>
    typeof v === 'number'
      ? String(round(v))
      : v === undefined || v === null
        ? '-'
        : typeof v === 'string' || typeof v === 'boolean'
          ? String(v)
          : JSON.stringify(v);
  return [
    `| ${header.join(' | ')} |`,
    `|${header.map(() => '---').join('|')}|`,
    ...rows.map((r) => `| ${r.map(cell).join(' | ')} |`),
  ].join('\n');
}

const cpuPerMsg = (f: Fig) =>
  (((f.serverCpuPercent + f.postgresCpuPercent) / 100) * 1e6) / Math.max(1, f.deliveredPerSec);
const out: string[] = [];

const delivery = latest<DeliveryJson>('delivery');
if (delivery) {
  out.push(`### Delivery (${delivery.at})`, '');
  out.push(
    table(
      [
        'target',
        'clients x msg/s',
        'delivered/s',
        'p50 ms',
        'p95 ms',
        'p99 ms',
        'max ms',
        'lost',
        'dup',
        'refused',
        'server CPU %',
        'postgres CPU %',
        'server RSS MiB',
        'CPU µs/msg (server+pg)',
      ],
      delivery.targets.map((t) => [
        t.label + (t.collapsed ? ' (collapsed)' : ''),
        `${t.steady.clients} x ${t.steady.ratePerClient}`,
        t.steady.deliveredPerSec,
        t.steady.latency.p50,
        t.steady.latency.p95,
        t.steady.latency.p99,
        t.steady.latency.max,
        t.steady.lost,
        t.steady.duplicated,
        Object.values(t.steady.ackErrors).reduce((a, b) => a + b, 0) + t.steady.ackTimeouts,
        t.steady.serverCpuPercent,
        t.steady.postgresCpuPercent,
        t.steady.serverRssMaxMiB,
        cpuPerMsg(t.steady),
      ]),
    ),
    '',
  );
  const bare = delivery.targets[0]!;
  out.push(
    table(
      [
        'target',
        'knee (delivered msg/s, p99 <= 100 ms, nothing lost)',
        'at msg/s per client',
        'x bare',
      ],
      delivery.targets.map((t) => [
        t.label,
        t.knee,
        t.kneeRatePerClient,
        bare.knee ? t.knee / bare.knee : null,
      ]),
    ),
    '',
  );
  out.push(`Mediation: ${JSON.stringify(delivery.mediation)}`, '');
}

const history = latest<HistoryJson>('history');
if (history) {
  out.push(`### History (${history.messages.toLocaleString()} messages, ${history.at})`, '');
  const rows: unknown[][] = Object.entries(history.socket).map(([k, r]) => [
    k,
    r.latency.count,
    r.meanRows,
    r.latency.p50,
    r.latency.p95,
    r.latency.p99,
    r.latency.max,
  ]);
  rows.push([
    'db only: history query',
    history.dbOnly.history.count,
    '',
    history.dbOnly.history.p50,
    history.dbOnly.history.p95,
    history.dbOnly.history.p99,
    history.dbOnly.history.max,
  ]);
  rows.push([
    'db only: sync query',
    history.dbOnly.sync.count,
    '',
    history.dbOnly.sync.p50,
    history.dbOnly.sync.p95,
    history.dbOnly.sync.p99,
    history.dbOnly.sync.max,
  ]);
  out.push(table(['request', 'count', 'rows', 'p50 ms', 'p95 ms', 'p99 ms', 'max ms'], rows), '');
  if (history.load)
    out.push(
      `Bulk load: ${round(history.load.loadSeconds)} s (${round(history.load.totalSeconds)} s with index rebuild and ANALYZE). Chain verify over REST: ${JSON.stringify({ ok: history.verify.ok, count: history.verify.count })} in ${round(history.verify.seconds)} s.`,
      '',
    );
}

const mediator = latest<MediatorJson>('mediator');
if (mediator) {
  const l = mediator.local;
  out.push(
    `### Mediator (${mediator.messages} messages from ${mediator.source}, ${mediator.at})`,
    '',
  );
  out.push(
    table(
      ['local mediator', 'calls', 'mean µs', 'p50 µs', 'p99 µs'],
      (['all', 'hostile', 'neutral'] as const).map((k) => [
        k,
        l[k].count,
        l[k].mean,
        l[k].p50,
        l[k].p99,
      ]),
    ),
    '',
    `Throughput ${Math.round(l.messagesPerSecond).toLocaleString()} messages/s on one core. learning.styleOf over the sender's last ${mediator.styleOfPerDeliveredMessage.texts} texts (after every delivered message): mean ${round(mediator.styleOfPerDeliveredMessage.mean)} µs.`,
    '',
    table(
      [
        'Claude path (createMediator, local fallback)',
        'API delay ms',
        'p50 ms',
        'p99 ms',
        'overhead p50 ms',
        'fallbacks',
      ],
      mediator.claude.rows.map((r) => [
        r.path,
        r.delayMs,
        r.latency.p50,
        r.latency.p99,
        r.latency.p50 - r.delayMs,
        r.fallbacks,
      ]),
    ),
    '',
  );
}

const memory = latest<MemoryJson>('memory');
if (memory) {
  out.push(`### Memory per idle socket (${memory.at})`, '');
  const rows = (['bare', 'parley'] as const).flatMap((k) =>
    memory[k].levels.map((l) => [
      k,
      l.sockets,
      memory[k].baseline.rssMiB,
      l.rssMiB,
      l.kbPerSocket,
      l.heapKbPerSocket,
    ]),
  );
  out.push(
    table(
      ['target', 'sockets', 'baseline RSS MiB', 'RSS MiB', 'KB/socket (RSS)', 'KB/socket (heap)'],
      rows,
    ),
    '',
  );
}

const twoNodes = latest<TwoNodesJson>('two-nodes');
if (twoNodes) {
  out.push(`### Two nodes (${twoNodes.at})`, '');
  const rows = twoNodes.results.flatMap((r) =>
    r.runs.map((x) => [
      r.variant.label,
      r.adapter,
      `${x.figures.clients} x ${x.rate}`,
      x.figures.deliveredPerSec,
      x.figures.latency.p50,
      x.figures.latency.p99,
      x.figures.lost,
      cpuPerMsg(x.figures),
    ]),
  );
  out.push(
    table(
      [
        'variant',
        'adapter',
        'clients x msg/s',
        'delivered/s',
        'p50 ms',
        'p99 ms',
        'lost',
        'CPU µs/msg',
      ],
      rows,
    ),
    '',
  );
}

console.log(out.join('\n'));
