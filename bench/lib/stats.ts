import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** Latency summary in milliseconds (or whatever unit the samples had). */
export interface Summary {
  count: number;
  mean: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

/** Nearest-rank percentile of an ascending array (0 when empty). */
export function percentile(sorted: ArrayLike<number>, p: number): number {
  if (sorted.length === 0) return 0;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank]!;
}

/** Sorts a copy and summarises it. */
export function summarize(samples: ArrayLike<number>): Summary {
  const sorted = Float64Array.from(samples).sort();
  let sum = 0;
  for (const v of sorted) sum += v;
  return {
    count: sorted.length,
    mean: sorted.length ? sum / sorted.length : 0,
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
    max: sorted.length ? sorted[sorted.length - 1]! : 0,
  };
}

/** Rounds for display and JSON: 2 decimals below 100, 1 below 1000, else integers. */
export function round(value: number): number {
  if (!Number.isFinite(value)) return value;
  const abs = Math.abs(value);
  if (abs < 100) return Math.round(value * 100) / 100;
  if (abs < 1000) return Math.round(value * 10) / 10;
  return Math.round(value);
}

/** A ratio a/b for display (three significant digits below 0.1), or null when b is 0. */
export function ratio(a: number, b: number): number | null {
  if (b === 0) return null;
  const r = a / b;
  return Math.abs(r) < 0.1 && r !== 0 ? Number(r.toPrecision(3)) : round(r);
}

export type Cell = string | number | boolean | null | undefined;

/** Prints rows as an aligned text table under a title. */
export function printTable(title: string, rows: Record<string, Cell>[]): void {
  console.log(`\n${title}`);
  if (rows.length === 0) {
    console.log('  (no rows)');
    return;
  }
  const columns = [...new Set(rows.flatMap((r) => Object.keys(r)))];
  const text = (c: Cell) =>
    c === undefined || c === null ? '-' : typeof c === 'number' ? String(round(c)) : String(c);
  const widths = columns.map((col) =>
    Math.max(col.length, ...rows.map((r) => text(r[col]).length)),
  );
  const line = (cells: string[]) =>
    '  ' + cells.map((c, i) => c.padStart(i === 0 ? 0 : widths[i]!).padEnd(widths[i]!)).join('  ');
  console.log(line(columns));
  console.log('  ' + widths.map((w) => '-'.repeat(w)).join('  '));
  for (const row of rows) console.log(line(columns.map((col) => text(row[col]))));
}

export const RESULTS_DIR = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '..',
  'results',
);

/** Writes `<scenario>-<timestamp>.json` and `<scenario>-latest.json` under bench/results/. */
export async function writeResult(scenario: string, data: unknown): Promise<string> {
  await mkdir(RESULTS_DIR, { recursive: true });
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const body = JSON.stringify(data, null, 2);
  const file = path.join(RESULTS_DIR, `${scenario}-${stamp}.json`);
  await writeFile(file, body);
  await writeFile(path.join(RESULTS_DIR, `${scenario}-latest.json`), body);
  return file;
}

/** Resolves after `ms`. */
export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
