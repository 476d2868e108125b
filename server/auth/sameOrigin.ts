import type { IncomingMessage } from 'node:http';
import type { RequestHandler } from 'express';
import { AppError, unsupportedMediaType } from '../shared/errors.js';

const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** The origins a browser may act from: PUBLIC_URL's plus the configured extras. */
export function allowedOrigins(publicUrl: string, extra: readonly string[]): ReadonlySet<string> {
  return new Set([new URL(publicUrl).origin, ...extra]);
}

const originOf = (url: string): string | undefined => {
  try {
    return new URL(url).origin;
  } catch {
    return undefined;
  }
};

/**
 * Whether a request comes from an allowed page. Browsers send `Origin` on
 * every cross-origin request and every WebSocket (and `Sec-Fetch-Site` on
 * everything), so a request carrying neither is not a browser acting for a
 * third-party page (curl, the app's own scripts, same-origin GETs): allowed.
 * An `Origin` of "null" (sandboxed frames, file://) is refused.
 */
export function isAllowedRequest(req: IncomingMessage, allowed: ReadonlySet<string>): boolean {
  const origin = req.headers.origin;
  if (origin !== undefined) return allowed.has(origin);
  if (req.headers['sec-fetch-site'] === 'cross-site') return false;
  const referer = req.headers.referer;
  if (referer !== undefined) {
    const from = originOf(referer);
    return from !== undefined && allowed.has(from);
  }
  return true;
}

const hasBody = (req: IncomingMessage) =>
  req.headers['transfer-encoding'] !== undefined ||
  Number(req.headers['content-length'] ?? 0) > 0 ||
  req.headers['content-type'] !== undefined;

/**
 * CSRF defence for REST, on top of SameSite=Lax: a state-changing request
 * (POST/PUT/PATCH/DELETE) from another origin is refused (403 forbidden,
 * details.reason 'origin'), and its body, if any, must be JSON (415
 * unsupported_media_type): a cross-site form or text/plain fetch can carry
 * the cookie but not that content type without a CORS preflight, which this
 * server never grants. Reads (GET, the OAuth callback) pass untouched.
 */
export function sameOriginGuard(allowed: ReadonlySet<string>): RequestHandler {
  return (req, _res, next) => {
    if (!STATE_CHANGING.has(req.method)) return next();
    if (!isAllowedRequest(req, allowed)) {
      throw new AppError('forbidden', 'Cross-site request refused', { reason: 'origin' });
    }
    if (hasBody(req) && !req.is('application/json')) throw unsupportedMediaType();
    next();
  };
}
