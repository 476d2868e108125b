/**
 * Clause-level repairs used by the rewriter: lowering shouted words, cutting
 * profanity, insults-in-passing and sarcastic openers, and turning orders into
 * requests. Each function takes and returns plain text; none of them decides
 * whether a clause is kept — `rewrite.ts` does, by re-checking the result.
 */
import { INSULT_NOUN } from './lexicon.js';
import { COMMON_FIRST_NAMES, NAME_TITLES } from './names.js';
import type { ProfanitySpan } from './profanity.js';
import { isShoutedWord } from './shouting.js';

const WEEKDAY_OR_MONTH =
  /^(?:(?:MON|TUES|WEDNES|THURS|FRI|SATUR|SUN)DAYS?|JANUARY|FEBRUARY|MARCH|APRIL|MAY|JUNE|JULY|AUGUST|SEPTEMBER|OCTOBER|NOVEMBER|DECEMBER)$/;

/** Stands in for a swear word that cannot simply be left out; its clause is dropped. */
export const PROFANITY_MARK = '\uE000';
// "the fucking bill", "a damn joke": an intensifier can go without a trace.
const INTENSIFIER_SWEAR =
  /^(?:fucking|fuckin|f\*+ing|effing|freaking|frigging|bloody|damn|goddamn|damned)$/i;

/**
 * Cuts intensifying swear words out and marks the others (an insult or an
 * exclamation whose removal would leave a broken sentence) with PROFANITY_MARK.
 */
export function removeProfanity(text: string, spans: readonly ProfanitySpan[]): string {
  let result = '';
  let from = 0;
  for (const span of spans) {
    if (span.start < from) continue;
    const word = text.slice(span.start, span.end);
    const next = /^\s+([A-Za-z']+)/.exec(text.slice(span.end))?.[1]?.toLowerCase();
    const intensifier =
      INTENSIFIER_SWEAR.test(word) && next !== undefined && next !== 'it' && next !== 'you';
    result += text.slice(from, span.start) + (intensifier ? '' : PROFANITY_MARK);
    from = span.end;
  }
  return tidy(result + text.slice(from));
}

/** Lowers shouted words (keeping names and days capitalised) and calms "!!!" and "?!?". */
export function calmCapitals(text: string): string {
  const lowered = text.replace(/\b[A-Z][A-Z']+\b/g, (word) => {
    if (!isShoutedWord(word)) return word;
    const titled = word.charAt(0) + word.slice(1).toLowerCase();
    return WEEKDAY_OR_MONTH.test(word) || COMMON_FIRST_NAMES.has(titled)
      ? titled
      : word.toLowerCase();
  });
  return lowered
    .replace(/(\b[a-z]+ )A(?= [a-z])/g, '$1a')
    .replace(/[!?]*\?[!?]*/g, (run) => (run.length > 1 ? '?' : run))
    .replace(/!{2,}/g, '.');
}

const OPENER =
  /^(?:(?:seriously|really|honestly|wow|unbelievable|typical|whatever|ugh|oh please|please|yeah right|yeah|of course|great|nice job|thanks a lot|thanks for nothing|geez|jeez|omg|for god's sake|for crying out loud|come on|listen|look|again|as usual|once again|fine|okay|ok|k|oh|so)\b[\s,.!?:;-]*)+/i;
const VOCATIVE_INSULT = new RegExp(
  String.raw`[,\s]*\b(?:you|u)\s+(?:(?:stupid|pathetic|lazy|useless|selfish|lying|worthless|fucking|complete|total|absolute|utter|little|big|sorry|sad)\s+)*${INSULT_NOUN}s?\b`,
  'gi',
);
const INTENSIFIER =
  /[,\s]*\b(?:again|as usual|like always|like usual|yet again|once again|for once(?: in your life)?|as always|every single time|for the \w+ time|even|seriously|honestly|literally|just|obviously|clearly|for (?:god's|christ's|goodness'?|heaven's|pete's|fuck's) sake|ffs)\b(?=[\s,.!?]|$)/gi;
const DEMAND_TAIL =
  /(?:,?\s*and)?\s*(?:don't|do not) (?:be late|keep me waiting|make me (?:wait|ask(?: twice| again)?))[.!]*\s*$|[,\s]*\b(?:right now|now|immediately|asap|at once|this instant|this minute|no excuses|no exceptions|end of (?:discussion|story)|period|that's final|non-negotiable|i'm not asking(?: again)?|this is not a request|or else)\s*[.!]*\s*$/i;

const INSULTING_ADJECTIVE =
  /\b(your|that|the|this|his|her) (?:(?:stupid|crazy|pathetic|useless|lazy|selfish|worthless|psycho|idiot|moron|deadbeat|drunk|loser|lying|miserable|precious|so-called|little|dumb|ridiculous|fucking|freaking|damn|trashy|skanky)\s+)+/gi;

// "This buffoon forgot…" names the reader as an insult: say "You forgot…".
const INSULT_SUBJECT = new RegExp(
  String.raw`^(?:this|that|the|some|what an?|your) (?:[a-z]+ )?${INSULT_NOUN}s?\s+(?=(?:forgot|can't|cannot|won't|never|didn't|decided|showed|left|lost|missed|let|skipped|cancelled|canceled|ignored|changed|broke|took|kept)\b)`,
  'i',
);

// "This buffoon forgot the permission slip" → "The permission slip got forgotten":
// the fact stays, the person named by an insult goes.
const INSULT_SUBJECT_PASSIVE = new RegExp(
  String.raw`^(?:this|that|the|some|what an?|your) (?:[a-z]+ )?${INSULT_NOUN}s? (forgot|missed|lost|skipped|cancelled|canceled|ignored) ((?:the|her|his|their|our|my|\w+'s) [^,;.!?]+?)(?: again)?([.!?]*)$`,
  'i',
);
const PARTICIPLE: Record<string, string> = { forgot: 'forgotten' };
// "Another Friday you can't make" → "You can't make Friday".
const ANOTHER_ONE =
  /^another ([A-Za-z]+(?: [a-z]+)?) (you|he|she|they) (can't|won't|didn't|couldn't|missed) ?(\w+)?([.!?]*)$/i;

/** Removes openers, insulting vocatives and adjectives, and "again"/"as usual" from a clause. */
export function softenClause(clause: string): string {
  return tidy(
    withoutAnother(clause.replace(OPENER, ''))
      .replace(
        INSULT_SUBJECT_PASSIVE,
        (_all, verb: string, object: string, end: string) =>
          `${object.charAt(0).toUpperCase()}${object.slice(1)} got ${PARTICIPLE[verb.toLowerCase()] ?? verb.toLowerCase()}${end}`,
      )
      .replace(INSULT_SUBJECT, 'You ')
      .replace(VOCATIVE_INSULT, '')
      .replace(INSULTING_ADJECTIVE, '$1 ')
      .replace(INTENSIFIER, ''),
  );
}

/** "Another Friday you can't make" → "You can't make Friday."; other clauses unchanged. */
export function withoutAnother(clause: string): string {
  return clause.replace(
    ANOTHER_ONE,
    (_all, what: string, who: string, verb: string, action: string | undefined, end: string) =>
      `${who.charAt(0).toUpperCase()}${who.slice(1)} ${verb} ${action === undefined ? '' : `${action} `}${what}${end}`,
  );
}

/** True when a clause opens with an order ("Sign the form by Friday"). */
export function isImperative(clause: string): boolean {
  return IMPERATIVE.test(clause);
}

const IMPERATIVE =
  /^(?:just\s+)?(do|send|pay|give|bring|return|transfer|venmo|zelle|call|text|answer|sign|drop|get|come|fix|hand|move|stop|tell|reply|respond|pick|take|leave|show|email|confirm|cancel|book|buy|put|make sure|let me know|wash|pack|check|remember|find|order|schedule|set|keep|clean|feed|drive|meet|read|fill out|fill in|update|print|register|renew|pay up|go to|treat|label|name|collect|ring|phone|sort out|write|add|use)\b/i;
const YOU_MUST =
  /^(?:and\s+)?(?:(?:you|u)\s+(?:need|have|got|gotta|must|will|better|'d better|had better)|(?:you're|you are) going)\s+(?:to\s+)?/i;
const I_DEMAND =
  /^(?:i\s+(?:demand|insist|expect)\s+(?:that\s+)?(?:you|u)\s+(?:to\s+)?|i want you to\s+|i need you to\s+|(?:i'm|i am) telling you to\s+)/i;
const I_WANT = /^i want\s+/i;
const I_INSIST = /^i (?:insist|demand)(?: that)?\s+(?!you\b|to\b)/i;
const I_DEMAND_TO = /^i (?:demand|insist on|insist)(?: to)?\s+/i;

const DARE = /\s*\b(?:one more time|ever again|once more)\b/i;

/** Turns an order ("You need to send it NOW.") into a request ("Could you please send it?"). */
export function politeRequest(clause: string): string {
  const body = clause
    .replace(DEMAND_TAIL, '')
    .replace(/[.!?]+$/, '')
    .trim();
  const stripped = body.replace(YOU_MUST, '').replace(I_DEMAND, '');
  if (stripped !== body) return `Could you please ${lowerFirst(stripped)}?`;
  const prohibition = /^(?:just\s+)?(?:do not|don't|never)\s+(.+)$/i.exec(body);
  if (prohibition?.[1] !== undefined) return `Please don't ${prohibition[1]}.`;
  // "Leave her waiting one more time": a dare names what the sender forbids.
  if (IMPERATIVE.test(body) && DARE.test(body)) {
    const act = body.replace(/^(?:just|go ahead and|go on,?)\s+/i, '').replace(DARE, '');
    return `Please don't ${lowerFirst(tidy(act))}.`;
  }
  if (IMPERATIVE.test(body))
    return `Could you please ${lowerFirst(body.replace(/^just\s+/i, ''))}?`;
  if (I_WANT.test(body)) return `I'd like ${body.replace(I_WANT, '')}, please.`;
  if (I_INSIST.test(body)) return endSentence(`I'd like to ask that ${body.replace(I_INSIST, '')}`);
  if (I_DEMAND_TO.test(body)) return endSentence(`I'd like to ${body.replace(I_DEMAND_TO, '')}`);
  return endSentence(body);
}

/** Collapses the spaces and stray punctuation that cutting words leaves behind. */
export function tidy(text: string): string {
  return text
    .replace(/\s+([,.!?;:])/g, '$1')
    .replace(/([,;:])(?:\s*[,;:])+/g, '$1')
    .replace(/^[\s,.;:!?-]+/, '')
    .replace(/[\s,;:-]+([.!?]|$)/g, '$1')
    .replace(/\s{2,}/g, ' ')
    .trim();
}

/** Ends text with a full stop unless it already ends a sentence. */
export function endSentence(text: string): string {
  const trimmed = text.trim();
  if (trimmed.length === 0) return trimmed;
  return /[.!?]$/.test(trimmed) ? trimmed : `${trimmed}.`;
}

/** Lower-cases the first word unless it is "I", a name or a day. */
export function lowerFirst(text: string, keep: readonly string[] = []): string {
  // Names, days, holidays, "I" and acronyms keep their capital wherever they stand.
  const firstWord = /^[A-Za-z]+/.exec(text)?.[0] ?? '';
  if (firstWord === 'I' || /^[A-Z]{2,}$/.test(firstWord) || PROPER_WORD.test(firstWord))
    return text;
  if (COMMON_FIRST_NAMES.has(firstWord) || NAME_TITLES.has(firstWord)) return text;
  if (keep.some((name) => text.startsWith(name))) return text;
  return text.charAt(0).toLowerCase() + text.slice(1);
}

const PROPER_WORD =
  /^(?:(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)days?|January|February|March|April|May|June|July|August|September|October|November|December|Thanksgiving|Christmas|Easter|Halloween|Hanukkah|Passover|Diwali|Ramadan|Eid|Kwanzaa)$/;
