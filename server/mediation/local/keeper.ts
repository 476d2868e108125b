/**
 * The suggestion keeper: the one check every rewrite passes before a sender
 * sees it, whichever mediator wrote it. A rewrite must keep every fact of the
 * original, must not itself be held, and must be a message rather than a
 * template with the details pasted on ("For reference: …").
 */
import { extractFacts, missingFacts } from './facts.js';
import { analyzeDraft, INTERVENE_THRESHOLD } from './localMediator.js';

const PASTED_FACTS = /\bfor reference:/i;

/** True when `suggestion` is a usable rewrite of `original`. */
export function keepsTheMessage(original: string, suggestion: string): boolean {
  if (suggestion.trim().length === 0 || PASTED_FACTS.test(suggestion)) return false;
  if (missingFacts(extractFacts(original), suggestion).length > 0) return false;
  return analyzeDraft(suggestion).risk < INTERVENE_THRESHOLD;
}
