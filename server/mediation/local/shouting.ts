/**
 * Shouting: words in capitals and runs of exclamation marks. Acronyms that
 * co-parents type every day (ASAP, IEP, PTA, ER…) are not shouting.
 */

/** Acronyms written in capitals for a reason, not to raise the voice. */
export const ACRONYMS: ReadonlySet<string> = new Set(
  `ASAP IEP PTA PTO ER ENT ADHD ADD OCD ASD CPS DCFS GAL USA UK NYC LA DMV ID PDF FYI ETA RSVP YMCA YWCA CVS ICU MRI
  EKG COVID RSV OK TV PE AP SAT ACT GPA AM PM DDS MD OT PT TSA ESL STEM BBQ LOL OMG AKA PST EST CST MST NBA NFL IRS HSA
  FSA PPO HMO CPR EMT GPS DVD FAQ SUV PIN ATM USPS UPS DHL IKEA HBO KFC LEGO NASA ZOO II III IV VI EOB
  AMAZON APPLE COSTCO TARGET WALMART NETFLIX DISNEY NIKE XBOX IPAD IPHONE GOOGLE UBER LYFT JETBLUE DELTA
  NINTENDO ROBLOX MINECRAFT FORTNITE TIKTOK YOUTUBE SPOTIFY HULU ESPN AAA BMX STEAM DIY USB WIFI HDMI SPF`
    .split(/\s+/)
    .filter((word) => word.length > 0),
);

const CAPS_WORD = /\b[A-Z][A-Z']+\b/g;
// Two-letter words count only when they are ordinary words said loudly
// ("NO", "DO NOT"), never state codes or initials.
const SHOUTED_SHORT_WORDS: ReadonlySet<string> = new Set(
  'NO DO IS MY ME GO SO UP AT IN ON OF TO BE WE HE IT IF OR AN'.split(' '),
);
const LETTER_WORD = /\b[A-Za-z][A-Za-z']{2,}\b/g;
const EXCLAMATION_RUN = /(?:[!?]\s*){3,}|\?!|!\?/;
const LONG_EXCLAMATION_RUN = /!{5,}/;

/** Result of the shouting check. */
export interface ShoutingFinding {
  /** 0..1 from capitals alone. */
  capsScore: number;
  /** 0..1 from "!!!" alone; the caller raises it when another attack is present. */
  exclamationScore: number;
  /** Shouted stretches ("where are you") and "!!!", lower-cased, for the triggers. */
  phrases: string[];
}

/** Measures how loud a message is. */
export function findShouting(text: string): ShoutingFinding {
  const letterWords = text.match(LETTER_WORD)?.length ?? 0;
  // Consecutive shouted words make one phrase: a trigger is "where are you", not "where".
  const stretches: string[] = [];
  let caps = 0;
  let previousEnd = -2;
  for (const match of text.matchAll(CAPS_WORD)) {
    const word = match[0].replace(/'S$/, '');
    if (word.length < 3 && !SHOUTED_SHORT_WORDS.has(word)) continue;
    if (ACRONYMS.has(word)) continue;
    caps++;
    const adjacent = /^\s+$/.test(text.slice(previousEnd, match.index)) && stretches.length > 0;
    if (adjacent) stretches[stretches.length - 1] += ` ${word.toLowerCase()}`;
    else stretches.push(word.toLowerCase());
    previousEnd = match.index + match[0].length;
  }
  const ratio = letterWords === 0 ? 0 : caps / letterWords;
  let capsScore = 0;
  if (caps >= 4 || (caps >= 2 && ratio >= 0.6)) capsScore = 0.75;
  else if (caps >= 2 && ratio >= 0.25) capsScore = 0.6;
  else if (caps >= 1 && letterWords <= 2) capsScore = 0.55;
  else if (caps >= 2) capsScore = 0.5;
  else if (caps === 1) capsScore = 0.2;

  let exclamationScore = 0;
  const phrases = capsScore >= 0.35 ? stretches : [];
  if (LONG_EXCLAMATION_RUN.test(text)) exclamationScore = 0.4;
  else if (EXCLAMATION_RUN.test(text)) exclamationScore = 0.25;
  if (exclamationScore > 0) phrases.push('!!!');
  return { capsScore, exclamationScore, phrases };
}

/** True for a word written all in capitals that is not a known acronym. */
export function isShoutedWord(word: string): boolean {
  return word.length >= 2 && /^[A-Z']+$/.test(word) && /[A-Z]{2}/.test(word) && !ACRONYMS.has(word);
}
