/**
 * CPU and memory of other processes, read from /proc (Linux): the server
 * child by pid, and every `postgres` process together (the database's share
 * of Parley's cost). Read-only; nothing here signals a process.
 */
import { readdirSync, readFileSync } from 'node:fs';

const TICKS_PER_SECOND = 100; // getconf CLK_TCK on Linux x86-64

/** utime+stime of a process in seconds, or undefined once it is gone. */
export function cpuSeconds(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command (which may hold spaces) start after the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
  } catch {
    return undefined;
  }
}

/** Resident set size in MiB (VmRSS), or undefined once the process is gone. */
export function rssMiB(pid: number): number | undefined {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const match = /VmRSS:\s+(\d+)\s+kB/.exec(status);
    return match ? Number(match[1]) / 1024 : undefined;
  } catch {
    return undefined;
  }
}

// Shared PostgreSQL processes doing this database's work (WAL, checkpoints).
const AUXILIARY = /^postgres: (walwriter|checkpointer|background writer|autovacuum)/;

/**
 * CPU seconds of the postgres processes working for `database`: its backends
 * (named in their title, so other users of a shared server are left out)
 * and the shared writers.
 */
function postgresCpu(database: string | undefined): Map<number, number> {
  const result = new Map<number, number>();
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return result;
  }
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue;
    if (!database) break;
    try {
      if (readFileSync(`/proc/${entry}/comm`, 'utf8').trim() !== 'postgres') continue;
      const title = readFileSync(`/proc/${entry}/cmdline`, 'utf8').replace(/\0/g, ' ').trim();
      if (!title.includes(` ${database} `) && !AUXILIARY.test(title)) continue;
    } catch {
      continue;
    }
    const seconds = cpuSeconds(Number(entry));
    if (seconds !== undefined) result.set(Number(entry), seconds);
  }
  return result;
}

/**
 * Waits until the given processes use less than `thresholdPercent` of a core
 * over a one-second window (an overloaded server drains its backlog after
 * the clients have given up), at most `maxMs`. Returns the time waited.
 */
export async function waitQuiet(
  pids: number[],
  maxMs = 300_000,
  thresholdPercent = 8,
): Promise<number> {
  const started = performance.now();
  const total = () => pids.reduce((sum, pid) => sum + (cpuSeconds(pid) ?? 0), 0);
  while (performance.now() - started < maxMs) {
    const before = total();
    await new Promise((resolve) => setTimeout(resolve, 1000));
    if ((total() - before) * 100 < thresholdPercent * pids.length) break;
  }
  return performance.now() - started;
}

/** What a sampler saw over its window. */
export interface ProcessUsage {
  seconds: number;
  /** Average CPU of the watched processes, in % of one core (200% = both cores here). */
  cpuPercent: number;
  /** Average CPU of the database's postgres processes over the window, % of one core (0 without one). */
  postgresCpuPercent: number;
  rssStartMiB: number;
  rssMaxMiB: number;
  rssEndMiB: number;
}

/**
 * Samples the given pids (summed) once a second from now until `stop()`.
 * Postgres CPU counts the database's processes alive at the end (new
 * backends from zero).
 */
export function startSampler(pids: number[], database?: string): { stop(): ProcessUsage } {
  const started = performance.now();
  const cpuAt = (ids: number[]) => ids.reduce((sum, pid) => sum + (cpuSeconds(pid) ?? 0), 0);
  const rssOf = () => pids.reduce((sum, pid) => sum + (rssMiB(pid) ?? 0), 0);
  const cpuStart = cpuAt(pids);
  const pgStart = postgresCpu(database);
  const rssStart = rssOf();
  let rssMax = rssStart;
  const timer = setInterval(() => {
    rssMax = Math.max(rssMax, rssOf());
  }, 1000);
  timer.unref();
  return {
    stop() {
      clearInterval(timer);
      const seconds = (performance.now() - started) / 1000;
      const rssEnd = rssOf();
      rssMax = Math.max(rssMax, rssEnd);
      let pgDelta = 0;
      for (const [pid, now] of postgresCpu(database)) pgDelta += now - (pgStart.get(pid) ?? 0);
      return {
        seconds,
        cpuPercent: ((cpuAt(pids) - cpuStart) / seconds) * 100,
        postgresCpuPercent: (pgDelta / seconds) * 100,
        rssStartMiB: rssStart,
        rssMaxMiB: rssMax,
        rssEndMiB: rssEnd,
      };
    },
  };
}
