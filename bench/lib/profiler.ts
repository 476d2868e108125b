/**
 * A CPU profile of a window of a child's life (the same .cpuprofile as
 * `node --cpu-prof`, but only while the load runs), and a summary of where
 * the time went: self time by function and by package.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { Session } from 'node:inspector/promises';
import { onParent, toParent } from './child.js';

/** Child side: `profile:start` / `profile:stop {file}` over IPC. */
export function serveProfiler(): void {
  let session: Session | undefined;
  onParent('profile:start', () => {
    void (async () => {
      session = new Session();
      session.connect();
      await session.post('Profiler.enable');
      await session.post('Profiler.setSamplingInterval', { interval: 500 });
      await session.post('Profiler.start');
      toParent({ type: 'profile:started' });
    })();
  });
  onParent<{ type: string; file: string }>('profile:stop', (m) => {
    void (async () => {
      if (!session) return toParent({ type: 'profile:stopped', file: null });
      const { profile } = await session.post('Profiler.stop');
      session.disconnect();
      session = undefined;
      await writeFile(m.file, JSON.stringify(profile));
      toParent({ type: 'profile:stopped', file: m.file });
    })();
  });
}

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
  children?: number[];
}

/** Self time by function and by package/area, in % of busy (non-idle) samples. */
export interface ProfileSummary {
  samples: number;
  idlePercent: number;
  byArea: Array<{ area: string; percent: number }>;
  topFunctions: Array<{ fn: string; percent: number }>;
}

function areaOf(url: string, fn: string): string {
  if (!url) {
    if (fn === '(idle)') return 'idle';
    if (fn === '(garbage collector)') return 'gc';
    if (fn === '(program)') return 'program (native)';
    return `native ${fn || '(anonymous)'}`;
  }
  const nm = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (nm) return nm[1]!;
  const own = /\/(server|bench)\/([^/]+)/.exec(url);
  if (own) return `${own[1]}/${own[2]}`;
  if (url.startsWith('node:')) return url.replace(/^node:(internal\/)?/, 'node:').split('/')[0]!;
  return url.split('/').slice(-1)[0]!;
}

/** Summarises a .cpuprofile file. */
export async function summarizeProfile(file: string, top = 25): Promise<ProfileSummary> {
  const profile = JSON.parse(await readFile(file, 'utf8')) as { nodes: ProfileNode[] };
  let total = 0;
  let idle = 0;
  const byArea = new Map<string, number>();
  const byFn = new Map<string, number>();
  for (const node of profile.nodes) {
    const hits = node.hitCount ?? 0;
    if (hits === 0) continue;
    const { functionName, url, lineNumber } = node.callFrame;
    if (functionName === '(idle)') {
      idle += hits;
      continue;
    }
    total += hits;
    const area = areaOf(url, functionName);
    byArea.set(area, (byArea.get(area) ?? 0) + hits);
    const where = url
      ? `${url.replace(/^.*?(node_modules\/|\/server\/|\/bench\/)/, '$1')}:${lineNumber + 1}`
      : '';
    const key = `${functionName || '(anonymous)'} ${where}`.trim();
    byFn.set(key, (byFn.get(key) ?? 0) + hits);
  }
  const pct = (n: number) => Math.round((n / Math.max(1, total)) * 1000) / 10;
  const sorted = (m: Map<string, number>) => [...m.entries()].sort((a, b) => b[1] - a[1]);
  return {
    samples: total,
    idlePercent: Math.round((idle / Math.max(1, idle + total)) * 1000) / 10,
    byArea: sorted(byArea)
      .slice(0, top)
      .map(([area, n]) => ({ area, percent: pct(n) })),
    topFunctions: sorted(byFn)
      .slice(0, top)
      .map(([fn, n]) => ({ fn, percent: pct(n) })),
  };
}
