/**
 * Admission (server/messages/admission.ts): past capacity a send is refused
 * at once with `unavailable` and a retry hint; an admitted send carries a
 * deadline. The clock is injected: no timing here.
 */
import { afterEach, describe, expect, it } from '@jest/globals';
import { createAdmission, type Admission } from '../../../server/messages/admission.js';
import { AppError } from '../../../server/shared/errors.js';

let admission: Admission | undefined;
afterEach(() => admission?.stop());

function refusal(fn: () => unknown): AppError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(AppError);
    return err as AppError;
  }
  throw new Error('expected a refusal');
}

describe('admission', () => {
  it('admits up to maxInFlight sends, refuses the next with unavailable and a retry hint', () => {
    admission = createAdmission({ maxInFlight: 2, maxLagMs: 1000, deadlineMs: 1500 }, () => 10_000);
    const first = admission.admit();
    const second = admission.admit();
    const refused = refusal(() => admission!.admit());
    expect(refused.toBody()).toEqual({
      code: 'unavailable',
      message: 'This server is busy: nothing was sent, try again shortly',
      details: { retryAfterSeconds: 1 },
    });
    expect(refused.status).toBe(503);
    first.done();
    first.done(); // answering twice frees one place, not two
    const third = admission.admit();
    expect(refusal(() => admission!.admit()).code).toBe('unavailable');
    second.done();
    third.done();
    expect(admission.snapshot()).toMatchObject({ inFlight: 0, admitted: 3, refusedBusy: 2 });
  });

  it('gives each admitted send a deadline deadlineMs ahead, and an expiry refusal that says nothing was sent', () => {
    admission = createAdmission(
      { maxInFlight: 10, maxLagMs: 1000, deadlineMs: 1500 },
      () => 42_000,
    );
    const ticket = admission.admit();
    expect(ticket.deadline).toBe(43_500);
    const expired = admission.expired();
    expect(expired.code).toBe('unavailable');
    expect(expired.message).toMatch(/nothing was sent/);
    expect(admission.snapshot().expired).toBe(1);
    ticket.done();
  });
});
