/**
 * The servers a scenario compares, each with its own client fleet: the bare
 * socket.io relay and Parley (this tree, or another with `--before <dir>`)
 * on a fresh database. A Parley target looks up, after every run, each send
 * it was told was 'sent' (an acknowledged message must be a stored row).
 */
import { createBenchDatabase, type BenchDatabase } from './database.js';
import { startFleet, type DeliveryFigures, type Fleet } from './fleet.js';
import { checkAcked, type AckedReport, type ChainReport } from './integrity.js';
import { barePairs, createPairs, NEUTRAL_TEXTS, signUpUsers } from './population.js';
import { waitQuiet } from './procStats.js';
import {
  probeMediation,
  startBare,
  startParley,
  type MediationProbe,
  type ServerUnderTest,
} from './servers.js';
import { round } from './stats.js';

/** A server under load, its clients, and what the database said afterwards. */
export interface BenchTarget {
  label: string;
  server: ServerUnderTest;
  fleet: Fleet;
  database?: BenchDatabase;
  probe?: MediationProbe;
  setup?: Record<string, unknown>;
  /** Every run's sends looked up in the database afterwards (Parley targets). */
  acked: AckedReport;
  chains?: ChainReport;
}

/** How many pairs, in how many client processes, and the per-socket send limit. */
export interface TargetOptions {
  pairs: number;
  clientProcs: number;
  /** SOCKET_SENDS_PER_SECOND for Parley (undefined: the default, 5). */
  sendsPerSecond?: number;
  /** Database name label. */
  scenario: string;
}

export function noneAcked(): AckedReport {
  return { acked: 0, ackedMissing: 0, refusedStored: 0, unansweredStored: 0, stored: 0 };
}

/** The bare relay with `pairs` rooms of two. */
export async function startBareTarget(o: TargetOptions): Promise<BenchTarget> {
  const server = await startBare();
  const pairs = barePairs(o.pairs).map((p) => ({
    roomId: p.roomId,
    a: { url: server.url },
    b: { url: server.url },
  }));
  try {
    const fleet = await startFleet('bare', pairs, o.clientProcs);
    return { label: 'bare', server, fleet, acked: noneAcked() };
  } catch (err) {
    await server.stop();
    throw err;
  }
}

/** Parley (this tree or `tree`) on a fresh database, `pairs` users in rooms of two. */
export async function startParleyTarget(
  label: string,
  o: TargetOptions,
  tree?: string,
): Promise<BenchTarget> {
  // Another tree has its own migrations: its server applies them at start.
  const database = await createBenchDatabase(o.scenario, { migrate: !tree });
  const { sendsPerSecond } = o;
  let server: ServerUnderTest | undefined;
  try {
    server = await startParley({ databaseUrl: database.url, sendsPerSecond, tree });
    const started = performance.now();
    const users = await signUpUsers(server.url, o.pairs * 2);
    const pairs = await createPairs(database.url, users);
    const setupSeconds = (performance.now() - started) / 1000;
    const probe = await probeMediation(server.url, database.url);
    console.log(
      `${label}: ${users.length} users signed up and ${pairs.length} rooms made in ${round(setupSeconds)} s; ` +
        `database ${database.kind}; send path ${server.variant}; mediation ${probe.mediation} ` +
        `(hostile probe ${probe.hostile}, neutral ${probe.neutral}); ` +
        `SOCKET_SENDS_PER_SECOND=${sendsPerSecond ? `${sendsPerSecond} (raised)` : 'default (5)'}`,
    );
    const url = server.url;
    const fleet = await startFleet(
      'parley',
      pairs.map((p) => ({
        roomId: p.roomId,
        a: { url, cookie: p.a.cookie },
        b: { url, cookie: p.b.cookie },
      })),
      o.clientProcs,
    );
    return {
      label,
      server,
      fleet,
      database,
      probe,
      setup: {
        setupSeconds,
        sendsPerSecond: sendsPerSecond ?? 5,
        variant: server.variant,
        database: database.kind,
      },
      acked: noneAcked(),
    };
  } catch (err) {
    await server?.stop();
    await database.drop();
    throw err;
  }
}

/** Closes the clients, stops the server, drops the database. */
export async function stopTarget(t: BenchTarget): Promise<void> {
  await t.fleet.close().catch(() => undefined);
  await t.server.stop();
  await t.database?.drop();
}

/**
 * Waits until every server is idle again (an overloaded one goes on draining
 * its backlog after its clients gave up, and would load the next run).
 */
export async function settle(targets: BenchTarget[]): Promise<void> {
  const waited = await waitQuiet(targets.map((t) => t.server.pid));
  if (waited > 5000)
    console.log(`  (waited ${Math.round(waited / 1000)} s for the servers to drain)`);
}

/**
 * One run on one target (after `settle`); on Parley, every send is looked up
 * in the database afterwards and added to `t.acked`. `keepDetail` leaves the
 * per-send detail on the figures for the caller.
 */
export async function runOn(
  t: BenchTarget,
  run: Omit<Parameters<Fleet['run']>[0], 'texts' | 'serverPids' | 'database'>,
  keepDetail = false,
): Promise<DeliveryFigures> {
  const figures = await t.fleet.run({
    ...run,
    texts: NEUTRAL_TEXTS,
    serverPids: [t.server.pid],
    database: t.database?.name,
    detail: Boolean(t.database) || run.detail,
  });
  if (t.database && figures.details) {
    const report = await checkAcked(t.database.url, figures.details);
    for (const key of Object.keys(report) as Array<keyof AckedReport>) {
      t.acked[key] += report[key];
    }
  }
  if (!keepDetail) delete figures.details;
  for (const [code, texts] of Object.entries(figures.ackErrorMessages ?? {})) {
    console.log(`  ${t.label}: ${figures.ackErrors[code]} x ${code}: ${texts.join(' | ')}`);
  }
  return figures;
}
