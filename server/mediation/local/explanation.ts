/**
 * The note shown to the sender — and only the sender — when a message is
 * analysed. One plain sentence: what may land badly (each pattern named
 * once, the phrase quoted) and, when the message is held, what the
 * suggestions keep. It never scolds: the goal is a message that gets an
 * answer, not a lecture — and a tired parent on a phone reads one line.
 */
import type { Pattern } from '../types.js';
import type { Fact } from './facts.js';
import type { PatternAnalysis } from './patterns.js';

/** What each pattern "may read as", in the fewest plain words. */
const READS_AS: Record<Pattern, string> = {
  insult: 'an insult',
  blame: 'blame',
  threat: 'a threat',
  contempt: 'sarcasm',
  shouting: 'shouting',
  profanity: 'swearing',
  demand: 'an order',
  child_as_messenger: 'putting the children in the middle',
};

// Quoting a swear word or "!!!" back to the sender adds nothing.
const NO_QUOTE: ReadonlySet<Pattern> = new Set(['profanity', 'shouting']);
// Past these the sentence stops being one line a parent takes in at a glance.
const MAX_PATTERNS = 3;
const MAX_FACTS = 3;
const MAX_QUOTE = 40;

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

/** "a, b and c" */
function list(items: readonly string[]): string {
  if (items.length <= 1) return items[0] ?? '';
  return `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;
}

/** 'an insult ("useless idiot") and blame ("you never")', or '' when nothing was found. */
function whatWasFound(analysis: PatternAnalysis): string {
  const quoted = new Set<string>();
  return list(
    analysis.patterns.slice(0, MAX_PATTERNS).map((pattern) => {
      const phrase = analysis.phrases[pattern]?.[0];
      // Each phrase once: "unbelievable" can be both an insult and sarcasm.
      if (
        phrase === undefined ||
        NO_QUOTE.has(pattern) ||
        phrase.length > MAX_QUOTE ||
        quoted.has(phrase)
      )
        return READS_AS[pattern];
      quoted.add(phrase);
      // Phrases arrive lower-cased; "i'll see you in court" reads as a typo.
      return `${READS_AS[pattern]} ("${phrase.replace(/\bi\b/g, 'I')}")`;
    }),
  );
}

/** "$240, Emma and Friday" (the first few, each once), or "your point". */
function whatIsKept(facts: readonly Fact[]): string {
  const texts = [...new Set(facts.map((fact) => fact.text))];
  if (texts.length === 0) return 'your point';
  const shown = texts.slice(0, MAX_FACTS);
  return texts.length > MAX_FACTS ? `${shown.join(', ')} and your other details` : list(shown);
}

/** Writes a short, kind explanation for the sender: one sentence. */
export function explain(input: ExplanationInput): string {
  const found = whatWasFound(input.analysis);
  // Deliberately vague: the receiver's learned triggers are theirs, not the sender's to read.
  const sensitive = input.sensitiveForReceiver;
  let opener: string;
  if (found && sensitive)
    opener = `This may read as ${found}, on a subject that has been sensitive between you`;
  else if (found) opener = `This may read as ${found}`;
  else if (sensitive) opener = 'This subject has been a sensitive one between you';
  else opener = '';

  if (!input.intervene) {
    if (!opener) return 'Your message reads clearly and calmly.';
    return `Fine to send, though ${opener.charAt(0).toLowerCase()}${opener.slice(1)}.`;
  }
  const why = opener || 'This may be hard to hear as written';
  if (input.nothingToKeep === true) {
    return `${why}, and there is nothing else in it to keep: consider not sending it, or a version below that says how you feel.`;
  }
  return `${why}; the versions below keep ${whatIsKept(input.facts)}.`;
}
