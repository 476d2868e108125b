import {
  RateLimiterMemory,
  RateLimiterPostgres,
  RateLimiterRedis,
  RateLimiterRes,
  type RateLimiterAbstract,
} from 'rate-limiter-flexible';
import type pg from 'pg';
import type { RedisClientType } from 'redis';
import { rateLimited } from './errors.js';

/** Where shared counters live: Redis when configured, else Postgres. */
export interface RateLimitStore {
  pool: pg.Pool;
  redis?: RedisClientType;
}

/** A named limit: `points` actions per `durationSeconds` per key. */
export interface LimitSpec {
  name: string;
  points: number;
  durationSeconds: number;
}

/** A limiter keyed by user, IP or socket; throws rate_limited when spent. */
export interface Limiter {
  consume(key: string, points?: number): Promise<void>;
  /** Remaining points for a key without spending any. */
  remaining(key: string): Promise<number>;
  reset(key: string): Promise<void>;
  /** Throws rate_limited (with the wait) when the key's budget is spent; spends nothing. */
  check(key: string): Promise<void>;
  /** Gives points back, e.g. when an attempt counted up front turned out to succeed. */
  reward(key: string, points?: number): Promise<void>;
  /** Refuses the key outright for `seconds` (a backoff). */
  block(key: string, seconds: number): Promise<void>;
}

function wrap(limiter: RateLimiterAbstract, spec: LimitSpec): Limiter {
  return {
    async consume(key, points = 1) {
      try {
        await limiter.consume(key, points);
      } catch (err) {
        if (err instanceof RateLimiterRes) throw rateLimited(Math.ceil(err.msBeforeNext / 1000));
        throw err;
      }
    },
    async remaining(key) {
      const res = await limiter.get(key);
      return res ? Math.max(0, spec.points - res.consumedPoints) : spec.points;
    },
    async reset(key) {
      await limiter.delete(key);
    },
    async check(key) {
      const res = await limiter.get(key);
      if (res && res.consumedPoints >= spec.points) {
        throw rateLimited(Math.max(1, Math.ceil(res.msBeforeNext / 1000)));
      }
    },
    async reward(key, points = 1) {
      await limiter.reward(key, points);
    },
    async block(key, seconds) {
      await limiter.block(key, seconds);
    },
  };
}

/**
 * A limiter whose counters are shared by every node (Postgres table
 * `rate_limits`, created by migration, or Redis).
 */
export function sharedLimiter(store: RateLimitStore, spec: LimitSpec): Limiter {
  const common = { keyPrefix: spec.name, points: spec.points, duration: spec.durationSeconds };
  const limiter = store.redis
    ? new RateLimiterRedis({ ...common, storeClient: store.redis, useRedisPackage: true })
    : new RateLimiterPostgres({
        ...common,
        storeClient: store.pool,
        storeType: 'pool',
        tableName: 'rate_limits',
        tableCreated: true,
        clearExpiredByTimeout: false,
      });
  return wrap(limiter, spec);
}

/** A per-process limiter, for per-socket bursts where sharing buys nothing. */
export function localLimiter(spec: LimitSpec): Limiter {
  return wrap(
    new RateLimiterMemory({
      keyPrefix: spec.name,
      points: spec.points,
      duration: spec.durationSeconds,
    }),
    spec,
  );
}
