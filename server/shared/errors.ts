/**
 * One error shape for HTTP and socket acks: `{ error: { code, message, details? } }`.
 * Services throw these; the transports turn them into responses.
 */
export type ErrorCode =
  | 'validation_failed'
  | 'unauthorized'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  | 'payload_too_large'
  | 'unsupported_media_type'
  | 'rate_limited'
  | 'internal'
  | 'unavailable';

const STATUS: Record<ErrorCode, number> = {
  validation_failed: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  rate_limited: 429,
  internal: 500,
  unavailable: 503,
};

/** Every error code with its HTTP status (the documents list them from here). */
export const ERROR_STATUS: Readonly<Record<ErrorCode, number>> = STATUS;

export interface ErrorBody {
  code: ErrorCode;
  message: string;
  details?: unknown;
}

/**
 * Codes whose errors keep a stack trace: only a real failure on our side.
 * The others are expected refusals (a bad payload, a rate limit, a missing
 * room), built on hot paths — hundreds a second under overload — where
 * capturing a stack was 2% of the server's busy time and says nothing the
 * code and message do not.
 */
const WITH_STACK: ReadonlySet<ErrorCode> = new Set(['internal']);

/** An error meant for the client: its code and message are safe to show. */
export class AppError extends Error {
  override name = 'AppError';
  readonly status: number;

  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown,
  ) {
    // Error's constructor captures the stack: for a refusal, capture none.
    const limit = Error.stackTraceLimit;
    if (!WITH_STACK.has(code)) Error.stackTraceLimit = 0;
    super(message);
    Error.stackTraceLimit = limit;
    this.status = STATUS[code];
  }

  toBody(): ErrorBody {
    return this.details === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, details: this.details };
  }
}

export const validationFailed = (message: string, details?: unknown) =>
  new AppError('validation_failed', message, details);
export const unauthorized = (message = 'Sign in first') => new AppError('unauthorized', message);
export const forbidden = (message = 'Not allowed') => new AppError('forbidden', message);
export const notFound = (what = 'Resource') => new AppError('not_found', `${what} not found`);
export const conflict = (message: string, details?: unknown) =>
  new AppError('conflict', message, details);
export const payloadTooLarge = (message = 'Payload too large') =>
  new AppError('payload_too_large', message);
/** A state-changing request whose body is not JSON (forms and text/plain are how CSRF arrives). */
export const unsupportedMediaType = (message = 'Send the body as application/json') =>
  new AppError('unsupported_media_type', message);
/** An action bound to an email address by an account that has not proven it owns that address. */
export const emailUnverified = () =>
  new AppError(
    'forbidden',
    'Confirm your email address first (use the link we mailed you): this is bound to it',
    { reason: 'email_unverified' },
  );
export const rateLimited = (retryAfterSeconds?: number) =>
  new AppError(
    'rate_limited',
    'Too many requests, slow down',
    retryAfterSeconds === undefined ? undefined : { retryAfterSeconds },
  );
export const internal = () => new AppError('internal', 'Something went wrong on our side');
/**
 * A dependency (the database) or this node's capacity is not there right now:
 * nothing was done, and the same request may be retried after the hint.
 */
export const unavailable = (
  message = 'Service unavailable, try again shortly',
  retryAfterSeconds = 1,
) => new AppError('unavailable', message, { retryAfterSeconds });

/**
 * pg and PostgreSQL errors that mean "the database is not answering" rather
 * than "this statement is wrong": refused or dropped connections, the pool's
 * connect timeout, the client-side read timeout, SQLSTATE class 08
 * (connection exception) and 57P01-57P03 (shutdown, cannot connect now).
 */
export function isConnectionFailure(err: unknown): boolean {
  const e = (err ?? {}) as { code?: unknown; message?: unknown };
  const code = typeof e.code === 'string' ? e.code : '';
  const message = typeof e.message === 'string' ? e.message : '';
  if (['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH'].includes(code))
    return true;
  if (code.startsWith('08') || ['57P01', '57P02', '57P03'].includes(code)) return true;
  return (
    message === 'Query read timeout' ||
    message === 'timeout expired' ||
    message === 'database breaker open' ||
    message.startsWith('timeout exceeded when trying to connect') ||
    message.startsWith('Connection terminated') ||
    message === 'Client has encountered a connection error and is not queryable'
  );
}

interface PgErrorLike {
  code?: unknown;
  constraint?: unknown;
}

/**
 * Maps any thrown value to an AppError: AppErrors pass through, Postgres
 * unique / foreign-key / check violations become conflict / not_found /
 * validation_failed, numbers beyond a column's range, text PostgreSQL
 * cannot store (NUL, bad encoding) and undecodable URLs become validation_failed, an unreachable or timed-out
 * database becomes unavailable, everything else becomes internal (no
 * internals leak).
 */
export function toAppError(err: unknown): AppError {
  if (err instanceof AppError) return err;
  const pg = (err ?? {}) as PgErrorLike;
  const constraint = typeof pg.constraint === 'string' ? pg.constraint : undefined;
  switch (pg.code) {
    case '23505':
      return conflict('That already exists', constraint ? { constraint } : undefined);
    case '23503':
      return notFound('Referenced resource');
    case '23514':
    case '22P02':
    case '22001':
    case '22003': // numeric_value_out_of_range (an id beyond an integer column)
      return validationFailed('A value was not accepted', constraint ? { constraint } : undefined);
    case '22021': // character_not_in_repertoire (a NUL byte, invalid UTF-8)
    case '22P05': // untranslatable_character (\u0000 in jsonb)
    case '54000': // program_limit_exceeded (e.g. a search query too long to index)
      return validationFailed('A value contains characters or sizes that cannot be stored');
    case '57014': // query_canceled: statement_timeout
      return unavailable('The database took too long, try again shortly', 2);
    default:
      if (isConnectionFailure(err))
        return unavailable('The database is not answering, try again shortly', 2);
      if (err instanceof URIError) return validationFailed('The address is not validly encoded');
      return internal();
  }
}
