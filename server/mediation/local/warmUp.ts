import { evaluationInput } from './evaluate.js';
import { CUE_FAMILIES } from './lexiconBroad.js';
import { LocalMediator } from './localMediator.js';
import { ALL_RULES } from './textReading.js';

// One text per path through the analysis (every pattern, a rewrite with
// facts to keep, a calm message), so each expression is compiled here.
const SAMPLES = [
  'Thanks, sounds good. I will pick them up at 5pm on Friday at the school.',
  'You ALWAYS do this!!! You never think about the kids, you idiot.',
  "Pay the $250 by Monday or I'm taking you back to court for full custody.",
  'Tell your father he needs to send the money. Oh great, another brilliant plan.',
  'Send me the schedule now. What the hell is wrong with you?',
  'Can we talk about the doctor appointment on 12/03 at 3:30 with Dr. Lee?',
];

// Runs twice: V8 compiles an expression to bytecode on its first run and to
// machine code on the next (regexp tier-up).
const COMPILE_RUNS = 2;

/**
 * Runs the local mediator over a few texts at boot, then every lexicon rule
 * and cue expression on its own. V8 compiles a regular expression on first
 * use (~0.4 s of blocked event loop measured on the first analysis, large
 * alternations 1–100 ms each), which otherwise lands on the first parents'
 * sends after a start; since the rule gate (ruleGate.ts) most rules do not
 * run on the samples, so without the second loop a rare rule compiled on the
 * first real message that opened its gate. Returns how long it took, for the log.
 */
export function warmLocalMediator(): number {
  const started = performance.now();
  const mediator = new LocalMediator();
  for (const text of SAMPLES) mediator.analyzeSync(evaluationInput(text));
  const expressions = [...ALL_RULES.map((rule) => rule.regex), ...CUE_FAMILIES.map((f) => f.regex)];
  for (let run = 0; run < COMPILE_RUNS; run++) {
    for (const regex of expressions) {
      regex.lastIndex = 0;
      regex.exec(SAMPLES[0] ?? '');
    }
  }
  return performance.now() - started;
}
