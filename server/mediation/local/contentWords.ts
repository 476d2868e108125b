/**
 * Content words: what a message is about once the glue words are gone.
 * The evaluation measures "content kept" with them (share of a reference
 * rewrite's content words found in a suggestion), and the suggestion keeper
 * uses the same measure to refuse a rewrite that dropped the sender's point.
 */

// Function words, courtesy words and the words a rewrite adds or drops by
// design ("could you please", "I", "thanks") carry no content of their own.
const STOPWORDS: ReadonlySet<string> = new Set(
  `a an the and or but so if then than too very just also to of for in on at by with from about as into over
  is are was were be been being am do does did done have has had having will would could can should may might must
  shall i me my mine we us our you your yours he him his she her hers they them their it its this that these those
  there here what when where who whom which why how not no yes ok okay please thanks thank let know get got
  im i'm i'd i'll i've you're you'll you'd you've it's that's don't can't won't didn't isn't aren't wasn't
  up out all any some more most much many again still even really well now oh hi hey`
    .split(/\s+/)
    .filter((word) => word.length > 0),
);

const TOKEN = /[\p{L}\p{N}$][\p{L}\p{N}$'’.:,]*[\p{L}\p{N}]|[\p{L}\p{N}]/gu;

/** The distinct content words of `text`, lower-cased, possessives dropped. */
export function contentWords(text: string): Set<string> {
  const words = new Set<string>();
  for (const match of text.toLowerCase().matchAll(TOKEN)) {
    const word = match[0]
      .replace(/[’]/g, "'")
      .replace(/'s$/, '')
      .replace(/[.,:]+$/, '');
    if (word.length === 0 || STOPWORDS.has(word)) continue;
    if (word.length < 2 && !/\d/.test(word)) continue;
    words.add(word);
  }
  return words;
}

/**
 * Share (0..1) of `reference`'s content words that `candidate` contains;
 * 1 when the reference has none.
 */
export function contentKept(reference: string, candidate: string): number {
  const wanted = contentWords(reference);
  if (wanted.size === 0) return 1;
  const have = contentWords(candidate);
  let kept = 0;
  for (const word of wanted) if (have.has(word)) kept++;
  return kept / wanted.size;
}
