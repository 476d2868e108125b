/**
 * Shared building blocks of the local mediator's lexicon. The rules live in
 * `lexiconAttacks.ts` (insult, blame, contempt) and `lexiconPressure.ts`
 * (threat, demand, child_as_messenger); this file holds the fragments they
 * share and turns rule tables into compiled regular expressions once, at
 * module load, so that analysing a message never builds a regex.
 *
 * Every rule runs against the *normalised* text (see `text.ts`): lower-cased,
 * curly apostrophes straightened, whitespace collapsed. That is why the
 * sources below are lower-case and carry no `i` flag.
 */
import type { Pattern } from '../types.js';
import { COMMON_FIRST_NAMES } from './names.js';
import { ruleGate, type GateLiteral } from './ruleGate.js';

/** One entry of a rule table: which pattern, how strongly, what to look for. */
export interface LexiconRuleSource {
  readonly pattern: Pattern;
  /** 0..1: how likely this phrase alone is to start a fight. */
  readonly weight: number;
  /** Regular-expression source, written for lower-cased text. */
  readonly source: string;
}

/** A rule ready to run. */
export interface LexiconRule {
  readonly pattern: Pattern;
  readonly weight: number;
  readonly regex: RegExp;
  /** Literals one of which the text must contain for the rule to match; null: always run (ruleGate.ts). */
  readonly gate: readonly GateLiteral[] | null;
}

/** "you" as typed on a phone. */
export const YOU = String.raw`(?:you|u|ya)`;
/** "you are" in its usual spellings. */
export const YOU_ARE = String.raw`(?:you're|youre|you are|u r|ur|you r|u are)`;
/** "I will" in its usual spellings, including "I'm going to" and "gonna". */
export const I_WILL = String.raw`(?:i'll|ill|i will|i'm going to|im going to|i am going to|i'm gonna|im gonna|i'ma|imma|i shall|i'm about to)`;
/** "you will". */
export const YOU_WILL = String.raw`(?:you'll|youll|you will|u will|you're going to|youre going to|you are going to|you're gonna|youre gonna)`;
/** The other parent, as a child would name them. */
export const PARENT_WORD = String.raw`(?:mom|mommy|mum|mummy|mother|mama|dad|daddy|father|papa|stepmom|stepdad|parents?)`;
/** Ways of naming the children (names are matched separately, case-sensitively). */
export const CHILD_WORD = String.raw`(?:the kids|the children|the boys|the girls|the baby|our (?:son|daughter|kids|children|boy|girl)|your (?:son|daughter|kids|children))`;
/** Words that turn a "you always …" into praise rather than blame. */
export const PRAISE_WORD = String.raw`(?:best|great|good|love|loved|amazing|wonderful|welcome|kind|help|helped|helpful|generous|there for|thank|thanks|appreciate|fun|nice|patient|smart|so good|make (?:her|him|them) (?:laugh|smile)|fail to (?:amaze|impress))`;

/** Nouns that insult a person even without an article ("you idiot", "you're a liar"). */
export const INSULT_NOUN = String.raw`(?:idiot|moron|imbecile|loser|jerk|liar|deadbeat|narcissist|psycho|psychopath|sociopath|lunatic|hypocrite|coward|dumbass|dumb ass|dimwit|halfwit|scumbag|dirtbag|lowlife|low-life|creep|fraud|slob|leech|parasite|witch|clown|fool|pig|snake|bully|manipulator|nutcase|nut job|nutjob|retard|freak|weirdo|cheater|bum|brat|cow|hag|troll|buffoon|weasel|rat|worm|cheapskate|flake|junkie|buffoon|dimwit|halfwit|bonehead|airhead|parasite|freeloader|vulture|maniac|disaster|wreck|bimbo|doormat|leech|sloth|zero|nobody|moron|loser|user|abuser|gold digger|mama's boy|daddy's girl)`;
/** Nouns that insult a person once they are called "a …" ("you're a joke"). */
export const ARTICLE_NOUN = String.raw`(?:joke|failure|disgrace|embarrassment|mess|child|baby|drunk|drunkard|control freak|nightmare|train ?wreck|princess|waste of (?:space|air|oxygen)|piece of (?:work|garbage|trash|crap|shit)|excuse (?:of|for) a (?:father|mother|dad|mom|parent|human being|human|man|woman|person)|bad (?:father|mother|dad|mom|parent)|terrible (?:father|mother|dad|mom|parent)|sorry excuse)`;
/** Adjectives that insult a person when said of them ("you're so selfish"). */
export const INSULT_ADJ = String.raw`(?:stupid|dumb|pathetic|useless|worthless|lazy|selfish|incompetent|irresponsible|clueless|crazy|insane|nuts|delusional|unhinged|hopeless|spineless|petty|vindictive|manipulative|ignorant|immature|childish|disgusting|negligent|unfit|toxic|psychotic|brainless|unreliable|ridiculous|hysterical|paranoid|heartless|ungrateful|dishonest|abusive|a joke|a mess|a failure|an embarrassment|pitiful|spiteful|evil|vile|cruel|sick in the head|mental|dense|fat|ugly|miserable|bitter|jealous|controlling|obsessed|lying|cheap|greedy|two-faced|fake|incapable|inept|sloppy|careless|reckless|self-centered|self-absorbed|entitled|spoiled|stingy|unstable|idiotic|thoughtless|inconsiderate|rude|disrespectful|shameless|cold|nasty|mean|unreasonable|impossible|insufferable|unbearable|absurd|exhausting|useless|hopeless|a disaster|a nightmare|a hypocrite|drunk|high|lazy|unbelievable|annoying|a piece of work)`;

/**
 * A child's first name, lower-cased (rules run on lower-cased text, so a name
 * cannot be told by its capital; the list of common names stands in).
 */
export const CHILD_NAME = `(?:${[...COMMON_FIRST_NAMES].map((name) => name.toLowerCase()).join('|')})`;

/** Compiles a rule table once. */
export function compileRules(sources: readonly LexiconRuleSource[]): LexiconRule[] {
  return sources.map((rule) => {
    return {
      pattern: rule.pattern,
      weight: rule.weight,
      regex: new RegExp(rule.source),
      gate: ruleGate(rule.source),
    };
  });
}
