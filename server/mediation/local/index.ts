/**
 * The local mediator's public surface: the mediator itself, the live-meter
 * check and the evaluation used by `scripts/eval-mediator.ts`.
 */
export {
  analyzeDraft,
  draftReadingOf,
  INTERVENE_THRESHOLD,
  LocalMediator,
  type DraftAnalysis,
} from './localMediator.js';
export { extractFacts, missingFacts, type Fact, type FactKind } from './facts.js';
export { keepsTheMessage } from './keeper.js';
export { detectPatterns, REPORT_THRESHOLD, type PatternAnalysis } from './patterns.js';
export { detectTopic } from './topic.js';
export { rewrite, type RewriteContext } from './rewrite.js';
export { evaluateMediator, type EvaluationReport, type FixtureMessage } from './evaluate.js';
export { formatEvaluation } from './evaluateFormat.js';
export { contentKept, contentWords } from './contentWords.js';
export { warmLocalMediator } from './warmUp.js';
