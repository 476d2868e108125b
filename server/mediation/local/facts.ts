/**
 * Fact extraction: the details a rewrite must keep word for word — dates,
 * weekdays, times, money, names and places, phone numbers and other numbers.
 * A calmer message that lost "3:30" or "$120" would be worse than the
 * original, so the rewriter checks every suggestion against this list.
 */
import { COMMON_FIRST_NAMES, NAME_TITLES, NEVER_A_NAME, SENTENCE_STARTERS } from './names.js';
import { containsWhole, straightenQuotes } from './text.js';

/** What kind of detail a fact is. */
export type FactKind =
  | 'phone'
  | 'money'
  | 'date'
  | 'time'
  | 'weekday'
  | 'relative_day'
  | 'place'
  | 'name'
  | 'number'
  | 'thing';

/** One detail of a message, as written in it. */
export interface Fact {
  kind: FactKind;
  text: string;
  /** Offset in the original text; facts are returned in reading order. */
  start: number;
}

const MONTH = String.raw`(?:January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)`;
const PLACE_NOUN = String.raw`(?:park|library|mall|pool|gym|rink|field|fields|hospital|clinic|station|airport|church|daycare|house|apartment|office|store|restaurant|pharmacy|school|gas station|parking lot|rec center|community center|ice rink|bowling alley|dentist|doctor's|pediatrician's|courthouse|police station|train station|bus station)`;

const THINGS = `maths test|math test|spelling test|science test|reading log|school trip|field trip|trip form|permission slip|parents'? evening|parent-teacher conference|sports day|school play|nativity|recital|concert|assembly|uniform|pe kit|swim kit|football kit|kit|lunch money|packed lunch|ballet|swimming|swim lessons?|football|rugby|cricket|tennis|karate|judo|gymnastics|piano|guitar|violin|cubs|scouts|brownies|tutor|tutoring|therapy|therapist|counselling|counseling|physio|dentist|orthodontist|braces|optician|glasses|inhaler|antibiotics|medicine|calpol|nits|rash|cream|eczema|asthma|allergy|epipen|vaccinations?|handovers?|pick-?up|drop-?off|bedtime|curfew|passport|car seat|booster seat|birthday party|sleepover|half term|christening|wedding|funeral|child maintenance|maintenance|child support|nursery fees|childminder|nursery|daycare|after-school club|breakfast club|summer camp|homework|exams?|report card|school report|grades`;

const CURRENCY_CODES =
  'USD|EUR|GBP|AED|SAR|NGN|GHS|ZAR|KES|INR|PKR|PLN|SEK|NOK|DKK|CHF|JPY|TRY|CAD|AUD|NZD';

// Earlier entries win when two candidates overlap ("$12" is money, not a number).
const FACT_PATTERNS: ReadonlyArray<readonly [FactKind, RegExp]> = [
  ['phone', /\b\d{3}[-.\s]\d{3}[-.\s]\d{4}\b/g],
  [
    'money',
    // Any currency sign (₹, ¥, ₦, ₺…), a currency written before the amount
    // ("R1,800", "AED 300") or after it ("600 zł", "200 kr").
    new RegExp(
      String.raw`(?:\p{Sc}|\b(?:R|kr|${CURRENCY_CODES})\s?)\d(?:[\d,]*\d)?(?:\.\d{1,2})?k?|\b\d(?:[\d,]*\d)?(?:\.\d{1,2})?\s?(?:dollars|bucks|euros|pounds|rand|naira|cedis|rupees|yen|lira|kr|zł|złoty|zloty|dirhams?|riyals?|${CURRENCY_CODES})(?!\p{L})`,
      'giu',
    ),
  ],
  [
    'date',
    new RegExp(
      String.raw`\b${MONTH}\.?\s+\d{1,2}(?:st|nd|rd|th)?(?:,?\s+\d{4})?\b|\b\d{1,2}(?:st|nd|rd|th)?\s+(?:of\s+)?${MONTH}\b|\b\d{1,2}\/\d{1,2}(?:\/\d{2,4})?\b|\b\d{4}-\d{2}-\d{2}\b`,
      'g',
    ),
  ],
  [
    'time',
    /\b(?:[01]?\d|2[0-3]):[0-5]\d(?:\s?[ap]\.?m\.?)?(?!\w)|\b(?:1[0-2]|0?[1-9])\s?[ap]\.?m\.?(?![a-z])|\b\d{1,2} o'clock\b|\b(?:noon|midnight)\b/gi,
  ],
  ['date', /\b\d{1,2}(?:st|nd|rd|th)\b/gi],
  ['weekday', /\b(?:mon|tues|wednes|thurs|fri|satur|sun)days?\b/gi],
  [
    'date',
    /\b(?:spring|winter|summer|fall|christmas|easter|thanksgiving|mid-?term|half-?term) (?:break|vacation|holidays?)\b/gi,
  ],
  [
    'date',
    /\b(?:January|February|March|April|June|July|August|September|October|November|December)\b/g,
  ],
  [
    'relative_day',
    /\b(?:today|tonight|tomorrow|yesterday|this (?:morning|afternoon|evening|weekend)|next (?:week(?:end)?|month|year)|last (?:night|week(?:end)?))\b/gi,
  ],
  [
    'place',
    /\b\d+\s+(?:[A-Z][a-z]+\s+){1,3}(?:St|Street|Ave|Avenue|Rd|Road|Blvd|Boulevard|Lane|Ln|Drive|Way|Court|Ct|Place|Pl)\b\.?/g,
  ],
  [
    'place',
    new RegExp(
      String.raw`\b(?:at|to|from|near|outside|behind|in front of) (?:the|my|your|her|his|their|our) ${PLACE_NOUN}\b`,
      'gi',
    ),
  ],
  // "Year 6", "Grade 5", "Room 12": the number is part of the name.
  ['name', /\b[A-Z][a-z]+ \d{1,3}\b(?![:.,]?\d)/g],
  // "two weeks", "3 days": a duration reads wrong without its number.
  [
    'number',
    /\b(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|a couple of|a few) (?:more )?(?:minutes?|hours?|days?|nights?|weeks?|weekends?|months?|years?)\b/gi,
  ],
  ['number', /\b\d+(?:[.,]\d+)?\b/g],
  // The things of a child's week a rewrite must not lose ("the maths test",
  // "ballet", "the inhaler"), written in lower case and so no name.
  ['thing', new RegExp(String.raw`\b(?:${THINGS})\b`, 'gi')],
];

// Letters of any script: "Kraków" and "Joaquín" are names too.
const CAPITALISED_WORD =
  /(?<![\p{L}\p{N}])(?:(?:Dr|Mr|Mrs|Ms|Mx)\.\s)?\p{Lu}\p{Ll}+(?:-\p{Lu}\p{Ll}+)*(?:'s)?(?![\p{L}\p{N}])/gu;
// Nouns that start sentences as subjects without naming anyone.
const COMMON_NOUN =
  /^(?:School|Court|Work|Lunch|Dinner|Breakfast|Practice|Training|Class|Homework|Traffic|Everyone|Mum|Mom|Dad|Daddy|Mummy|Mommy|Grandma|Grandpa|Nana|Papa|Baby|Nobody|Someone|Money|Rent|Time|Life|Bedtime)$/;
// A word that follows a subject: "Jonah says…", "Marta has been…" name a
// person even at the start of a sentence; "Aleksander, tell…" calls one.
const AFTER_A_NAME =
  /^(?:\s+(?:is|was|has|had|says|said|told|tells|wants|wanted|needs|needed|will|would|can|could|should|got|gets|keeps|kept|came|comes|cried|asked|asks|called|texted|went|goes|left|loves|hates|seems|looks|feels|felt|might|may|must|does|did|thinks|knows|isn't|wasn't|doesn't|didn't|won't|can't|hasn't|just|and|finishes|starts|missed|forgot|refuses|refused|woke|fell|broke|lost|won|scored|passed|failed|has)\b|,\s+(?:tell|ask|please|can you|could you)\b)/;
// Words that end a run of capitals: "Friday Emma" is a weekday and a name.
const RUN_BREAKER =
  /^(?:(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)days?|January|February|March|April|May|June|July|August|September|October|November|December)$/;

/** Extracts every fact from `text`, in reading order, each once. */
export function extractFacts(text: string): Fact[] {
  const source = straightenQuotes(text);
  const taken: Fact[] = [];
  for (const [kind, regex] of FACT_PATTERNS) {
    for (const match of source.matchAll(regex)) {
      addIfFree(taken, {
        kind,
        text: match[0].trim().replace(/^(?:at|to|from|near|outside|behind|in front of) /i, ''),
        start: match.index,
      });
    }
  }
  for (const run of capitalisedRuns(source)) {
    const name = nameFrom(source, run.start, run.text);
    if (name !== null) addIfFree(taken, name);
  }
  taken.sort((a, b) => a.start - b.start);
  const seen = new Set<string>();
  return taken.filter((fact) => {
    const key = fact.text.toLowerCase();
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** The facts not found (case-insensitively, as whole words) in `candidate`. */
export function missingFacts(facts: readonly Fact[], candidate: string): Fact[] {
  const straight = straightenQuotes(candidate);
  return facts.filter((fact) => !containsWhole(straight, fact.text));
}

function addIfFree(taken: Fact[], fact: Fact): void {
  const end = fact.start + fact.text.length;
  const overlaps = taken.some(
    (other) => fact.start < other.start + other.text.length && other.start < end,
  );
  if (!overlaps && fact.text.length > 0) taken.push(fact);
}

// Groups capitalised words that follow each other ("Lincoln Elementary").
function capitalisedRuns(source: string): Array<{ start: number; text: string }> {
  const runs: Array<{ start: number; text: string }> = [];
  let current: { start: number; text: string } | null = null;
  for (const match of source.matchAll(CAPITALISED_WORD)) {
    const word = match[0];
    if (RUN_BREAKER.test(word.replace(/'s$/, ''))) {
      current = null;
      continue;
    }
    const gap =
      current === null ? '' : source.slice(current.start + current.text.length, match.index);
    if (current !== null && gap === ' ' && !current.text.endsWith("'s")) {
      current.text += ' ' + word;
    } else {
      current = { start: match.index, text: word };
      runs.push(current);
    }
  }
  return runs;
}

// Turns a run of capitalised words into a name fact, dropping a leading word
// that only carries the capital because it starts a sentence.
function nameFrom(source: string, start: number, run: string): Fact | null {
  let words = run.split(/\s+/);
  let offset = start;
  const first = words[0] ?? '';
  const after = source.slice(start + run.length, start + run.length + 20);
  if (atSentenceStart(source, start) && !looksLikeNameAtStart(first, words[1], after)) {
    offset +=
      first.length +
      (source.slice(start + first.length).length -
        source.slice(start + first.length).trimStart().length);
    words = words.slice(1);
  }
  words = words.filter((word, index) => index > 0 || !NEVER_A_NAME.has(word.replace(/'s$/, '')));
  if (words.length === 0) return null;
  if (words.length === 1 && NAME_TITLES.has(words[0] ?? '')) return null;
  const text = words.join(' ').replace(/'s$/, '');
  if (NEVER_A_NAME.has(text)) return null;
  return { kind: 'name', text, start: source.indexOf(words[0] ?? '', offset) };
}

// "Emma has…", "Lincoln Elementary…", "Dr. Chen…" are names; "Now Chloe…" and
// "Tell Noah…" only start with a capital because the sentence does.
function looksLikeNameAtStart(word: string, next: string | undefined, after: string): boolean {
  const bare = word.replace(/'s$/, '');
  if (NEVER_A_NAME.has(bare) || SENTENCE_STARTERS.has(bare)) return false;
  if (COMMON_FIRST_NAMES.has(bare) || NAME_TITLES.has(bare.replace(/\.$/, ''))) return true;
  if (next === undefined)
    return word.endsWith("'s") || (!COMMON_NOUN.test(bare) && AFTER_A_NAME.test(after));
  return !COMMON_FIRST_NAMES.has(next.replace(/'s$/, ''));
}

function atSentenceStart(source: string, start: number): boolean {
  const before = source.slice(Math.max(0, start - 4), start).trimEnd();
  return before.length === 0 || /[.!?:"(\n]$/.test(before) || /^\s*$/.test(source.slice(0, start));
}
