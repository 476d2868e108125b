/**
 * The prototypes a bench Parley node can run with, combined with '+'
 * (`prepared+lean+local-adapter`). Applied after startServer, before any
 * client connects. Bench only: the server's own files are not changed.
 */
import { createAdapter as createPostgresAdapter } from '@socket.io/postgres-adapter';
import pg from 'pg';
import { Adapter } from 'socket.io-adapter';
import type { RunningServer } from '../../server/server.js';
import { installCoalescedSend } from './coalescedSend.js';
import { installLeanSend } from './leanSend.js';
import { installPreparedStatements } from './preparedStatements.js';

/** A prototype's name and how to put it in a running server. */
const PROTOTYPES: Record<string, (server: RunningServer) => string> = {
  // Before lean/coalesced, which capture the database handle's methods.
  prepared: installPreparedStatements,
  coalesced: installCoalescedSend,
  lean: installLeanSend,
  /**
   * Single node only: socket.io's in-memory adapter instead of the Postgres
   * cluster adapter, whose broadcast awaits a NOTIFY on the app's pool
   * before delivering locally.
   */
  'local-adapter': (server) => {
    void Promise.resolve(server.io.of('/').adapter.close()).catch(() => undefined);
    server.io.adapter(Adapter);
    return 'in-memory socket.io adapter (single node)';
  },
  /**
   * Measurement only, not a fix: skips mediation's in-transaction profile
   * update (learning.followStyle: the sender's last 20 texts re-analysed on
   * every delivered message) to show its share of the send path.
   */
  'no-style': (server) => {
    const hooks = server.services.mediation.hooks as {
      afterAppend?: unknown;
      afterCommit?: unknown;
    };
    hooks.afterAppend = undefined;
    hooks.afterCommit = undefined;
    return 'without learning.followStyle (measurement only)';
  },
  /**
   * The same Postgres cluster adapter, on a small pool of its own, so its
   * NOTIFY (awaited before every local broadcast) never queues behind the
   * app's queries. Multi-node safe.
   */
  'adapter-pool': (server) => {
    if (server.ctx.redis)
      return 'redis adapter kept (adapter-pool applies to the postgres adapter)';
    void Promise.resolve(server.io.of('/').adapter.close()).catch(() => undefined);
    const pool = new pg.Pool({
      connectionString: server.ctx.config.DATABASE_URL,
      max: 3,
      application_name: 'parley-adapter',
    });
    pool.on('error', () => undefined);
    server.io.adapter(createPostgresAdapter(pool, { errorHandler: () => undefined }));
    return 'postgres adapter on its own pool (max 3)';
  },
};

export const PROTOTYPE_NAMES = Object.keys(PROTOTYPES);

/** Applies `spec` ('' = as built) and says what runs. */
export function applyVariants(server: RunningServer, spec: string): string {
  const parts = spec.split('+').filter(Boolean);
  const unknown = parts.filter((p) => !(p in PROTOTYPES));
  if (unknown.length > 0) throw new Error(`unknown prototype(s): ${unknown.join(', ')}`);
  const ordered = PROTOTYPE_NAMES.filter((name) => parts.includes(name));
  return ordered.length === 0
    ? 'as built'
    : ordered.map((name) => PROTOTYPES[name]!(server)).join(' + ');
}
