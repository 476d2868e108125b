/**
 * The labelled mediator fixtures and how they are split (docs/mediation.md
 * "Evaluation"):
 * - `train`: test/fixtures/mediator/train.json (the project's first fixture)
 *   plus extra.json, extra2.json and extra3.json (hand-written hard cases with
 *   reference rewrites; extra2 was written in round 2 where patterns were thin,
 *   extra3 in round 3 aimed at what the blind splits missed). The scorer is
 *   trained on it and the rules are tuned on it.
 * - `dev`: dev.json, a quarter of the hand-written messages held out of
 *   training, to see whether tuning generalises.
 * - `test`: test.json, written by someone else before any tuning on it and
 *   run once (docs/mediation.md "Test split — first run"); spent since then:
 *   round 2's scorer trains on it too (scripts/train-mediator-scorer.ts).
 * - `test2`: test2.json, the blind split of round 2, written by someone else
 *   after `test` was run (and spent); the same rules as `test`.
 * - `test3`: test3.json, the blind split of round 3, written by someone else
 *   after `test2` was run (and spent); the same rules as `test2`.
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { FixtureMessage } from '../server/mediation/local/evaluate.js';

/** The names `--split` accepts. */
export const SPLITS = ['train', 'dev', 'test', 'test2', 'test3'] as const;
export type SplitName = (typeof SPLITS)[number];

const FILES: Record<SplitName, readonly string[]> = {
  train: ['train.json', 'extra.json', 'extra2.json', 'extra3.json'],
  dev: ['dev.json'],
  test: ['test.json'],
  test2: ['test2.json'],
  test3: ['test3.json'],
};

/** Absolute path of one fixture file under test/fixtures/mediator/. */
export function fixtureFile(name: string): string {
  return fileURLToPath(new URL(`../test/fixtures/mediator/${name}`, import.meta.url));
}

/** The files a split reads that are not on disk (empty when all are there). */
export function missingFiles(split: SplitName): string[] {
  return FILES[split].map(fixtureFile).filter((file) => !existsSync(file));
}

/** Reads every message of a split; throws when one of its files is missing. */
export function loadSplit(split: SplitName): FixtureMessage[] {
  const missing = missingFiles(split);
  if (missing.length > 0) throw new Error(`split ${split}: missing ${missing.join(', ')}`);
  return FILES[split].flatMap(
    (name) => JSON.parse(readFileSync(fixtureFile(name), 'utf8')) as FixtureMessage[],
  );
}

/** True for a split name. */
export function isSplit(value: string): value is SplitName {
  return (SPLITS as readonly string[]).includes(value);
}
