/**
 * The note shown to the sender — and only the sender — when a message is
 * analysed. It names what may land badly, quotes the phrase, and never
 * scolds: the goal is a message that gets an answer, not a lecture.
 */
import type { Pattern } from '../types.js';
import type { Fact } from './facts.js';
import type { PatternAnalysis } from './patterns.js';

const WHY: Record<Pattern, string> = {
  insult: 'This may read as an insult',
  blame: 'This may read as blame',
  threat: 'This may come across as a threat',
  contempt: 'This may sound sarcastic or dismissive',
  shouting: 'Capital letters or "!!!" can feel like shouting',
  profanity: 'Strong language can make it harder to be heard',
  demand: 'This may read as an order rather than a request',
  child_as_messenger: 'Passing messages through the children can put them in the middle',
};

// Quoting a swear word or "!!!" back to the sender adds nothing.
const NO_QUOTE: ReadonlySet<Pattern> = new Set(['profanity', 'shouting']);

/** What the explanation is built from. */
export interface ExplanationInput {
  analysis: PatternAnalysis;
  intervene: boolean;
  facts: readonly Fact[];
  /** True when the receiver's known sensitivities raised the risk. */
  sensitiveForReceiver: boolean;
  /** True when the message had nothing to keep besides the attack. */
  nothingToKeep?: boolean;
}

/** Writes a short, kind explanation for the sender. */
export function explain(input: ExplanationInput): string {
  const { analysis, intervene } = input;
  const notes = analysis.patterns.map((pattern) => {
    const phrase = analysis.phrases[pattern]?.[0];
    return phrase === undefined || NO_QUOTE.has(pattern)
      ? `${WHY[pattern]}.`
      : `${WHY[pattern]}: "${phrase}".`;
  });
  if (input.sensitiveForReceiver) {
    // Deliberately vague: the receiver's learned triggers are theirs, not the sender's to read.
    notes.push('This subject has been a sensitive one in your conversations.');
  }
  if (!intervene) {
    if (notes.length === 0) return 'Your message reads clearly and calmly.';
    return `Your message is fine to send. One thing to consider: ${notes.join(' ')}`;
  }
  if (input.nothingToKeep === true) {
    const opener = notes.length > 0 ? notes.join(' ') : 'This message may be hard to hear.';
    return `${opener} There is no request or information in it to keep, so consider not sending it. If something needs sorting out, the suggestions say how you feel instead.`;
  }
  const keep = input.facts.slice(0, 4).map((fact) => fact.text);
  const keepNote =
    keep.length > 0
      ? `The suggestions keep your details (${keep.join(', ')}) and leave out what could start an argument.`
      : 'The suggestions keep your point and leave out what could start an argument.';
  const opener =
    notes.length > 0 ? notes.join(' ') : 'This message may be hard to hear as written.';
  return `${opener} ${keepNote} You can still choose what to send.`;
}
