import {
  APIConnectionError,
  APIConnectionTimeoutError,
  APIError,
  APIUserAbortError,
} from '@anthropic-ai/sdk';
import type { Logger } from '../shared/logger.js';
import type { MediationInput, MediationResult, Mediator } from './types.js';

/** Why a mediator failed, as logged: a kind, never the message or the answer. */
export type FailureKind =
  | 'timeout'
  | 'rate_limited'
  | 'server_error'
  | 'client_error'
  | 'connection'
  | 'malformed'
  | 'unknown';

/** A mediator's own refusal of an answer (no tool call, wrong shape, facts lost). */
export class MediatorFailure extends Error {
  override name = 'MediatorFailure';

  constructor(
    readonly kind: FailureKind,
    message: string,
  ) {
    super(message);
  }
}

/** Classifies anything a mediator threw into a loggable kind. */
export function failureKind(err: unknown): FailureKind {
  if (err instanceof MediatorFailure) return err.kind;
  // Timeout before connection error: it is one.
  if (err instanceof APIConnectionTimeoutError || err instanceof APIUserAbortError) {
    return 'timeout';
  }
  if (err instanceof APIConnectionError) return 'connection';
  if (err instanceof APIError) {
    const status: number = typeof err.status === 'number' ? err.status : 0;
    if (status === 429) return 'rate_limited';
    if (status >= 500) return 'server_error';
    return 'client_error';
  }
  // A body that is not JSON surfaces as a SyntaxError, possibly from another
  // realm (vm modules), so errors are matched by name, not instanceof.
  const name = (err as { name?: unknown } | null)?.name;
  if (name === 'SyntaxError') return 'malformed';
  if (name === 'TimeoutError' || name === 'AbortError') return 'timeout';
  return 'unknown';
}

// Which mediator produced a result, for results that went through a
// FallbackMediator (the Mediator contract itself carries no source).
const answeredBy = new WeakMap<MediationResult, string>();

/** The name of the mediator that actually produced `result` (`fallbackName` if untagged). */
export function sourceOf(result: MediationResult, fallbackName: string): string {
  return answeredBy.get(result) ?? fallbackName;
}

/**
 * A mediator that asks `primary` and, on any failure, answers with
 * `fallback` instead: the message is still mediated and never lost. Only the
 * failure's kind and the primary's name are logged.
 */
export class FallbackMediator implements Mediator {
  readonly name: string;

  constructor(
    private readonly primary: Mediator,
    private readonly fallback: Mediator,
    private readonly logger: Logger,
    private readonly onFallback?: (kind: FailureKind) => void,
  ) {
    this.name = `${primary.name}+${fallback.name}`;
  }

  async analyze(input: MediationInput): Promise<MediationResult> {
    try {
      const result = await this.primary.analyze(input);
      answeredBy.set(result, this.primary.name);
      return result;
    } catch (err) {
      const kind = failureKind(err);
      this.logger.warn(
        { mediator: this.primary.name, kind },
        'mediator failed; the fallback mediator answers',
      );
      this.onFallback?.(kind);
      const result = await this.fallback.analyze(input);
      answeredBy.set(result, this.fallback.name);
      return result;
    }
  }
}

/** `primary`, falling back to `fallback` on any error (see FallbackMediator). */
export function withFallback(
  primary: Mediator,
  fallback: Mediator,
  logger: Logger,
  onFallback?: (kind: FailureKind) => void,
): Mediator {
  return new FallbackMediator(primary, fallback, logger, onFallback);
}
