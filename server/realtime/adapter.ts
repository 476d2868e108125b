import { createAdapter as createPostgresAdapter } from '@socket.io/postgres-adapter';
import { createAdapter as createRedisStreamsAdapter } from '@socket.io/redis-streams-adapter';
import pg from 'pg';
import type { Context } from '../context.js';
import type { AppServer } from './channels.js';

/** The adapter in use and how to let go of what it holds. */
export interface ClusterAdapterHandle {
  kind: 'memory' | 'redis-streams' | 'postgres';
  /** Call after io.close(): returns any connection the adapter still holds. */
  close(): Promise<void>;
}

/**
 * What the Postgres adapter gets instead of the pool itself. The adapter
 * keeps one connection for LISTEN but never gives it back when that
 * connection drops, and takes it after close when the server stops right
 * after starting; either way `pool.end()` would wait forever. This facade
 * tracks the connections it hands out, returns a dropped one at once, and at
 * close returns the rest and hands out no more (a promise that never settles,
 * so the adapter's reconnect loop stops instead of spinning).
 */
function guardedPool(pool: pg.Pool): { facade: pg.Pool; close(): void } {
  let closed = false;
  // Each client handed out, with pg-pool's own release (the client's is replaced).
  const out = new Map<pg.PoolClient, (destroy?: boolean) => void>();
  const never = () => new Promise<never>(() => undefined);
  const giveBack = (client: pg.PoolClient, destroy: boolean) => {
    const release = out.get(client);
    out.delete(client);
    release?.(destroy);
  };
  const facade = {
    query: (text: string, params?: unknown[]) => pool.query(text, params),
    async connect(): Promise<pg.PoolClient> {
      if (closed) return never();
      const client = await pool.connect();
      if (closed) {
        client.release(true);
        return never();
      }
      out.set(client, client.release.bind(client));
      client.release = (err?: Error | boolean) => giveBack(client, Boolean(err));
      client.on('end', () => giveBack(client, true));
      return client;
    },
  };
  return {
    facade: facade as unknown as pg.Pool,
    close() {
      closed = true;
      for (const client of [...out.keys()]) giveBack(client, true);
    },
  };
}

/** Connections of the Postgres adapter's own pool: one LISTEN, a few NOTIFY. */
const ADAPTER_POOL_MAX = 3;

/**
 * How broadcasts, rooms and fetchSockets reach other nodes (CLUSTER_ADAPTER).
 * One node keeps socket.io's in-memory adapter: a broadcast is delivered at
 * once, with no NOTIFY awaited first. Several nodes: Redis streams, or
 * LISTEN/NOTIFY on the database every node shares, through a small pool of
 * the adapter's own so a broadcast never queues behind the app's queries.
 * Polling clients need sticky sessions in front of the nodes (README
 * "Deployment").
 */
export function attachClusterAdapter(io: AppServer, ctx: Context): ClusterAdapterHandle {
  const kind = ctx.config.CLUSTER_ADAPTER;
  if (kind === 'redis' && ctx.redis) {
    // A short XREAD block lets a stopping node release Redis within a second.
    io.adapter(createRedisStreamsAdapter(ctx.redis, { blockTimeInMs: 1000 }));
    return { kind: 'redis-streams', close: () => Promise.resolve() };
  }
  if (kind !== 'postgres') return { kind: 'memory', close: () => Promise.resolve() };
  // The app pool's own connection settings, with a pool of the adapter's own.
  const pool = new pg.Pool({
    ...ctx.db.pool.options,
    max: ADAPTER_POOL_MAX,
    application_name: 'parley-adapter',
  });
  pool.on('error', (err) => ctx.logger.warn({ err: err.message }, 'socket.io adapter pool'));
  const guarded = guardedPool(pool);
  io.adapter(
    createPostgresAdapter(guarded.facade, {
      errorHandler: (err: Error) =>
        ctx.logger.warn({ err: err.message }, 'socket.io postgres adapter'),
    }),
  );
  return {
    kind: 'postgres',
    async close() {
      guarded.close();
      await pool.end();
    },
  };
}
