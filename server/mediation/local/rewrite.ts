/**
 * BIFF rewrites (brief, informative, friendly, firm). The original is cut
 * into clauses; clauses that carry no attack are kept as written, orders
 * become requests, clauses that attack are softened or dropped. Every
 * suggestion is then checked against the facts of the original — anything
 * missing is appended — and against the detector, so that no suggestion
 * would itself be held.
 */
import { PATTERNS, type Pattern, type Topic } from '../types.js';
import {
  calmCapitals,
  endSentence,
  isImperative,
  lowerFirst,
  politeRequest,
  PROFANITY_MARK,
  removeProfanity,
  softenClause,
  tidy,
} from './clauses.js';
import { extractFacts, missingFacts, type Fact } from './facts.js';
import { isAddressedToChild, reattribute, speakDirectly } from './messenger.js';
import { detectPatterns, type PatternAnalysis } from './patterns.js';
import { capitaliseFirst, containsWhole, splitClauses, splitSentences } from './text.js';

/** A clause is safe to keep when re-checking it finds less than this. */
const CLAUSE_SAFE_RISK = 0.3;
const ATTACKS: ReadonlySet<Pattern> = new Set([
  'insult',
  'blame',
  'threat',
  'contempt',
  'profanity',
]);
const REQUEST = /\?|\b(?:could you|can you|would you|please|let me know|can we|could we)\b/i;

const TOPIC_PHRASE: Record<Topic, string> = {
  schedule: 'the schedule',
  school: 'school',
  medical: 'the medical side of things',
  expenses: 'the expenses',
  activities: 'the activities',
  travel: 'the travel plans',
  safety: 'keeping the kids safe',
  general: 'what happened',
};

const TOPIC_ASK: Record<Topic, string> = {
  schedule: 'Can we confirm the schedule?',
  school: 'Can we get on the same page about school?',
  medical: "Can we agree on the next steps for the kids' care?",
  expenses: 'Can we sort out the payment?',
  activities: 'Can we agree on the plan for the activity?',
  travel: 'Can we agree on the travel plans?',
  safety: 'Can we talk about how to keep the kids safe?',
  general: 'Can we find a time to sort this out?',
};

/** What the rewriter needs to know besides the text. */
export interface RewriteContext {
  analysis: PatternAnalysis;
  topic: Topic;
  receiverName: string | null;
  /** The facts of `text`, when the caller already extracted them. */
  facts?: readonly Fact[];
}

/** Produces one to three calm versions of `text` that keep all its facts. */
export function rewrite(text: string, context: RewriteContext): string[] {
  const facts = context.facts ?? extractFacts(text);
  let core = calmCore(text, context.analysis, facts, { check: false });
  let drafts = draftsFor(core, context, facts);
  // One full check covers everything taken from the message — the kept
  // clauses and the facts appended — since the templates are calm by
  // construction (a unit test checks every topic).
  if (core.length > 0 && !isCalm(`${core} ${appendedFacts(drafts, facts)}`)) {
    core = '';
    drafts = draftsFor(core, context, facts);
  }
  const suggestions: string[] = [];
  for (const draft of drafts) {
    const suggestion = withFacts(draft, facts);
    if (!suggestions.includes(suggestion)) suggestions.push(suggestion);
  }
  return suggestions;
}

function draftsFor(core: string, context: RewriteContext, facts: readonly Fact[]): string[] {
  const topic = context.topic;
  const greeting = context.receiverName === null ? 'Hi,' : `Hi ${context.receiverName},`;
  if (core.length === 0) {
    return [
      join(TOPIC_ASK[topic], 'Thanks.'),
      join(greeting, `I'd like to talk about ${TOPIC_PHRASE[topic]}.`, 'What works for you?'),
      join(`I'd like us to sort out ${TOPIC_PHRASE[topic]} calmly.`, 'Let me know a good time.'),
    ];
  }
  const names = facts
    .filter((fact) => fact.kind === 'name' || fact.kind === 'place')
    .map((fact) => fact.text);
  const ask = REQUEST.test(core) ? '' : TOPIC_ASK[topic];
  return [
    join(core, ask, 'Thanks.'),
    join(greeting, lowerFirst(core, names), ask, 'I appreciate it.'),
    join(`About ${TOPIC_PHRASE[topic]}:`, core, ask || 'Please let me know if that works for you.'),
  ];
}

/**
 * The message with its attacks removed, or '' when nothing calm is left.
 * `check: false` skips the final whole-text check (the caller does it).
 */
export function calmCore(
  text: string,
  analysis: PatternAnalysis,
  facts: readonly Fact[] = extractFacts(text),
  options: { check: boolean } = { check: true },
): string {
  const base = calmCapitals(removeProfanity(text, analysis.profanity.spans));
  // Demand is always re-checked: its clause-start rules ("Send it now.") can
  // fire on a clause without firing on the whole message.
  const only = new Set<Pattern>([
    'demand',
    ...PATTERNS.filter((pattern) => analysis.scores[pattern] > 0),
  ]);
  const sentences: string[] = [];
  for (const sentence of splitSentences(base)) {
    const toChild = isAddressedToChild(sentence);
    const clauses = splitClauses(sentence).map((clause, index) => {
      const found = detectPatterns(clause, { profanity: false, only });
      if (!toChild || index === 0) return { clause, found };
      // Said to a child: "…, he can call me himself" is meant for the parent.
      // Judge both readings and keep the worse, so neither hides an attack.
      const readdressed = reattribute(softenClause(clause));
      const refound = detectPatterns(readdressed, { profanity: false, only });
      return { clause: readdressed, found: refound.risk >= found.risk ? refound : found };
    });
    // A threat taints its whole sentence: "Do that again and I'll…" keeps no half.
    if (clauses.some(({ found }) => found.patterns.includes('threat'))) continue;
    const kept = clauses
      .map(({ clause, found }) => repairClause(clause, found, facts, only))
      .filter((clause): clause is string => clause !== null);
    if (kept.length > 0) sentences.push(joinClauses(kept));
  }
  const core = attachDeadlines(sentences).join(' ');
  // Clauses calm on their own could still combine into something that is not.
  return !options.check || isCalm(core) ? core : '';
}

// Keeps a clause as it is, repairs it, or drops it (null).
function repairClause(
  clause: string,
  found: PatternAnalysis,
  facts: readonly Fact[],
  only: ReadonlySet<Pattern>,
): string | null {
  if (clause.includes(PROFANITY_MARK) || VAGUE.test(clause)) return null;
  if (DEADLINE_ONLY.test(clause)) return clause;
  // Orders read calmer as requests even when nothing else is wrong with them.
  if (found.risk < CLAUSE_SAFE_RISK)
    return meaningful(isImperative(clause) ? politeRequest(clause) : clause);
  const worthKeeping =
    facts.some((fact) => containsWhole(clause, fact.text)) ||
    found.patterns.includes('demand') ||
    found.patterns.includes('child_as_messenger');
  if (!worthKeeping && found.patterns.some((pattern) => ATTACKS.has(pattern))) return null;

  let repaired = softenClause(clause);
  if (found.patterns.includes('child_as_messenger')) {
    const direct = speakDirectly(repaired);
    repaired = direct.isOrder ? politeRequest(direct.text) : direct.text;
  }
  if (found.patterns.includes('demand') || found.scores.demand > 0 || isImperative(repaired))
    repaired = politeRequest(repaired);
  repaired = tidy(repaired);
  if (repaired === clause || VAGUE.test(repaired)) return null;
  if (detectPatterns(repaired, { profanity: false, only }).risk >= CLAUSE_SAFE_RISK) return null;
  return meaningful(repaired);
}

// "Do it.", "Now." — nothing left to ask for once the pressure is gone.
const VAGUE =
  /^(?:(?:just )?do it|do that|now|right now|could you please do (?:it|that)|you know that|you hear me|got it|understood?|capiche|clear|your (?:choice|call|move)|count on it|go on|go ahead|ask (?:her|him|them)|period|end of story|seriously|really)[.!?]*$/i;
const POLITE_OPENING = /^Could you please /;
const DEADLINE_ONLY = /^(today|tonight|tomorrow|this week(?:end)?|by tonight|by tomorrow)[.!]*$/i;

// Joins the kept clauses of one sentence: requests merge into one question.
function joinClauses(clauses: readonly string[]): string {
  let sentence = '';
  let asking = false;
  for (const clause of clauses) {
    const body = clause.replace(/[.!?]+$/, '');
    if (sentence.length === 0) sentence = capitaliseFirst(body);
    else if (asking && POLITE_OPENING.test(body))
      sentence += ` and ${body.replace(POLITE_OPENING, '')}`;
    else sentence += `, ${lowerFirst(body)}`;
    asking = asking || POLITE_OPENING.test(body) || /\?$/.test(clause);
  }
  return asking ? `${sentence}?` : endSentence(sentence);
}

// "Pay your half. Today." → "Could you please pay your half today?"
function attachDeadlines(sentences: readonly string[]): string[] {
  const result: string[] = [];
  for (const sentence of sentences) {
    const deadline = DEADLINE_ONLY.exec(sentence)?.[1];
    const previous = result[result.length - 1];
    if (deadline !== undefined && previous !== undefined) {
      result[result.length - 1] = previous.replace(/([.!?])$/, ` ${deadline.toLowerCase()}$1`);
    } else {
      result.push(sentence);
    }
  }
  return result;
}

// Drops leftovers such as "and", "so" or a lone "ok".
function meaningful(clause: string): string | null {
  const cleaned = tidy(clause);
  const words = cleaned.split(/\s+/).filter((word) => /[\p{L}\p{N}]/u.test(word));
  return words.length >= 2 || /\d/.test(cleaned) ? cleaned : null;
}

// The facts that some draft lacks and will get appended.
function appendedFacts(drafts: readonly string[], facts: readonly Fact[]): string {
  const appended = new Set<string>();
  for (const draft of drafts)
    for (const fact of missingFacts(facts, draft)) appended.add(fact.text);
  return [...appended].join(', ');
}

function withFacts(draft: string, facts: readonly Fact[]): string {
  const missing = missingFacts(facts, draft);
  if (missing.length === 0) return draft;
  return `${draft} For reference: ${missing.map((fact) => fact.text).join(', ')}.`;
}

function isCalm(suggestion: string): boolean {
  const check = detectPatterns(suggestion, { profanity: false });
  return check.patterns.length === 0 && check.risk < CLAUSE_SAFE_RISK;
}

function join(...parts: string[]): string {
  return parts
    .filter((part) => part.length > 0)
    .join(' ')
    .replace(/\s{2,}/g, ' ')
    .trim();
}
