import { createAdapter as createPostgresAdapter } from '@socket.io/postgres-adapter';
import { createAdapter as createRedisStreamsAdapter } from '@socket.io/redis-streams-adapter';
import type { Context } from '../context.js';
import type { AppServer } from '../io.js';

/**
 * Lets several nodes share rooms, broadcasts and fetchSockets: Redis streams
 * when REDIS_URL is set, else LISTEN/NOTIFY on the database every node already
 * shares — so a second process needs no extra setup. Polling clients need
 * sticky sessions in front of the nodes (README "Deployment").
 */
export function attachClusterAdapter(io: AppServer, ctx: Context): 'redis-streams' | 'postgres' {
  if (ctx.redis) {
    // A short XREAD block lets a stopping node release Redis within a second.
    io.adapter(createRedisStreamsAdapter(ctx.redis, { blockTimeInMs: 1000 }));
    return 'redis-streams';
  }
  io.adapter(
    createPostgresAdapter(ctx.db.pool, {
      errorHandler: (err: Error) => ctx.logger.warn({ err }, 'socket.io postgres adapter'),
    }),
  );
  return 'postgres';
}
