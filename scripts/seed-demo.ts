/**
 * `npm run seed:demo`: two demo parents, already paired, with about a month
 * of history — handovers, school, a doctor's appointment, an expense dispute
 * with held messages and what became of them, a correction, threads, tasks,
 * contacts and read receipts. Everything goes through the services (mediation,
 * hash chain, threads, outbox), as the app would write it; a simulated clock
 * (scripts/demo/clock.ts) dates it. Idempotent: a second run says the demo
 * exists. Prints how to sign in as each parent.
 *
 * Uses DATABASE_URL, or the embedded database under DATA_DIR (the server must
 * not be running on the same DATA_DIR). Refuses NODE_ENV=production unless
 * given --force: demo accounts with a printed password do not belong there.
 */
import { loadConfig } from '../server/config.js';
import { startServer } from '../server/server.js';
import { createLogger } from '../server/shared/logger.js';
import { installClock } from './demo/clock.js';
import { DEMO_PARENTS, DEMO_PASSWORD, HISTORY } from './demo/history.js';
import { replayHistory, setUpCouple } from './demo/replay.js';

const DAY_MS = 24 * 60 * 60 * 1000;

function signInHelp(publicUrl: string): string {
  const lines = Object.values(DEMO_PARENTS).map(
    (p) => `  ${p.displayName.padEnd(12)} ${p.email}  /  ${DEMO_PASSWORD}`,
  );
  return [`Sign in at ${publicUrl} as either parent:`, ...lines].join('\n');
}

/** A one-line progress bar on stderr (redrawn in place on a terminal). */
function progress(done: number, total: number, label: string): void {
  const width = 30;
  const filled = Math.round((done / total) * width);
  const bar = `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${done}/${total} ${label}`;
  if (process.stderr.isTTY)
    process.stderr.write(`\r${bar.padEnd(78)}${done === total ? '\n' : ''}`);
  else if (done === total || done % 10 === 0) process.stderr.write(`${bar}\n`);
}

async function main(): Promise<number> {
  const env = { ...process.env, PORT: '0', HOST: '127.0.0.1' };
  const config = loadConfig(env);
  if (config.NODE_ENV === 'production' && !process.argv.includes('--force')) {
    console.error(
      'seed:demo refuses NODE_ENV=production (demo accounts, printed password); --force to insist',
    );
    return 2;
  }
  const logger = createLogger(process.env.LOG_LEVEL ? config.LOG_LEVEL : 'warn', 'stderr');
  const server = await startServer(config, logger);
  const publicUrl = process.env.PUBLIC_URL ?? 'http://localhost:3000';
  try {
    const { services } = server;
    if (await services.users.findByEmail(DEMO_PARENTS.a.email)) {
      console.log(`The demo already exists (nothing written).\n${signInHelp(publicUrl)}`);
      return 0;
    }
    // Day 0 is 30 days ago, at midnight UTC; the last step is yesterday.
    const start = Math.floor((Date.now() - 30 * DAY_MS) / DAY_MS) * DAY_MS;
    const clock = installClock(start + 18 * 60 * 60 * 1000);
    let summary;
    try {
      const couple = await setUpCouple(services);
      summary = await replayHistory(services, couple, HISTORY, {
        at: (day, time) => {
          const [h, m] = time.split(':').map(Number) as [number, number];
          clock.set(start + day * DAY_MS + (h * 60 + m) * 60 * 1000);
        },
        progress: (done, label) => progress(done, HISTORY.length, label),
        realNow: start + 30 * DAY_MS,
      });
    } finally {
      clock.restore();
    }
    await services.outboxWorker.drain(30_000);
    const chain = await services.messages.verify(summary.userIds.a, summary.roomId);
    console.log(
      [
        `Demo written: ${summary.messages} messages (${summary.held} held by the mediator: ${summary.outcomes.join(', ')}), ${summary.tasks} tasks, ${summary.contacts} contacts.`,
        `Hash chain: ${chain.ok ? `verified (${chain.count} messages)` : `BROKEN at seq ${String(chain.brokenAtSeq)}`}.`,
        signInHelp(publicUrl),
      ].join('\n'),
    );
    return chain.ok ? 0 : 1;
  } finally {
    await server.close();
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error('seed:demo failed:', err instanceof Error ? err.message : err);
    process.exit(2);
  },
);
