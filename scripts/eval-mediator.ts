/**
 * Prints how well the local mediator does on the labelled fixture:
 * per-pattern precision/recall, hostile recall, neutral false positives,
 * facts kept by rewrites, re-flag rate, topic accuracy and speed.
 * Run: npx tsx scripts/eval-mediator.ts [--details N] [--rounds N]
 * Always exits 0: it is a report, not a gate (the unit tests are the gate).
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import {
  evaluateMediator,
  formatEvaluation,
  type FixtureMessage,
} from '../server/mediation/local/evaluate.js';
import { LocalMediator } from '../server/mediation/local/localMediator.js';

const fixturePath = fileURLToPath(
  new URL('../test/fixtures/mediator-messages.json', import.meta.url),
);
const fixture = JSON.parse(readFileSync(fixturePath, 'utf8')) as FixtureMessage[];

function numberFlag(name: string, fallback: number): number {
  const at = process.argv.indexOf(name);
  const value = at >= 0 ? Number(process.argv[at + 1]) : Number.NaN;
  return Number.isFinite(value) ? value : fallback;
}

const mediator = new LocalMediator();
const report = evaluateMediator(
  (input) => mediator.analyzeSync(input),
  fixture,
  numberFlag('--rounds', 50),
);
console.log(formatEvaluation(report, numberFlag('--details', 15)));
