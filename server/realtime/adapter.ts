import { createAdapter as createPostgresAdapter } from '@socket.io/postgres-adapter';
import { createAdapter as createRedisStreamsAdapter } from '@socket.io/redis-streams-adapter';
import type pg from 'pg';
import type { Context } from '../context.js';
import type { AppServer } from '../io.js';

/** The adapter in use and how to let go of what it holds. */
export interface ClusterAdapterHandle {
  kind: 'redis-streams' | 'postgres';
  /** Call after io.close(): returns any connection the adapter still holds. */
  close(): void;
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

/**
 * Lets several nodes share rooms, broadcasts and fetchSockets: Redis streams
 * when REDIS_URL is set, else LISTEN/NOTIFY on the database every node already
 * shares — so a second process needs no extra setup. Polling clients need
 * sticky sessions in front of the nodes (README "Deployment").
 */
export function attachClusterAdapter(io: AppServer, ctx: Context): ClusterAdapterHandle {
  if (ctx.redis) {
    // A short XREAD block lets a stopping node release Redis within a second.
    io.adapter(createRedisStreamsAdapter(ctx.redis, { blockTimeInMs: 1000 }));
    return { kind: 'redis-streams', close: () => undefined };
  }
  const guarded = guardedPool(ctx.db.pool);
  io.adapter(
    createPostgresAdapter(guarded.facade, {
      errorHandler: (err: Error) =>
        ctx.logger.warn({ err: err.message }, 'socket.io postgres adapter'),
    }),
  );
  return { kind: 'postgres', close: () => guarded.close() };
}
