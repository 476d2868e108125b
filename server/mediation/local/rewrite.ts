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
  withoutAnother,
} from './clauses.js';
import { contentWords } from './contentWords.js';
import { extractFacts, missingFacts, type Fact } from './facts.js';
import { isAddressedToChild, reattribute, speakDirectly } from './messenger.js';
import { detectPatterns, detectRules, type PatternAnalysis } from './patterns.js';
import { conditionalAsRequest, isSarcastic, stripped } from './salvage.js';
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

/** What the rewriter needs to know besides the text. */
export interface RewriteContext {
  analysis: PatternAnalysis;
  topic: Topic;
  receiverName: string | null;
  /** The facts of `text`, when the caller already extracted them. */
  facts?: readonly Fact[];
  /** The topic the recent conversation is about, when it names one. */
  recentTopic?: Topic | null;
}

/**
 * Produces one to three calm versions of `text` that keep its request, its
 * information and all its facts, and differ in substance: the calm core as
 * written, the core with the feeling said as "I", and the bare request or
 * information. A pure attack (no calm clause, no fact) gets "I" statements
 * only — about the topic the recent conversation names, never one invented.
 */
export function rewrite(text: string, context: RewriteContext): string[] {
  return rewriteMessage(text, context).suggestions;
}

/** The rewriter's answer: the suggestions, and whether anything of substance was left. */
export interface RewriteResult {
  suggestions: string[];
  /** True for a pure attack: the suggestions are "I" statements, not the message. */
  nothingToKeep: boolean;
}

/** `rewrite`, also saying whether the message had anything to keep. */
export function rewriteMessage(text: string, context: RewriteContext): RewriteResult {
  calmAnswers.clear();
  const facts = context.facts ?? extractFacts(text);
  let core = calmCore(text, context.analysis, facts, { check: false });
  if (core.length > 0 && missingFacts(facts, core).length === 0 && !isCalm(core)) {
    core = essentials(core, facts);
  }
  // The sender's own words with only the attack cut, when that keeps more of
  // them than the clause-by-clause rewrite and a send would not hold it.
  // A message carried through a child is re-addressed by calmCore, never kept.
  const light = context.analysis.patterns.includes('child_as_messenger')
    ? ''
    : lightEdit(text, context.analysis);
  if (
    light.length > 0 &&
    // (only when the rewrite lost much: judging the light edit costs a detection)
    contentWords(light).size >= 2 * contentWords(core).size + 1 &&
    missingFacts(facts, light).length <= missingFacts(facts, core).length &&
    isCalm(light)
  )
    core = light;
  if (core.length === 0) return { suggestions: nothingToKeep(text, context), nothingToKeep: true };
  const feeling = feelingFor(text, context.analysis);
  const drafts = [core, join(feeling, core), essentials(core, facts)];
  const suggestions: string[] = [];
  for (const draft of drafts) {
    if (draft.length > 0 && !suggestions.includes(draft) && passes(draft, facts))
      suggestions.push(draft);
  }
  if (suggestions.length > 0) return { suggestions, nothingToKeep: false };
  // Nothing calm kept every fact: the facts in one sentence of their own, the
  // last resort (a rewrite never loses a detail of the original).
  const last = join(feeling, `I'd like to talk about ${listOf(facts.map((fact) => fact.text))}.`);
  return passes(last, facts)
    ? { suggestions: [last], nothingToKeep: false }
    : { suggestions: nothingToKeep(text, context), nothingToKeep: true };
}

// The final guard every suggestion passes: every fact of the original kept,
// and the same detection as a send finds it calm (it would not be held).
// (Every draft is built from the text with its profanity cut, so the send's
// profanity pass has nothing to find: the rules and the scorer decide, and
// isCalm asks them, stricter than a send — no attack pattern named either.)
function passes(suggestion: string, facts: readonly Fact[]): boolean {
  return missingFacts(facts, suggestion).length === 0 && isCalm(suggestion);
}

// Only the sentences that carry a fact or a request: the shortest honest version.
function essentials(core: string, facts: readonly Fact[]): string {
  const kept = splitSentences(core).filter(
    (sentence) =>
      REQUEST.test(sentence) || facts.some((fact) => containsWhole(sentence, fact.text)),
  );
  return kept.join(' ');
}

const FEELINGS: Record<Pattern, readonly string[]> = {
  insult: ["I'm really frustrated right now.", "I'm upset, and I want to say this calmly."],
  blame: ["I'm frustrated about how this went.", "I'm disappointed about how this turned out."],
  threat: ["I'm worried about this and I want it sorted out.", 'This matters a lot to me.'],
  contempt: ["I'm feeling let down.", "Honestly, I'm disappointed."],
  shouting: ["I'm stressed about this.", 'This is urgent for me.'],
  profanity: ["I'm really frustrated.", "I'm at the end of my patience today."],
  demand: ['This is important to me.', 'This matters to me.'],
  child_as_messenger: [
    "I'd rather we talk about this directly.",
    "I'd like to keep the kids out of this.",
  ],
};

const TOPIC_CONCERN: Record<Topic, string> = {
  schedule: 'the schedule',
  school: 'school',
  medical: "the kids' health",
  expenses: 'the expenses',
  activities: 'the activities',
  travel: 'the travel plans',
  safety: "the kids' safety",
  general: '',
};

// The feeling behind the attack, said as "I" (picked by the text so that
// two held messages do not all read the same).
function feelingFor(text: string, analysis: PatternAnalysis): string {
  const pattern = analysis.patterns[0] ?? 'contempt';
  const options = FEELINGS[pattern];
  return options[textHash(text) % options.length] ?? '';
}

// A pure attack: nothing to soften. The explanation suggests not sending;
// the suggestions are "I" statements, about the topic the recent
// conversation names when there is one.
function nothingToKeep(text: string, context: RewriteContext): string[] {
  const feeling = feelingFor(text, context.analysis);
  const recent = context.recentTopic ?? null;
  const concern = recent === null ? '' : TOPIC_CONCERN[recent];
  const suggestions =
    concern.length > 0
      ? [
          join(feeling, `Can we talk about ${concern}?`),
          `I'm not happy with how things are going with ${concern}. What can we change?`,
        ]
      : [
          join(feeling, CLOSINGS[(textHash(text) >>> 3) % CLOSINGS.length] ?? ''),
          "I'm upset and need some time before we talk about this.",
        ];
  return suggestions;
}

// Ways to close an "I" statement that asks for nothing but a calmer moment.
const CLOSINGS = [
  "I'd like to take a break and talk when we're both calm.",
  "Can we talk about what's bothering us when we've both cooled down?",
  "I'd rather talk this through later than argue now.",
  "Let's come back to this when we're both calmer.",
];

function textHash(text: string): number {
  let hash = 0;
  for (let i = 0; i < text.length; i++) hash = (Math.imul(hash, 31) + text.charCodeAt(i)) >>> 0;
  return hash;
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
  // The attack rules always run on clauses: a message held by the scorer or
  // for one pattern may hide a rule-named insult in one of its clauses.
  const only = new Set<Pattern>([
    'demand',
    ...ATTACKS,
    ...PATTERNS.filter((pattern) => analysis.scores[pattern] > 0),
  ]);
  const sentences: string[] = [];
  for (const whole of splitSentences(base)) {
    // "Pay the $500 by Monday or my lawyer takes it from here": the request
    // stays, the threat goes.
    // "Sign her up without asking me and I'll pull her out": the request is
    // the opposite of the order's words; said as what the sender asks for.
    // (the regex first: judging the sentence costs a detection)
    const request = conditionalAsRequest(whole);
    if (request !== null && (!clauseIsSafe(judgeClause(whole, only)) || !isCalm(whole))) {
      if (isCalm(request)) {
        sentences.push(request);
        continue;
      }
    }
    const sentence = whole.replace(THREAT_TAIL, '') || whole;
    const toChild = isAddressedToChild(sentence);
    const clauses = splitClauses(sentence).map((clause, index) => {
      if (!toChild || index === 0) return { clause, found: judgeClause(clause, only) };
      const found = detectPatterns(clause, { profanity: false, only });
      // Said to a child: "…, he can call me himself" is meant for the parent.
      // Judge both readings and keep the worse, so neither hides an attack.
      const readdressed = reattribute(softenClause(clause));
      const refound = detectPatterns(readdressed, { profanity: false, only });
      return { clause: readdressed, found: refound.risk >= found.risk ? refound : found };
    });
    // A threat taints its whole sentence: "Do that again and I'll…" keeps no half.
    if (clauses.some(({ found }) => found.patterns.includes('threat'))) continue;
    const kept = clauses
      .map(({ clause, found }) => repairClause(clause, found, facts, only) ?? salvage(clause, only))
      .filter((clause): clause is string => clause !== null);
    if (kept.length > 0) sentences.push(joinClauses(kept));
  }
  let core = attachDeadlines(sentences).join(' ');
  // A fact whose clause could not be kept calmly is still named, in a
  // sentence of its own rather than a list pasted on.
  core = restoreFactClauses(base, core, facts);
  const lost = missingFacts(facts, core).map((fact) => fact.text);
  if (lost.length > 0 && facts.length > 0) {
    core = join(core, `I'd like to talk about ${listOf(lost)}.`);
  }
  // Clauses calm on their own could still combine into something that is not.
  return !options.check || isCalm(core) ? core : '';
}

// "Do X or I'll…" asks for X and keeps the request; "Do X and I'll…" forbids
// X, so its tail is never cut (the request left would say the opposite):
// the whole sentence goes as a threat.
const THREAT_TAIL =
  /,?\s+(?:or(?: else)?|otherwise|before|if not)\s+(?:i'll|i will|i'm|i am|my lawyer|my attorney|you'll|you will|i call|i'm calling|i go to|we go to|see you in)\b[^.!?]*/i;

function listOf(items: readonly string[]): string {
  if (items.length <= 1) return items[0] ?? '';
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1] ?? ''}`;
}

// A clause's verdict as calmCore and repairClause read it (patterns, scores,
// and risk and scorer only through clauseIsSafe). A rule-named pattern means
// a rule risk of at least REPORT_THRESHOLD (above CLAUSE_SAFE_RISK), and the
// scorer then names nothing more: its probability could change no answer.
function judgeClause(clause: string, only: ReadonlySet<Pattern>): PatternAnalysis {
  const check = detectRules(clause, { profanity: false, only });
  return check.analysis.patterns.length > 0 ? check.analysis : check.withScorer();
}

// A clause is kept as written when no rule finds more than a trace and the
// scorer is not confident it is hostile (it is shakier on a few words).
function clauseIsSafe(found: PatternAnalysis): boolean {
  return found.ruleRisk < CLAUSE_SAFE_RISK && found.scorer < CLAUSE_SCORER_LIMIT;
}
const CLAUSE_SCORER_LIMIT = 0.75;

// Keeps a clause as it is, repairs it, or drops it (null).
function repairClause(
  clause: string,
  found: PatternAnalysis,
  facts: readonly Fact[],
  only: ReadonlySet<Pattern>,
): string | null {
  if (clause.includes(PROFANITY_MARK) || VAGUE.test(clause)) return null;
  // Mock praise and scare quotes say the opposite of their words.
  if (isSarcastic(clause) && !facts.some((fact) => containsWhole(clause, fact.text))) return null;
  if (DEADLINE_ONLY.test(clause)) return clause;
  // Orders read calmer as requests even when nothing else is wrong with them.
  if (clauseIsSafe(found))
    return meaningful(isImperative(clause) ? politeRequest(clause) : withoutAnother(clause));
  const worthKeeping =
    facts.some((fact) => containsWhole(clause, fact.text)) ||
    found.patterns.includes('demand') ||
    found.patterns.includes('child_as_messenger');
  let repaired = softenClause(clause);
  // An attack with nothing to keep goes, unless softening turned it into
  // plain information ("This buffoon forgot the slip" → "The slip got forgotten").
  if (!worthKeeping && found.patterns.some((pattern) => ATTACKS.has(pattern))) {
    if (repaired === clause) return null;
    // A rule hit decides it; the scorer runs only on what the rules let through.
    const check = detectRules(repaired, { profanity: false });
    if (check.analysis.ruleRisk > 0 || check.withScorer().scorer >= 0.5) return null;
  }
  if (found.patterns.includes('child_as_messenger')) {
    const direct = speakDirectly(repaired);
    repaired = direct.isOrder ? politeRequest(direct.text) : direct.text;
  }
  if (found.patterns.includes('demand') || found.scores.demand > 0 || isImperative(repaired))
    repaired = politeRequest(repaired);
  repaired = tidy(repaired);
  if (repaired === clause || VAGUE.test(repaired)) return null;
  // The rules judge a repaired clause; the scorer judges the whole result
  // (it knows the hostile original's n-grams and would refuse its calm half).
  // The scorer can only name a pattern when the rules named none.
  const check = detectRules(repaired, { profanity: false, only });
  const rules = check.analysis;
  if (rules.ruleRisk >= 0.5 || rules.patterns.some((pattern) => ATTACKS.has(pattern))) return null;
  if (rules.patterns.length > 0) return meaningful(repaired);
  if (check.withScorer().patterns.some((pattern) => ATTACKS.has(pattern))) return null;
  return meaningful(repaired);
}

// A fact whose clause was dropped comes back in its own clause, with the
// attack in it cut, when the whole still reads calm to the detector; only a
// fact that cannot is named in a sentence of its own.
function restoreFactClauses(base: string, core: string, facts: readonly Fact[]): string {
  let result = core;
  for (const sentence of splitSentences(base)) {
    for (const clause of splitClauses(sentence.replace(THREAT_TAIL, '') || sentence)) {
      const lost = missingFacts(facts, result).filter((fact) => containsWhole(clause, fact.text));
      if (lost.length === 0 || isSarcastic(clause)) continue;
      const cut = stripped(clause);
      if (cut === null || lost.some((fact) => !containsWhole(cut, fact.text))) continue;
      const candidate = join(
        result,
        endSentence(capitaliseFirst(isImperative(cut) ? politeRequest(cut) : cut)),
      );
      if (isCalm(candidate)) result = candidate;
    }
  }
  return result;
}

// Every sentence with its attack cut (lexicon insults, blame causes,
// profanity, mock praise, conditional threats said as requests) and nothing
// else changed: the lightest edit, judged as a whole by the caller.
function lightEdit(text: string, analysis: PatternAnalysis): string {
  const base = calmCapitals(removeProfanity(text, analysis.profanity.spans));
  const sentences: string[] = [];
  for (const sentence of splitSentences(base)) {
    if (isSarcastic(sentence)) continue;
    const request = conditionalAsRequest(sentence);
    if (request !== null) {
      sentences.push(request);
      continue;
    }
    const kept = splitClauses(sentence.replace(THREAT_TAIL, '') || sentence)
      .filter((clause) => !isSarcastic(clause))
      .map((clause) => stripped(clause))
      .filter((clause): clause is string => clause !== null && !VAGUE.test(clause))
      .map((clause) => (isImperative(clause) ? politeRequest(clause) : clause));
    if (kept.length > 0) sentences.push(joinClauses(kept));
  }
  return attachDeadlines(sentences).join(' ');
}

// A clause repairClause dropped, with its insulting words and blame cause
// cut, kept when that leaves calm content ("Your useless brother still
// hasn't sent the photos" → "Your brother still hasn't sent the photos").
function salvage(clause: string, only: ReadonlySet<Pattern>): string | null {
  const whole = salvagePart(clause, only);
  if (whole !== null) return whole;
  // "Stop being a baby about the drive and meet me at the services at noon":
  // each half on its own, the attack goes and the request stays.
  const parts = clause.split(/\s+and\s+|:\s+|\s+-\s+/).filter((part) => part.trim().length > 0);
  if (parts.length < 2) return null;
  const kept = parts
    .map((part) => salvagePart(part, only))
    .filter((part): part is string => part !== null);
  return kept.length === 0
    ? null
    : kept.map((part, i) => (i === 0 ? part : lowerFirst(part))).join(', ');
}

function salvagePart(clause: string, only: ReadonlySet<Pattern>): string | null {
  const cut = stripped(clause);
  if (cut === null || isSarcastic(cut) || VAGUE.test(cut)) return null;
  // An order is judged as the request it becomes.
  const candidate = isImperative(cut) ? politeRequest(cut) : cut;
  if (!clauseIsSafe(judgeClause(candidate, only))) return null;
  return meaningful(candidate);
}

// "Do it.", "Now." — nothing left to ask for once the pressure is gone.
const VAGUE =
  /^(?:(?:just )?do it|do that|now|right now|could you please do (?:it|that)|you know that|you hear me|got it|understood?|capiche|clear|your (?:choice|call|move)|count on it|go on|go ahead|ask (?:her|him|them)|period|end of story|seriously|really|all of you|both of you|every one of you|you too|you both|to me|as it should|as usual|as always|here we go again)[.!?]*$/i;
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

// One rewrite asks about the same text more than once (a core, then the
// drafts built on it): the answers of the current message, cleared per message.
const calmAnswers = new Map<string, boolean>();

function isCalm(suggestion: string): boolean {
  const known = calmAnswers.get(suggestion);
  if (known !== undefined) return known;
  const answer = judgeCalm(suggestion);
  calmAnswers.set(suggestion, answer);
  return answer;
}

function judgeCalm(suggestion: string): boolean {
  const check = detectRules(suggestion, { profanity: false });
  const rules = check.analysis;
  // The scorer never drops a rule-named pattern, and a rule risk of 0.9 or
  // more stands whatever it says (combinedRisk): no need to ask it then.
  if (rules.patterns.some((pattern) => ATTACKS.has(pattern)) || rules.ruleRisk >= 0.9) return false;
  const full = check.withScorer();
  return full.risk < 0.5 && !full.patterns.some((pattern) => ATTACKS.has(pattern));
}

function join(...parts: string[]): string {
  return parts
    .filter((part) => part.length > 0)
    .join(' ')
    .replace(/\s{2,}/g, ' ')
    .trim();
}
