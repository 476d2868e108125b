import { describe, expect, it } from '@jest/globals';
import {
  AppError,
  internal,
  notFound,
  rateLimited,
  toAppError,
  validationFailed,
} from '../../../server/shared/errors.js';

/** The stack's frame lines ("    at …"). */
const frames = (err: Error) => (err.stack ?? '').split('\n').filter((l) => /^\s+at /.test(l));

describe('AppError stacks', () => {
  it('expected refusals carry no stack frames; everything else about them is intact', () => {
    for (const err of [notFound('Room'), rateLimited(2), validationFailed('bad', { issues: [] })]) {
      expect(err).toBeInstanceOf(AppError);
      expect(err).toBeInstanceOf(Error);
      expect(frames(err)).toEqual([]);
      expect(err.stack).toContain(err.message);
    }
    expect(rateLimited(2).toBody()).toEqual({
      code: 'rate_limited',
      message: 'Too many requests, slow down',
      details: { retryAfterSeconds: 2 },
    });
    expect(notFound('Room').status).toBe(404);
  });

  it('an internal error keeps its stack, and the global stack limit is left as it was', () => {
    const limit = Error.stackTraceLimit;
    notFound('Room');
    expect(Error.stackTraceLimit).toBe(limit);
    expect(frames(internal()).length).toBeGreaterThan(0);
    const mapped = toAppError(new Error('boom'));
    expect(mapped.code).toBe('internal');
    expect(frames(mapped).length).toBeGreaterThan(0);
    // Plain errors thrown after a refusal still get their full stack.
    expect(frames(new Error('later')).length).toBeGreaterThan(0);
  });
});
