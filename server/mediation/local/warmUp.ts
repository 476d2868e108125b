import { evaluationInput } from './evaluate.js';
import { LocalMediator } from './localMediator.js';

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

/**
 * Runs the local mediator over a few texts at boot. V8 compiles its many
 * regular expressions on first use (~0.4 s of blocked event loop measured
 * on the first analysis), which otherwise lands on the first parents'
 * sends after a start. Returns how long it took, for the log.
 */
export function warmLocalMediator(): number {
  const started = performance.now();
  const mediator = new LocalMediator();
  for (const text of SAMPLES) mediator.analyzeSync(evaluationInput(text));
  return performance.now() - started;
}
