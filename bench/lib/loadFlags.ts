/**
 * The flags the load scenarios (delivery, burst, overload, two-nodes) share,
 * parsed one way: a full run by default, a small and short one with
 * `--quick`. Scenario-specific flags stay in each scenario.
 */
import type { Flags } from './flags.js';

export interface LoadFlags {
  quick: boolean;
  /** `--pairs`: rooms of two clients (500, quick 100). */
  pairs: number;
  /** `--rounds`: interleaved A B B A rounds (2, quick 1). */
  rounds: number;
  /** `--client-procs`: load client processes per target (2). */
  clientProcs: number;
  /** `--before <dir>`: another Parley tree measured in the same run. */
  before: string | undefined;
  /** A numeric flag whose default depends on `--quick`. */
  sized(name: string, full: number, quick: number): number;
  /** A duration flag given in seconds, in ms (default `full` s, `quick` s with --quick). */
  ms(name: string, full: number, quick?: number): number;
}

/** Parses the shared load flags once; see LoadFlags for names and defaults. */
export function loadFlags(flags: Flags): LoadFlags {
  const quick = flags.has('quick');
  const sized = (name: string, full: number, small: number) =>
    flags.num(name, quick ? small : full);
  return {
    quick,
    pairs: sized('pairs', 500, 100),
    rounds: sized('rounds', 2, 1),
    clientProcs: flags.num('client-procs', 2),
    before: flags.str('before'),
    sized,
    ms: (name, full, small = full) => sized(name, full, small) * 1000,
  };
}
