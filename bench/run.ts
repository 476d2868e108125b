/**
 * `npm run bench [-- <scenario>... ] [--quick] [flags]`: load and latency
 * benchmarks, not part of `npm test`. Every server and client runs on this
 * machine and every load goes to 127.0.0.1; every loop is bounded in count
 * and time. Each scenario prints tables and writes JSON to bench/results/.
 * See bench/README.md for the scenarios, flags and the latest figures.
 */
import { parseFlags, type Flags } from './lib/flags.js';
import { dropLiveDatabases, stopEmbedded } from './lib/database.js';
import { machineInfo } from './lib/machine.js';
import { burstScenario } from './scenarios/burst.js';
import { deliveryScenario } from './scenarios/delivery.js';
import { historyScenario } from './scenarios/history.js';
import { mediatorScenario } from './scenarios/mediator.js';
import { memoryScenario } from './scenarios/memory.js';
import { overloadScenario } from './scenarios/overload.js';
import { twoNodesScenario } from './scenarios/twoNodes.js';

const SCENARIOS: Record<string, (flags: Flags) => Promise<void>> = {
  delivery: deliveryScenario,
  burst: burstScenario,
  overload: overloadScenario,
  history: historyScenario,
  mediator: mediatorScenario,
  memory: memoryScenario,
  'two-nodes': twoNodesScenario,
};
/** What `npm run bench` runs without names. */
const DEFAULT = ['mediator', 'delivery', 'burst', 'overload', 'history', 'memory', 'two-nodes'];

// Ctrl-C: children stop on their own (IPC disconnect); drop the databases made so far.
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    console.error(`\n${signal}: dropping bench databases`);
    void dropLiveDatabases()
      .then(stopEmbedded)
      .finally(() => process.exit(130));
  });
}

async function main(): Promise<void> {
  const flags = parseFlags(process.argv.slice(2));
  const names = flags.positional.length > 0 ? flags.positional : DEFAULT;
  const unknown = names.filter((n) => !(n in SCENARIOS));
  if (unknown.length > 0) {
    console.error(
      `unknown scenario(s): ${unknown.join(', ')}; known: ${Object.keys(SCENARIOS).join(', ')}`,
    );
    process.exit(2);
  }
  const machine = machineInfo();
  console.log(
    `parley bench: ${names.join(', ')}${flags.has('quick') ? ' (quick)' : ''} on ${machine.nproc} x ${machine.cpuModel}, ` +
      `${machine.memoryGiB} GiB, node ${machine.node}, load average ${machine.loadAverage.join(' ')}`,
  );
  try {
    for (const name of names) {
      const started = performance.now();
      await SCENARIOS[name]!(flags);
      console.log(`[${name} took ${Math.round((performance.now() - started) / 1000)} s]`);
    }
  } finally {
    await dropLiveDatabases();
    await stopEmbedded();
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error('bench failed:', err);
    process.exit(1);
  },
);
