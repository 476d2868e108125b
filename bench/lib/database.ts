/**
 * A fresh, migrated database per scenario: on the machine's PostgreSQL
 * (BENCH_ADMIN_URL, default postgres://postgres@127.0.0.1:5432/postgres) when
 * it answers, else on an embedded PostgreSQL started for the run.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { startEmbeddedPostgres, type EmbeddedDatabase } from '../../server/db/embedded.js';
import { runMigrations } from '../../server/db/migrate.js';
import { answers } from '../../server/db/probe.js';
import { createLogger } from '../../server/shared/logger.js';

const DEFAULT_ADMIN_URL = 'postgres://postgres@127.0.0.1:5432/postgres';

/** A bench database and how it was provided. */
export interface BenchDatabase {
  url: string;
  name: string;
  /** 'local' (the machine's PostgreSQL) or 'embedded'. */
  kind: 'local' | 'embedded';
  drop(): Promise<void>;
  /** Leaves the database in place when the run ends (--keep-* flags). */
  keep(): void;
}

async function adminQuery(adminUrl: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

function withDatabase(url: string, name: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${name}`;
  return parsed.toString();
}

let embedded: { db: EmbeddedDatabase; adminUrl: string; dir: string } | undefined;
/** Databases this run created and has not dropped yet (dropped on Ctrl-C too). */
const live = new Map<string, () => Promise<void>>();

/** Drops every bench database still alive (best effort). */
export async function dropLiveDatabases(): Promise<void> {
  for (const drop of [...live.values()]) await drop().catch(() => undefined);
}

/** The admin URL to create databases on: local PostgreSQL, or an embedded one. */
async function adminUrl(): Promise<{ url: string; kind: 'local' | 'embedded' }> {
  const local = process.env.BENCH_ADMIN_URL ?? DEFAULT_ADMIN_URL;
  if (await answers(local)) return { url: local, kind: 'local' };
  if (!embedded) {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'parley-bench-pg-'));
    const db = await startEmbeddedPostgres(dir, createLogger('warn'), { persistent: false });
    embedded = { db, adminUrl: db.url, dir };
  }
  return { url: embedded.adminUrl, kind: 'embedded' };
}

/**
 * Creates `parley_bench_<label>_<random>` (or `name` when given) and applies
 * the migrations. `reuse` keeps an existing database of that name.
 */
export async function createBenchDatabase(
  label: string,
  options: {
    name?: string;
    reuse?: boolean;
    /** false: left empty for the server to migrate (another tree's migrations, `--before`). */
    migrate?: boolean;
  } = {},
): Promise<BenchDatabase & { reused: boolean }> {
  const admin = await adminUrl();
  const name = options.name ?? `parley_bench_${label}_${randomBytes(4).toString('hex')}`;
  if (!/^[a-z0-9_]+$/.test(name)) throw new Error(`bad database name ${name}`);
  const url = withDatabase(admin.url, name);
  let reused = false;
  if (options.reuse && (await answers(url))) {
    reused = true;
  } else {
    await adminQuery(admin.url, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await adminQuery(admin.url, `CREATE DATABASE ${name}`);
  }
  const drop = async () => {
    live.delete(name);
    await adminQuery(admin.url, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  };
  live.set(name, drop);
  try {
    if (options.migrate !== false) await runMigrations(url, createLogger('warn'));
  } catch (err) {
    await drop();
    throw err;
  }
  return { url, name, kind: admin.kind, reused, drop, keep: () => void live.delete(name) };
}

/** Stops the embedded PostgreSQL if this run started one. */
export async function stopEmbedded(): Promise<void> {
  if (!embedded) return;
  const { db, dir } = embedded;
  embedded = undefined;
  await db.stop();
  await rm(dir, { recursive: true, force: true });
}

/** Runs one statement with a throwaway connection. */
export async function sql<R extends pg.QueryResultRow = pg.QueryResultRow>(
  url: string,
  text: string,
  params: unknown[] = [],
): Promise<R[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<R>(text, params)).rows;
  } finally {
    await client.end();
  }
}
