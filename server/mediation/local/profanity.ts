/**
 * Profanity, found by the `obscenity` package (its English data set catches
 * leetspeak, repeated letters and look-alike characters) plus a short list of
 * milder words the data set leaves out.
 */
import { DataSet, englishDataset, englishRecommendedTransformers, RegExpMatcher } from 'obscenity';

// Clinical and safety words are not swearing: a parent reporting a medical or
// safety concern ("she says it hurts when she pees", "sex ed class") must
// never be held for it.
const NOT_PROFANE = new Set([
  'sex',
  'penis',
  'vagina',
  'anus',
  'anal',
  'rape',
  'incest',
  'semen',
  'ejaculate',
  'orgasm',
  'masturbate',
  'boob',
  'scat',
]);

const dataset = new DataSet<{ originalWord: string }>()
  .addAll(englishDataset)
  .removePhrasesIf((phrase) => NOT_PROFANE.has(phrase.metadata?.originalWord ?? ''));

const matcher = new RegExpMatcher({ ...dataset.build(), ...englishRecommendedTransformers });

const MILD =
  /\b(?:damn(?:ed|it)?|dammit|crap(?:py)?|bull ?crap|bs|(?:the|to|from|like|as|go to) hell|hell (?:no|of a)|freaking hell)\b/gi;
// Stronger than the mild list, still missed by the data set: acronyms and
// starred-out words ("f*** this") are swearing the reader will read in full.
const MEDIUM =
  /\b(?:god ?damn(?:ed|it)?|wtf|stfu|dumbass|jackass|douche(?:bag)?|screw (?:you|off|this|that|the|your|it|them)|f off|eff off|effing)\b|\b(?:f|sh|b)[*#@%]{2,}\w*/gi;
const DIRECTED =
  /\b(?:fuck(?:ing)? (?:you|off|yourself|u)|f(?:\*+|-)?(?:ck|k) (?:you|off|u)|(?:you|u|ya) (?:\w+ )?(?:bitch|bastard|asshole|cunt|prick|twat|dick|whore|slut|shit)|screw you|stfu)\b/i;

/** One profane span in the original text (end exclusive). */
export interface ProfanitySpan {
  start: number;
  end: number;
  word: string;
}

/** What the profanity check found. */
export interface ProfanityFinding {
  /** 0 when clean; ~0.4 for mild words; 0.7+ for swearing; 0.9 when aimed at the reader. */
  score: number;
  spans: ProfanitySpan[];
}

const NONE: ProfanityFinding = { score: 0, spans: [] };

/** Finds profanity in the original (not normalised) text. */
export function findProfanity(text: string): ProfanityFinding {
  const spans: ProfanitySpan[] = [];
  let strong = 0;
  for (const match of matcher.getAllMatches(text, true)) {
    const span = widenToWord(text, match.startIndex, match.endIndex + 1);
    if (isMidSentenceProperNoun(text, span.start, span.word)) continue;
    if (insideAnIdentifier(text, match.startIndex, match.endIndex + 1)) continue;
    if (spans.some((known) => known.start === span.start)) continue;
    spans.push(span);
    strong++;
  }
  const medium = collect(text, MEDIUM, spans);
  const mild = collect(text, MILD, spans);
  if (strong === 0 && medium === 0 && mild === 0) return NONE;
  spans.sort((a, b) => a.start - b.start);
  let score = strong > 0 ? (strong > 1 ? 0.85 : 0.7) : medium > 0 ? 0.6 : mild > 1 ? 0.5 : 0.4;
  if (DIRECTED.test(text)) score = 0.9;
  return { score, spans };
}

function collect(text: string, regex: RegExp, spans: ProfanitySpan[]): number {
  let count = 0;
  for (const match of text.matchAll(regex)) {
    if (
      spans.some((known) => match.index < known.end && known.start < match.index + match[0].length)
    )
      continue;
    spans.push({
      start: match.index,
      end: match.index + match[0].length,
      word: match[0].toLowerCase(),
    });
    count++;
  }
  return count;
}

function widenToWord(text: string, start: number, end: number): ProfanitySpan {
  let from = start;
  let to = end;
  while (from > 0 && /[\p{L}*@$#!1-9]/u.test(text.charAt(from - 1))) from--;
  while (to < text.length && /[\p{L}*]/u.test(text.charAt(to))) to++;
  return { start: from, end: to, word: text.slice(from, to).toLowerCase() };
}

// "Dick Smith", "Mrs Dickinson": a capitalised word in mid-sentence is a name.
function isMidSentenceProperNoun(text: string, start: number, word: string): boolean {
  if (!/^[A-Z][a-z]+$/.test(text.slice(start, start + word.length))) return false;
  const before = text.slice(0, start).trimEnd();
  return before.length > 0 && !/[.!?]$/.test(before);
}

// "455d", "a556" inside a UUID or a hex code read as leetspeak for a swear
// word; a token of hex digits with several digits, or one of a hyphenated
// chain of them, is an identifier.
function insideAnIdentifier(text: string, start: number, end: number): boolean {
  let from = start;
  let to = end;
  while (from > 0 && /[\p{L}\p{N}]/u.test(text.charAt(from - 1))) from--;
  while (to < text.length && /[\p{L}\p{N}]/u.test(text.charAt(to))) to++;
  const token = text.slice(from, to);
  const digits = (token.match(/\d/g) ?? []).length;
  const inAChain = /[0-9a-f]-$/i.test(text.slice(0, from)) || /^-[0-9a-f]/i.test(text.slice(to));
  return (
    /^[0-9a-f]+$/i.test(token) && (digits >= 3 || (digits >= 2 && token.length >= 4) || inAChain)
  );
}
