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
  }
}

export const SESSION_COOKIE = 'parley.sid';
const THIRTY_DAYS_MS = 30 * 24 * 60 * 60 * 1000;

/**
 * Cookie sessions stored in Postgres (table `session`, created by migration),
 * shared by express and the socket.io handshake. httpOnly, SameSite=Lax,
 * Secure when the public URL is https.
 */
export function createSessionMiddleware(opts: {
  pool: pg.Pool;
  secret: string;
  secureCookies: boolean;
}): RequestHandler {
  const PgStore = connectPgSimple(session);
  return session({
    name: SESSION_COOKIE,
    secret: opts.secret,
    store: new PgStore({
      pool: opts.pool,
      tableName: 'session',
      createTableIfMissing: false,
      pruneSessionInterval: false,
    }),
    resave: false,
    saveUninitialized: false,
    rolling: true,
    proxy: opts.secureCookies,
    cookie: {
      httpOnly: true,
      sameSite: 'lax',
      secure: opts.secureCookies,
      maxAge: THIRTY_DAYS_MS,
    },
  });
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
