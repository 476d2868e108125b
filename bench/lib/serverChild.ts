/**
 * What both server children (Parley and the bare relay) answer over IPC:
 * `gc` (collect garbage, then report memory) and `clients` (connected
 * engine.io clients), besides the `ready` they send once listening.
 */
import { onParent, toParent, type IpcMessage } from './child.js';
import { serveProfiler } from './profiler.js';

/** Memory as the server process sees it after a full collection. */
export interface MemoryReport extends IpcMessage {
  type: 'gc:done';
  rssMiB: number;
  heapUsedMiB: number;
  externalMiB: number;
  gcAvailable: boolean;
}

const MiB = 2 ** 20;

/** Installs the `gc`, `clients` and `profile:*` handlers. */
export function serveIntrospection(clientsCount: () => number): void {
  serveProfiler();
  onParent('gc', () => {
    void (async () => {
      const gc = (globalThis as { gc?: () => void }).gc;
      for (let i = 0; i < 3 && gc; i += 1) {
        gc();
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      const usage = process.memoryUsage();
      const report: MemoryReport = {
        type: 'gc:done',
        rssMiB: usage.rss / MiB,
        heapUsedMiB: usage.heapUsed / MiB,
        externalMiB: usage.external / MiB,
        gcAvailable: Boolean(gc),
      };
      toParent({ ...report });
    })();
  });
  onParent('clients', () => toParent({ type: 'clients:count', count: clientsCount() }));
}
