import { z } from 'zod';

/**
 * The one place the process environment is read. Every variable is optional
 * (DESIGN.md "Configuration"); an invalid value stops the start with a message
 * naming the variable.
 */
const optionalString = z
  .string()
  .trim()
  .transform((v) => (v === '' ? undefined : v))
  .optional();

const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: optionalString,
  DATABASE_URL: optionalString.pipe(z.url({ protocol: /^postgres(ql)?$/ }).optional()),
  DATA_DIR: z.string().trim().min(1).default('./.data'),
  SESSION_SECRET: optionalString.pipe(z.string().min(32).optional()),
  PUBLIC_URL: optionalString.pipe(z.url({ protocol: /^https?$/ }).optional()),
  ANTHROPIC_API_KEY: optionalString,
  ANTHROPIC_BASE_URL: optionalString.pipe(z.url().optional()),
  ANTHROPIC_MODEL: z.string().trim().min(1).default('claude-sonnet-4-6'),
  ANTHROPIC_TIMEOUT_MS: z.coerce.number().int().min(100).max(60000).default(4000),
  GOOGLE_CLIENT_ID: optionalString,
  GOOGLE_CLIENT_SECRET: optionalString,
  GOOGLE_AUTHORIZATION_URL: optionalString.pipe(z.url().optional()),
  GOOGLE_TOKEN_URL: optionalString.pipe(z.url().optional()),
  GOOGLE_USERINFO_URL: optionalString.pipe(z.url().optional()),
  VAPID_PUBLIC_KEY: optionalString,
  VAPID_PRIVATE_KEY: optionalString,
  VAPID_SUBJECT: optionalString.pipe(
    z
      .string()
      .regex(/^(mailto:|https:)/)
      .optional(),
  ),
  REDIS_URL: optionalString.pipe(z.url({ protocol: /^rediss?$/ }).optional()),
  /**
   * How socket.io reaches other nodes: `none` (one node: the in-memory
   * adapter, no database round trip per broadcast), `postgres`
   * (LISTEN/NOTIFY on a small pool of its own) or `redis` (streams; needs
   * REDIS_URL). Set it on every node when more than one runs.
   */
  CLUSTER_ADAPTER: z.enum(['none', 'postgres', 'redis']).default('none'),
  ENCRYPTION_KEY: optionalString.pipe(
    z
      .string()
      .regex(/^[0-9a-fA-F]{64}$/, 'must be 64 hex characters (32 bytes)')
      .optional(),
  ),
  /** Ed25519 record-signing key as its 32-byte seed (64 hex); unset: generated once, kept encrypted in the database. */
  RECORD_SIGNING_KEY: optionalString.pipe(
    z
      .string()
      .regex(/^[0-9a-fA-F]{64}$/, 'must be 64 hex characters (an Ed25519 seed)')
      .optional(),
  ),
  /** Bates prefix printed on every page of a PDF record (a request may override it). */
  RECORD_BATES_PREFIX: z
    .string()
    .trim()
    .regex(/^[A-Z0-9][A-Z0-9_-]{0,15}$/, 'must be 1-16 capitals, digits, _ or -')
    .default('PARLEY'),
  /** Longest professional access a parent may grant, in days. */
  PROFESSIONAL_ACCESS_MAX_DAYS: z.coerce.number().int().min(1).max(730).default(365),
  /**
   * Outgoing mail (verification, password reset, invitations), e.g.
   * smtps://user:pass@smtp.example.org:465. Unset: mails are written under
   * DATA_DIR/mail (development); production refuses to start without it.
   */
  SMTP_URL: optionalString.pipe(z.url({ protocol: /^smtps?$/ }).optional()),
  /** Sender of Parley's mails; unset: "Parley <no-reply@<PUBLIC_URL's host>>". */
  MAIL_FROM: optionalString,
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  BCRYPT_ROUNDS: z.coerce.number().int().min(4).max(15).default(12),
  PAIRING_TTL_HOURS: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 90)
    .default(24 * 7),
  INTERVENTION_IGNORE_AFTER_HOURS: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 30)
    .default(24),
  /** Messages one socket may send per second (burst); more are answered rate_limited. */
  SOCKET_SENDS_PER_SECOND: z.coerce.number().int().min(1).max(10_000).default(5),
  /** Opening a new database connection. */
  DB_CONNECT_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(5000),
  /** PostgreSQL statement_timeout; the client gives up 1 s later (a frozen server). */
  DB_STATEMENT_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(30_000),
  /** PostgreSQL idle_in_transaction_session_timeout. */
  DB_IDLE_IN_TRANSACTION_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(10_000),
  /**
   * Each step of starting (embedded PostgreSQL, migrations, pool warm-up,
   * Redis, sealing legacy secrets): past it the start fails, naming the step,
   * and the process exits non-zero instead of hanging.
   */
  START_STEP_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(60_000),
  /**
   * Tests only: lets push endpoints be loopback/private (the push-service
   * double listens on 127.0.0.1). Refused in production.
   */
  PUSH_ALLOW_PRIVATE_HOSTS: z
    .enum(['true', 'false', '1', '0'])
    .default('false')
    .transform((v) => v === 'true' || v === '1'),
  /** Sends in progress on one node before new ones are refused with `unavailable`. */
  SEND_MAX_IN_FLIGHT: z.coerce.number().int().min(1).max(1_000_000).default(1000),
  /** Event-loop lag (ms) above which new sends are refused with `unavailable`. */
  SEND_MAX_LAG_MS: z.coerce.number().int().min(10).max(60_000).default(300),
  /** A send not appended within this many ms is answered `unavailable` and not stored. */
  SEND_DEADLINE_MS: z.coerce.number().int().min(100).max(60_000).default(1500),
  /** Turns on GET /metrics, readable only with `Authorization: Bearer <METRICS_TOKEN>`. */
  METRICS_TOKEN: optionalString.pipe(
    z.string().min(16, 'must be at least 16 characters').optional(),
  ),
  /**
   * Messages one user may send per second across all their sockets on a node;
   * unset: twice SOCKET_SENDS_PER_SECOND (a second tab, not twenty).
   */
  USER_SENDS_PER_SECOND: z.coerce.number().int().min(1).max(10_000).optional(),
  /**
   * Origins besides PUBLIC_URL's allowed to change state (REST writes and the
   * socket handshake), comma-separated, e.g. a separate admin front end.
   */
  ALLOWED_ORIGINS: z
    .string()
    .trim()
    .default('')
    .transform((v) =>
      v
        .split(',')
        .map((o) => o.trim())
        .filter(Boolean),
    )
    .pipe(z.array(z.url({ protocol: /^https?$/ }).transform((u) => new URL(u).origin))),
  /** Accounts one IP may sign up per hour (a family behind one router needs a few). */
  SIGNUPS_PER_IP_PER_HOUR: z.coerce.number().int().min(1).max(100_000).default(20),
  /** How often each node re-checks that its sockets' sessions still exist (seconds). */
  SESSION_CHECK_SECONDS: z.coerce.number().int().min(1).max(3600).default(30),
  /** How often expired sessions and rate-limit counters are deleted (seconds). */
  PRUNE_INTERVAL_SECONDS: z.coerce.number().int().min(1).max(86_400).default(900),
  TRUST_PROXY: z
    .enum(['true', 'false', '1', '0'])
    .default('false')
    .transform((v) => v === 'true' || v === '1'),
});

export type Config = z.infer<typeof envSchema>;

/** Thrown when the environment holds an invalid value; the message names it. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

/**
 * Parses an environment (process.env by default) into a typed Config.
 * @throws ConfigError naming every invalid variable.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid configuration: ${problems.join('; ')}`);
  }
  const config = parsed.data;
  if (config.NODE_ENV === 'production' && config.BCRYPT_ROUNDS < 12) {
    throw new ConfigError(
      'Invalid configuration: BCRYPT_ROUNDS: must be at least 12 in production',
    );
  }
  if (config.NODE_ENV === 'production' && config.PUSH_ALLOW_PRIVATE_HOSTS) {
    throw new ConfigError(
      'Invalid configuration: PUSH_ALLOW_PRIVATE_HOSTS: not allowed in production (SSRF)',
    );
  }
  if (config.NODE_ENV === 'production' && !config.SMTP_URL) {
    // Password accounts need their verification and reset mails, and email
    // invitations their mail: every production deployment needs mail.
    throw new ConfigError(
      'Invalid configuration: SMTP_URL: required in production (email verification, password reset and invitations are mailed)',
    );
  }
  if (Boolean(config.VAPID_PUBLIC_KEY) !== Boolean(config.VAPID_PRIVATE_KEY)) {
    throw new ConfigError(
      'Invalid configuration: VAPID_PUBLIC_KEY/VAPID_PRIVATE_KEY: set both or neither',
    );
  }
  if (config.CLUSTER_ADAPTER === 'redis' && !config.REDIS_URL) {
    throw new ConfigError('Invalid configuration: CLUSTER_ADAPTER: redis needs REDIS_URL');
  }
  return config;
}
