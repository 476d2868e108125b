/**
 * Command-line flags of `npm run bench`: positional scenario names, boolean
 * switches (`--quick`) and `--name value` / `--name=value` options.
 */
export interface Flags {
  /** Scenario names given without a leading `--`. */
  positional: string[];
  has(name: string): boolean;
  num(name: string, fallback: number): number;
  str(name: string): string | undefined;
}

/** Switches that never take a value (anything else takes the next word). */
const BOOLEAN = new Set(['quick', 'no-ramp', 'profile', 'keep-history-db', 'keep-db']);

/** Parses argv (without node and the script). Unknown flags are kept, not rejected. */
export function parseFlags(argv: string[]): Flags {
  const values = new Map<string, string>();
  const positional: string[] = [];
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i]!;
    if (!arg.startsWith('--')) {
      positional.push(...arg.split(',').filter(Boolean));
      continue;
    }
    const body = arg.slice(2);
    const eq = body.indexOf('=');
    if (eq >= 0) {
      values.set(body.slice(0, eq), body.slice(eq + 1));
    } else if (i + 1 < argv.length && !BOOLEAN.has(body) && !argv[i + 1]!.startsWith('--')) {
      values.set(body, argv[i + 1]!);
      i += 1;
    } else {
      values.set(body, 'true');
    }
  }
  return {
    positional,
    has: (name) => values.has(name) && values.get(name) !== 'false',
    num(name, fallback) {
      const raw = values.get(name);
      const value = raw === undefined ? Number.NaN : Number(raw);
      return Number.isFinite(value) ? value : fallback;
    },
    str: (name) => values.get(name),
  };
}
