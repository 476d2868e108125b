import { AsyncLocalStorage } from 'node:async_hooks';
import { randomBytes } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';

/**
 * The request id of the HTTP request, socket event or outbox job being
 * handled, kept in AsyncLocalStorage so every log line written while handling
 * it carries the id (the logger's mixin reads it) without passing it around.
 */
interface RequestContext {
  requestId: string;
}

const storage = new AsyncLocalStorage<RequestContext>();

/** A fresh id: 16 base64url characters (96 random bits). */
export const newRequestId = (): string => randomBytes(12).toString('base64url');

/** The id of what is being handled right now, if anything. */
export const currentRequestId = (): string | undefined => storage.getStore()?.requestId;

/** Runs `fn` (and everything it awaits or schedules) under `requestId`. */
export function runWithRequestId<T>(requestId: string, fn: () => T): T {
  return storage.run({ requestId }, fn);
}

// An id a proxy sent along is kept only if it is short and plain (it ends up in logs).
const ACCEPTED_ID = /^[\w.:-]{8,64}$/;

/**
 * Express middleware: takes the caller's X-Request-Id when it looks like one
 * (a proxy's, so one id follows the request through both logs) or makes one,
 * answers it in X-Request-Id, and runs the rest of the request under it.
 * Mounted again after the session middleware: a session store's callback
 * returns on its database connection's async context, not the request's.
 */
export function requestContext(req: Request, res: Response, next: NextFunction): void {
  const locals = res.locals as { requestId?: string };
  if (!locals.requestId) {
    const given = req.get('x-request-id');
    locals.requestId = given && ACCEPTED_ID.test(given) ? given : newRequestId();
    res.setHeader('X-Request-Id', locals.requestId);
  }
  runWithRequestId(locals.requestId, next);
}
