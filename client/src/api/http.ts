/**
 * The one way the client talks REST: same-origin, cookie session, JSON bodies
 * with `Content-Type: application/json`, and the API's error shape turned
 * into an ApiError whose field messages forms can show.
 */

/** One problem with one field, from a `validation_failed` error's details. */
export interface FieldIssue {
  field: string;
  message: string;
}

/** An error answer of the API (or the network being away: status 0, code 'offline'). */
export class ApiError extends Error {
  override name = 'ApiError';

  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }

  /** Field name → message, for `validation_failed` answers. */
  get fieldErrors(): Record<string, string> {
    const issues = (this.details as { issues?: FieldIssue[] } | undefined)?.issues ?? [];
    const out: Record<string, string> = {};
    for (const issue of issues) out[issue.field] ??= issue.message;
    return out;
  }
}

interface ErrorShape {
  error?: { code?: string; message?: string; details?: unknown };
}

/**
 * Calls `/api<path>`. Every non-GET carries a JSON body (`{}` when there is
 * nothing to say), so the server's JSON-only rule holds for all of them.
 */
export async function api<T>(
  path: string,
  options: { method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'; body?: unknown } = {},
): Promise<T> {
  const method = options.method ?? 'GET';
  const init: RequestInit = {
    method,
    credentials: 'same-origin',
    headers: { Accept: 'application/json' },
  };
  if (method !== 'GET') {
    init.headers = { Accept: 'application/json', 'Content-Type': 'application/json' };
    init.body = JSON.stringify(options.body ?? {});
  }
  let res: Response;
  try {
    res = await fetch(`/api${path}`, init);
  } catch {
    throw new ApiError(
      0,
      'offline',
      'You seem to be offline. Check your connection and try again.',
    );
  }
  if (res.status === 204) return undefined as T;
  const data = (await res.json().catch(() => null)) as unknown;
  if (!res.ok) {
    const err = (data as ErrorShape | null)?.error;
    throw new ApiError(
      res.status,
      err?.code ?? 'internal',
      err?.message ?? `The server answered ${res.status}`,
      err?.details,
    );
  }
  return data as T;
}

/** The message to show for any thrown value. */
export function errorText(err: unknown): string {
  if (err instanceof Error) return err.message;
  return 'Something went wrong. Please try again.';
}
