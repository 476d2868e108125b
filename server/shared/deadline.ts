/**
 * Deadlines for the steps of starting and stopping the process. A step that
 * waits on something outside (PostgreSQL, Redis, the file system) without a
 * limit turns a broken dependency into a process that neither serves nor
 * exits; with one, the start fails with a message naming the step.
 */

/** A step that did not finish in time; the message names the step. */
export class StepTimeoutError extends Error {
  constructor(
    readonly step: string,
    readonly ms: number,
  ) {
    super(`start step "${step}" did not finish within ${ms} ms`);
    this.name = 'StepTimeoutError';
  }
}

/** A step that failed; the message names the step, `cause` is the original error. */
export class StepFailedError extends Error {
  constructor(
    readonly step: string,
    cause: unknown,
  ) {
    super(
      `start step "${step}" failed: ${cause instanceof Error ? cause.message : String(cause)}`,
      {
        cause,
      },
    );
    this.name = 'StepFailedError';
  }
}

/**
 * Awaits `work`, or rejects with StepTimeoutError after `ms`; a failure of
 * `work` itself comes back as StepFailedError (the operator reads which step). `onTimeout`
 * lets go of what the step holds (a connection, a child process); the step's
 * own late result or failure is then ignored.
 */
export async function withDeadline<T>(
  step: string,
  ms: number,
  work: Promise<T>,
  onTimeout?: () => unknown,
): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => {
      try {
        void Promise.resolve(onTimeout?.()).catch(() => undefined);
      } catch {
        // Letting go is best effort: the step has already failed.
      }
      reject(new StepTimeoutError(step, ms));
    }, ms);
  });
  try {
    return await Promise.race([
      work.catch((err: unknown) => {
        throw err instanceof StepTimeoutError || err instanceof StepFailedError
          ? err
          : new StepFailedError(step, err);
      }),
      late,
    ]);
  } finally {
    clearTimeout(timer);
  }
}
