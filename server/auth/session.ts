import connectPgSimple from 'connect-pg-simple';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import session from 'express-session';
import type pg from 'pg';
import { unauthorized } from '../shared/errors.js';

declare module 'express-session' {
  interface SessionData {
    userId: number;
    /** When this session signed in (epoch ms): "recently signed in" for account deletion. */
    signedInAt: number;
    /** When the session was last written again to extend its life (epoch ms). */
    refreshedAt: number;
  }
}

export const SESSION_COOKIE = 'parley.sid';
const THIRTY_DAYS_MS = 30 * 24 * 60 * 60 * 1000;
/**
 * A signed-in session is written again (row and cookie, 30 more days) on
 * the first request once this much of its life has passed since its last
 * write. Rewriting it on every request (express-session's rolling touch)
 * cost an UPDATE per REST call and socket handshake — ~25 ms each under load.
 * So a session lasts 27 to 30 days after its last use, not exactly 30.
 */
export const SESSION_REFRESH_AFTER_MS = THIRTY_DAYS_MS / 10;

/**
 * Cookie sessions stored in Postgres (table `session`, created by migration),
 * shared by express and the socket.io handshake. httpOnly, SameSite=Lax,
 * Secure when the public URL is https. Sessions slide: see
 * SESSION_REFRESH_AFTER_MS.
 */
export function createSessionMiddleware(opts: {
  pool: pg.Pool;
  secret: string;
  secureCookies: boolean;
}): RequestHandler {
  const PgStore = connectPgSimple(session);
  const sessions = session({
    name: SESSION_COOKIE,
    secret: opts.secret,
    store: new PgStore({
      pool: opts.pool,
      tableName: 'session',
      createTableIfMissing: false,
      pruneSessionInterval: false,
      // No write per request: refreshIfOld below extends a session when due.
      disableTouch: true,
    }),
    resave: false,
    saveUninitialized: false,
    rolling: false,
    proxy: opts.secureCookies,
    cookie: {
      httpOnly: true,
      sameSite: 'lax',
      secure: opts.secureCookies,
      maxAge: THIRTY_DAYS_MS,
    },
  });
  return (req, res, next) => {
    sessions(req, res, (err?: unknown) => {
      if (err) return next(err);
      refreshIfOld(req);
      next();
    });
  };
}

/**
 * Marks a signed-in session whose last write is SESSION_REFRESH_AFTER_MS
 * old as changed: express-session then saves it (row and `expire` 30 days
 * on) and sends its cookie again with the new expiry. The cookie's stored
 * expiry tells when it was last written (that write + 30 days).
 */
function refreshIfOld(req: Request): void {
  const current = req.session;
  if (typeof current?.userId !== 'number') return;
  const expires = current.cookie.expires?.getTime();
  const writtenAt = expires === undefined ? 0 : expires - THIRTY_DAYS_MS;
  if (Date.now() - writtenAt >= SESSION_REFRESH_AFTER_MS) current.refreshedAt = Date.now();
}

/** Starts a fresh session for `userId` (a new id, so a planted one is useless). */
export async function signIn(req: Request, userId: number): Promise<void> {
  await new Promise<void>((resolve, reject) =>
    req.session.regenerate((err) => (err ? reject(err as Error) : resolve())),
  );
  req.session.userId = userId;
  req.session.signedInAt = Date.now();
  await new Promise<void>((resolve, reject) =>
    req.session.save((err) => (err ? reject(err as Error) : resolve())),
  );
}

export async function signOut(req: Request): Promise<void> {
  await new Promise<void>((resolve, reject) =>
    req.session.destroy((err) => (err ? reject(err as Error) : resolve())),
  );
}

/** The signed-in user's id, or unauthorized. */
export function currentUserId(req: Request): number {
  const userId = req.session?.userId;
  if (typeof userId !== 'number') throw unauthorized();
  return userId;
}

/** Route guard: 401 unless signed in. */
export function requireUser(req: Request, _res: Response, next: NextFunction): void {
  currentUserId(req);
  next();
}

/** How long ago this session signed in, in ms (Infinity when it does not say: older sessions). */
export function sinceSignIn(req: Request): number {
  const at = req.session?.signedInAt;
  return typeof at === 'number' ? Date.now() - at : Infinity;
}
