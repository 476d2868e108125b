/**
 * The rewriter's second chance for a sentence or clause it would otherwise
 * drop: a conditional threat said as the request behind it ("Sign her up
 * without asking me and I'll pull her out" → "Please don't sign her up
 * without asking me."), a blame cause cut ("Tariq failed his maths test
 * because SOMEBODY couldn't be arsed…" → "Tariq failed his maths test."), and
 * a clause with its insulting words cut. Each function only proposes text;
 * `rewrite.ts` keeps it only when the detector finds it calm.
 */
import { INSULT_ADJ, INSULT_NOUN } from './lexicon.js';
import { lowerFirst, PROFANITY_MARK, softenClause, tidy } from './clauses.js';
import { contentWords } from './contentWords.js';

// "X and I'll …": X is what the sender forbids. Only an order can be read so.
const AND_CONSEQUENCE =
  /^(.+?),?\s+and\s+(?:then\s+)?(?:i'll|ill|i will|i'm|im|i am|you'll|you will|you won't|you can|see what|watch what|watch me|my (?:lawyer|solicitor|attorney)|we'll see|that's it|social services|the (?:police|cops|court|judge|school)|cafcass|cms)\b/i;
// "If you X (again), I'll …": X is what the sender wants not to happen.
const IF_CONSEQUENCE =
  /^(?:and\s+)?if (?:you|u)(?=['’\s])\s?(?:ever\s+)?(.+?),?\s+(?:then\s+)?(?:i'll|ill|i will|i'm|im|i am|i'm going to|my (?:lawyer|solicitor|attorney)|you'll|you will|you won't|you can (?:forget|say goodbye)|that's it|we're done|the kids|they)\b/i;
const ORDER_VERB =
  /^(?:just\s+|go ahead and\s+|go on,?\s+)?(?:go|try|take|keep|cancel|enrol|enroll|move|say|sign|send|let|bring|leave|skip|miss|be|book|introduce|show up|turn up|forget|change|call|text|tell|put|give|drop|pick|post|use|come|ignore|switch|swap|withhold|stop)\b/i;
const REPEAT = /\s*\b(?:one more time|ever again|again|once more|even once)\b/gi;
const NEGATED = /^(?:just\s+)?(?:don't|dont|do not|never|can't|cannot)\s+(.+)$/i;

/**
 * A conditional threat as the request it makes, or null: "X and I'll …"
 * forbids X, "If you X, I'll …" asks that X not happen; "Don't X and I'll …"
 * and "If you don't X, …" ask for X.
 */
export function conditionalAsRequest(sentence: string): string | null {
  const body = sentence.trim().replace(/[.!?]+$/, '');
  const ifMatch = IF_CONSEQUENCE.exec(body);
  if (ifMatch?.[1] !== undefined) {
    const condition = tidy(ifMatch[1].replace(REPEAT, ''));
    const negated = NEGATED.exec(condition)?.[1];
    if (negated !== undefined) return `Could you please ${negated}?`;
    const being = /^(?:'re|’re|are)\s+(.+)$/i.exec(condition)?.[1];
    if (being !== undefined) return `Please don't be ${being}.`;
    if (/^(?:'re|’re|are|were|was|'ve|have|had|did)\b/i.test(condition)) return null;
    return `Please don't ${condition}.`;
  }
  const andMatch = AND_CONSEQUENCE.exec(body);
  if (andMatch?.[1] === undefined) return null;
  const head = tidy(andMatch[1].replace(/^(?:go on|go ahead|try it),?\s+/i, ''));
  const negated = NEGATED.exec(head)?.[1];
  if (negated !== undefined) return `Could you please ${negated.replace(REPEAT, '')}?`;
  if (!ORDER_VERB.test(head)) return null;
  return `Please don't ${lowerFirst(head.replace(/^(?:just|go ahead and|go on,?)\s+/i, '')).replace(REPEAT, '')}.`;
}

// "… because you never…", "… since u took over the lifts", "… thanks to you":
// the reproach, up to the next comma.
const BLAME_CAUSE =
  /,?\s+(?:all\s+)?(?:because|cos|coz|cuz|bc|since|thanks to|as)\s+(?:of\s+)?(?:you|u|ur|your|yours|somebody|someone|some people|a certain (?:someone|person))\b[^.!?,;]*/i;

// "Because you didn't cancel the membership, we've been charged twice".
const LEADING_BLAME_CAUSE =
  /^(?:all\s+)?(?:because|cos|coz|cuz|bc|thanks to)\s+(?:of\s+)?(?:you|u|ur|your)\b[^,;]*,\s*/i;

/** The sentence with its blame cause cut, or null when it has none (or nothing is left). */
export function withoutBlameCause(sentence: string): string | null {
  const cut = tidy(sentence.replace(LEADING_BLAME_CAUSE, '').replace(BLAME_CAUSE, ''));
  if (cut === tidy(sentence)) return null;
  return cut.split(/\s+/).filter((word) => /[\p{L}\p{N}]/u.test(word)).length >= 2 ? cut : null;
}

const INSULT_WORDS = new RegExp(
  String.raw`(?:\b(?:such an?|a|an|total|complete|absolute|utter|useless|lazy|stupid|pathetic)\s+)*\b(?:${INSULT_NOUN}|${INSULT_ADJ})s?\b`,
  'gi',
);

// A clause that ends on a preposition or "like you" lost its object.
const DANGLING_END =
  /\b(?:beyond|than|of|with|like|like (?:you|u|him|her|them)|about|from|as|by)[.!?]*$/i;

const DANGLING_INSULT = new RegExp(
  String.raw`\b(?:is|are|was|were|be|am|been|being|'s|only|so|too|very|really|like|as|what|how)\s+(?:(?:such|a|an|total|complete|absolute|utter|useless|lazy|stupid|pathetic|old|little|big)\s+)*(?:${INSULT_NOUN}|${INSULT_ADJ})s?\b`,
  'i',
);

/**
 * A clause with what attacks in it cut: openers and vocatives (softenClause),
 * the blame cause, then any insulting word left. Null when a swear word
 * cannot be cut cleanly or too little is left.
 */
export function stripped(clause: string): string | null {
  const uncaused = withoutBlameCause(clause) ?? clause;
  if (uncaused.includes(PROFANITY_MARK)) return null;
  // "still hasn't", "yet again", "never once": the reproach, not the content.
  const softened = softenClause(uncaused).replace(
    /\s+\b(?:still|yet again|never once|once again)\b/gi,
    '',
  );
  // "Ella's dad is a deadbeat", "Only an idiot would…": the insult is the
  // sentence's own word; cutting it leaves no sentence.
  if (DANGLING_INSULT.test(softened)) return null;
  const cut = tidy(
    softened
      .replace(INSULT_WORDS, '')
      .replace(/\b(?:a|an|such)\s+([,.!?]|$)/gi, '$1')
      // "You are a useless idiot and a liar" leaves "You are and": the
      // conjunction that joined two insults joins nothing now.
      .replace(/\s+(?:and|or|but)\s*(?=[,.!?]|$)/gi, ''),
  );
  // Only glue words left ("You are", "He is so"): the clause was the insult.
  if (contentWords(cut).size === 0) return null;
  // The insult was the object: "…is beyond a halfwit like you" leaves "…is beyond like you".
  if (DANGLING_END.test(cut)) return null;
  const words = cut.split(/\s+/).filter((word) => /[\p{L}\p{N}]/u.test(word));
  return words.length >= 3 || (words.length >= 2 && /\d/.test(cut)) ? cut : null;
}

// A short clause of mock praise or thanks in a held message is sarcasm:
// "Brilliant work.", "Thanks for that.", "Nice one.", "Lovely."
const MOCK_PRAISE_CLAUSE =
  /^(?:oh\s+|well\s+)?(?:brilliant|great|lovely|fantastic|wonderful|amazing|perfect|nice|cheers|thanks|thank you|well done|good job|great job|bravo|genius|classic|typical|charming|super|grt|gr8|cool|fab|awesome|real smart|very (?:responsible|mature|helpful|moving)|so helpful|how (?:nice|lovely|kind|generous|thoughtful)|totally normal|glad to know|good to know|what a (?:surprise|shock|hero))\b/i;
const MOCK_PHRASE =
  /\b(?:not rocket science|how generous of you|nice of you|thanks for nothing|thanks for that|should i call|call the newspapers|hold the front page|parent of the year|father of the year|mother of the year|slow clap|must be nice|what a surprise|surprise surprise|shocker|oh wow|nice one|fit us in|i'm not a bank|too much to ask|is it that hard|how hard is it|it's not hard)\b|(?:^|\s)"[a-z'-]+(?: [a-z'-]+)?"/i;

/** True for a clause that is sarcasm rather than content. */
export function isSarcastic(clause: string): boolean {
  const words = clause.split(/\s+/).length;
  return (MOCK_PRAISE_CLAUSE.test(clause) && words <= 5) || MOCK_PHRASE.test(clause);
}
