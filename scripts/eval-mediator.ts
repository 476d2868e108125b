/**
 * Prints how well the local mediator does on one split of the labelled
 * fixtures (scripts/mediatorSplits.ts): per-pattern precision/recall, hostile
 * recall, neutral false positives, content kept by the first suggestion
 * against the original sent unchanged, facts kept, re-flag rate, the share of
 * the commonest first suggestion, topic accuracy and speed.
 * Run: npm run eval:mediator -- --split train|dev|test|test2|test3 [--details N] [--rounds N]
 *      [--samples N --seed S]  (N held messages at random with their first suggestion)
 * Exits 0 with a report (it is not a gate: the unit tests are), 2 when the
 * split's file is missing or the arguments are wrong.
 */
import { evaluateMediator, evaluationInput } from '../server/mediation/local/evaluate.js';
import { formatEvaluation } from '../server/mediation/local/evaluateFormat.js';
import { LocalMediator } from '../server/mediation/local/localMediator.js';
import { isSplit, loadSplit, missingFiles, SPLITS } from './mediatorSplits.js';

function flag(name: string): string | undefined {
  const at = process.argv.indexOf(name);
  return at >= 0 ? process.argv[at + 1] : undefined;
}

function numberFlag(name: string, fallback: number): number {
  const value = Number(flag(name));
  return Number.isFinite(value) ? value : fallback;
}

const split = flag('--split') ?? 'train';
if (!isSplit(split)) {
  console.error(`--split must be one of ${SPLITS.join(', ')} (got "${split}")`);
  process.exit(2);
}
const missing = missingFiles(split);
if (missing.length > 0) {
  console.error(
    `The ${split} split is not on this machine: ${missing.join(', ')} does not exist.\n` +
      (split === 'test' || split === 'test2' || split === 'test3'
        ? 'The test split is written apart from the mediator and added only for its run; nothing was evaluated.'
        : 'Nothing was evaluated.'),
  );
  process.exit(2);
}

const fixture = loadSplit(split);
const mediator = new LocalMediator();
const report = evaluateMediator(
  (input) => mediator.analyzeSync(input),
  fixture,
  numberFlag('--rounds', 50),
);
const date = new Date().toISOString().slice(0, 10);
console.log(
  formatEvaluation(
    report,
    numberFlag('--details', 15),
    `Local mediator evaluation, split "${split}", ${date}`,
  ),
);

const samples = numberFlag('--samples', 0);
if (samples > 0) {
  const seed = numberFlag('--seed', 12);
  const held = fixture.filter(
    (message) => mediator.analyzeSync(evaluationInput(message.text)).action === 'intervene',
  );
  const random = mulberry32(seed);
  const picked = [...held]
    .map((message) => ({ message, key: random() }))
    .sort((a, b) => a.key - b.key)
    .slice(0, samples);
  console.log(`\n${picked.length} held messages at random (seed ${seed}):`);
  for (const { message } of picked) {
    const first = mediator.analyzeSync(evaluationInput(message.text)).suggestions[0] ?? '';
    console.log(`  - ${message.text}\n    → ${first}`);
  }
}

// A small seeded generator, so a sample can be drawn again by anyone.
function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
