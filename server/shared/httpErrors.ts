import type { ErrorRequestHandler, RequestHandler } from 'express';
import {
  type AppError,
  notFound,
  payloadTooLarge,
  toAppError,
  validationFailed,
} from './errors.js';
import type { Logger } from './logger.js';

/** Unknown routes answer 404 in the error shape. */
export const notFoundHandler: RequestHandler = (req) => {
  throw notFound(`Route ${req.method} ${req.originalUrl.split('?')[0]}`);
};

interface BodyParserError {
  type?: string;
  status?: number;
}

/** The one place errors become HTTP responses; internals are logged, never sent. */
export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (err: unknown, req, res, _next) => {
    const parserError = err as BodyParserError;
    let appError: AppError;
    if (parserError?.type === 'entity.too.large')
      appError = payloadTooLarge('Request body too large');
    else if (parserError?.type === 'entity.parse.failed')
      appError = validationFailed('Request body is not valid JSON');
    // Other body-parser refusals (unsupported charset or encoding, aborted
    // body): the client's fault, said as such rather than a 500.
    else if (typeof parserError?.type === 'string' && (parserError.status ?? 500) < 500)
      appError = validationFailed('Request body could not be read');
    else appError = toAppError(err);
    if (appError.code === 'internal') {
      logger.error({ err, method: req.method, path: req.path }, 'request failed');
    }
    if (appError.code === 'rate_limited' || appError.code === 'unavailable') {
      const retry = (appError.details as { retryAfterSeconds?: number } | undefined)
        ?.retryAfterSeconds;
      if (retry !== undefined) res.setHeader('Retry-After', String(retry));
    }
    res.status(appError.status).json({ error: appError.toBody() });
  };
}
