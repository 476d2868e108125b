import type { RedisClientType } from 'redis';
import type { Config } from './config.js';
import type { Db } from './db/pool.js';
import type { Logger } from './shared/logger.js';

/** What every part of the process is built from: settings, logs, the database. */
export interface Context {
  config: Config;
  logger: Logger;
  db: Db;
  /** Public origin of this server (PUBLIC_URL, or http://localhost:<port>). */
  publicUrl: string;
  sessionSecret: string;
  /** 32-byte AES-256-GCM key for profile fields at rest. */
  encryptionKey: Buffer;
  /** Present when REDIS_URL is set: shared rate limits and the socket adapter. */
  redis?: RedisClientType;
}
