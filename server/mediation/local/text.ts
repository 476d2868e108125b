/**
 * Small text helpers shared by detection, fact extraction and rewriting.
 * They are pure and allocation-light because they run on every keystroke of
 * the live meter.
 */

const CURLY_APOSTROPHES = /[\u2018\u2019\u02bc`]/g;
const CURLY_QUOTES = /[\u201c\u201d]/g;
const SPACES = /\s+/g;

/**
 * The form every lexicon rule is written against: straight apostrophes,
 * single spaces, lower case. Length may shrink (whitespace), so never use
 * indices from it on the original text.
 */
export function normaliseForMatching(text: string): string {
  return straightenQuotes(text)
    .replace(SPACES, ' ')
    .trim()
    .toLowerCase()
    .replace(TEXTING, (word: string) => TEXTING_FORMS[word] ?? word);
}

// Phone spellings, so that every rule also reads "u didnt" as "you didn't".
const TEXTING_FORMS: Record<string, string> = {
  u: 'you',
  r: 'are',
  ya: 'you',
  dont: "don't",
  didnt: "didn't",
  cant: "can't",
  isnt: "isn't",
  arent: "aren't",
  wasnt: "wasn't",
  werent: "weren't",
  doesnt: "doesn't",
  havent: "haven't",
  hasnt: "hasn't",
  wouldnt: "wouldn't",
  couldnt: "couldn't",
  shouldnt: "shouldn't",
  youre: "you're",
  youll: "you'll",
  youve: "you've",
  youd: "you'd",
  im: "i'm",
  ive: "i've",
  thats: "that's",
  whats: "what's",
  theyre: "they're",
  wont: "won't",
};
const TEXTING = new RegExp(String.raw`\b(?:${Object.keys(TEXTING_FORMS).join('|')})\b(?!')`, 'g');

/** Straightens typographic apostrophes and quotes, keeping the length. */
export function straightenQuotes(text: string): string {
  return text.replace(CURLY_APOSTROPHES, "'").replace(CURLY_QUOTES, '"');
}

// A sentence ends at ., ! or ? followed by a space, except after a title or
// abbreviation ("Dr. Chen", "3 p.m. pickup").
const SENTENCE_END =
  /(?<!\b(?:Dr|Mr|Mrs|Ms|Mx|St|Jr|Sr|vs|etc|approx|No|[ap]\.m|[A-Z]))([.!?]+)\s+|\n+/g;
// A clause break inside a sentence: ";", " - ", a comma, or an "and" / "but"
// that starts a new subject or order ("… and you were late", "… and sign the form").
const CLAUSE_BREAK =
  /\s*(?:;|\s[-–—]\s|,?\s+(?:and|but|so)\s+(?=(?:you|u|i|i'm|i'll|she|he|they|we|it|this|that|if|sign|send|pay|bring|call|text|give|return|pick|drop|get|take|tell|let|show)\b)|,\s+)\s*/i;

/** Splits text into sentences, each keeping its closing punctuation. */
export function splitSentences(text: string): string[] {
  const sentences: string[] = [];
  let from = 0;
  for (const match of text.matchAll(SENTENCE_END)) {
    const end = match.index + (match[1]?.length ?? 0);
    const sentence = text.slice(from, end).trim();
    if (sentence.length > 0) sentences.push(sentence);
    from = match.index + match[0].length;
  }
  const rest = text.slice(from).trim();
  if (rest.length > 0) sentences.push(rest);
  return sentences;
}

/** Splits one sentence into clauses that can be kept or dropped separately. */
export function splitClauses(sentence: string): string[] {
  return sentence
    .split(CLAUSE_BREAK)
    .map((clause) => clause.trim().replace(/^(?:and|but|so|or)\s+/i, ''))
    .filter((clause) => clause.length > 0);
}

/** Upper-cases the first letter. */
export function capitaliseFirst(text: string): string {
  const first = text.charAt(0);
  return first.toUpperCase() + text.slice(1);
}

/** True when `needle` occurs in `haystack` with no letter or digit glued to either end. */
export function containsWhole(haystack: string, needle: string): boolean {
  if (needle.length === 0) return true;
  const lowerHaystack = haystack.toLowerCase();
  const lowerNeedle = needle.toLowerCase();
  let from = 0;
  for (;;) {
    const at = lowerHaystack.indexOf(lowerNeedle, from);
    if (at < 0) return false;
    const before = at > 0 ? lowerHaystack.charAt(at - 1) : ' ';
    const after = lowerHaystack.charAt(at + lowerNeedle.length) || ' ';
    if (!isAlphanumeric(before) && !isAlphanumeric(after)) return true;
    from = at + 1;
  }
}

function isAlphanumeric(char: string): boolean {
  return /[\p{L}\p{N}]/u.test(char);
}
