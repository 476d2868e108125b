/**
 * Rewrites a message addressed through a child ("Tell your dad he needs to
 * pay…", "I told Emma to tell you…") so that it speaks to the other parent
 * directly: the relay frame goes, the pronouns move from third person (the
 * parent, as the child would hear it) to second person.
 */
import { PARENT_WORD } from './lexicon.js';
import { capitaliseFirst } from './text.js';

const MESSENGER_FRAME = new RegExp(
  String.raw`^(?:please\s+)?(?:go\s+)?(?:make sure (?:you\s+)?)?(?:tell|ask|remind|let|warn|inform|show|text)\s+your\s+${PARENT_WORD}\s+`,
  'i',
);
const RELAY_FRAME =
  /^(?:i'll |i will |i'm going to |i'm gonna |i )?(?:just\s+)?(?:have|tell|told|ask|asked|get|got|make|made|send|sent)\s+(?:the kids|the children|them|her|him|[A-Z][a-z]+)\s+(?:to\s+)?(?:tell|ask|remind)\s+(?:you|u)\s+(?:themselves\s+|himself\s+|herself\s+)?/i;
const CARRIED_BY_CHILD =
  /\b(with|through|via)\s+(the kids|the children|them|her|him|[A-Z][a-z]+)\b/;
const WH_WORD = /^(?:why|what|how|when|where|who)\b/i;

/** What `speakDirectly` made of a clause. */
export interface DirectAddress {
  text: string;
  /** True when the remainder is an order for `politeRequest` ("to call me"). */
  isOrder: boolean;
}

/** Removes the child from the middle of a clause; unchanged text when there is no relay. */
export function speakDirectly(clause: string): DirectAddress {
  const messenger = MESSENGER_FRAME.exec(clause);
  if (messenger !== null) {
    // Said to the child: "you" is the child, "he"/"she" the other parent.
    const rest = toSecondPerson(childToThirdPerson(clause.slice(messenger[0].length)));
    return finish(rest.replace(/^(?:know\s+)?(?:that\s+)?/i, ''));
  }
  const relay = RELAY_FRAME.exec(clause);
  if (relay !== null) return finish(clause.slice(relay[0].length));
  const carried = clause.replace(
    CARRIED_BY_CHILD,
    (_, _via: string, child: string) => `directly rather than through ${child}`,
  );
  return { text: carried, isOrder: false };
}

/** True when a sentence is said to a child about the other parent ("Tell your dad…"). */
export function isAddressedToChild(sentence: string): boolean {
  return MESSENGER_FRAME.test(sentence);
}

/**
 * Re-aims a later clause of a sentence said to a child ("…, he can call me
 * himself") at the parent ("…, you can call me yourself").
 */
export function reattribute(clause: string): string {
  return toSecondPerson(childToThirdPerson(clause));
}

function finish(rest: string): DirectAddress {
  const trimmed = rest.trim();
  if (/^to\s+/i.test(trimmed)) return { text: trimmed.replace(/^to\s+/i, ''), isOrder: true };
  const yesNo = /^(?:if|whether)\s+you(?:'re| are)\s+([^,]+?)[.!?]*$/i.exec(trimmed);
  if (yesNo?.[1] !== undefined) return { text: `Are you ${yesNo[1]}?`, isOrder: false };
  if (WH_WORD.test(trimmed))
    return { text: `Can we talk about ${trimmed.replace(/[.!?]+$/, '')}?`, isOrder: false };
  if (/^about\b/i.test(trimmed)) return { text: `Just a reminder ${trimmed}`, isOrder: false };
  return { text: capitaliseFirst(trimmed), isOrder: false };
}

const CHILD_YOU: ReadonlyArray<readonly [RegExp, string]> = [
  [/\byou're\b/gi, "they're"],
  [/\byour\b/gi, 'their'],
  [/\byou\b/gi, 'the kids'],
];

function childToThirdPerson(text: string): string {
  return CHILD_YOU.reduce(
    (result, [pattern, replacement]) => result.replace(pattern, replacement),
    text,
  );
}

const VERB_AFTER_YOU: Record<string, string> = {
  needs: 'need',
  wants: 'want',
  has: 'have',
  does: 'do',
  "doesn't": "don't",
  "isn't": "aren't",
  "wasn't": "weren't",
  is: 'are',
  was: 'were',
  owes: 'owe',
  thinks: 'think',
  says: 'say',
  knows: 'know',
  gets: 'get',
  keeps: 'keep',
};
const PARENT_PRONOUN: ReadonlyArray<
  readonly [RegExp, string | ((match: string, ...groups: string[]) => string)]
> = [
  [/\b(?:he|she)'s\b/gi, "you're"],
  [
    /\b(?:he|she) (\w+(?:'t)?)/gi,
    (_match: string, verb: string) => `you ${VERB_AFTER_YOU[verb.toLowerCase()] ?? verb}`,
  ],
  [/\b(?:himself|herself)\b/gi, 'yourself'],
  [/\bhis\b/gi, 'your'],
  [/\bher(?=\s+(?:to|at|about|that|know|a|the|up|back|off|in|on|[.,!?]|$))/gi, 'you'],
  [/\bher\b/gi, 'your'],
  [/\bhim\b/gi, 'you'],
];

function toSecondPerson(text: string): string {
  let result = text;
  for (const [pattern, replacement] of PARENT_PRONOUN) {
    result =
      typeof replacement === 'string'
        ? result.replace(pattern, replacement)
        : result.replace(pattern, replacement);
  }
  return result;
}
