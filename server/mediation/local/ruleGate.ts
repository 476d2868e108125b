/**
 * A cheap prefilter for the lexicon rules. Most rules open with a word or an
 * alternation of words (`\b(?:you|u|ya) …`), and a rule cannot match a text
 * that contains none of them. `ruleGate` reads those opening words from the
 * rule's own source once, at module load; detection then runs a rule's
 * regular expression only when one of them occurs in the text (a substring
 * test, a few nanoseconds) — most of the ~190 rules are skipped on any one
 * message. A rule whose opening cannot be read (an anchor, a character class,
 * an optional first word) gets no gate and always runs, so the gate never
 * changes a verdict: it is a superset test, and a unit test checks that gated
 * and ungated detection agree on every fixture message.
 */

/**
 * The literals one of which must occur in any text `source` matches, or null
 * when the opening of the expression cannot be read that way.
 */
export function ruleGate(source: string): string[] | null {
  const gates = new Set<string>();
  for (const branch of splitTopLevel(source)) {
    const prefixes = branchPrefixes(branch);
    if (prefixes === null) return null;
    for (const prefix of prefixes) gates.add(prefix);
  }
  // A gate that almost every text opens ("u", "a ") or that takes long to
  // test (a list of names) costs more than the rule; such rules always run.
  if (gates.size === 0 || gates.size > MAX_GATES) return null;
  for (const gate of gates) if (gate.trim().length < MIN_GATE) return null;
  return [...gates];
}

/**
 * For a rule `ruleGate` leaves ungated because its opening words are short
 * ("u", "ur"): the opening words when every alternative opens with `\b` and
 * a word character, so that one of them must occur at a word start (after a
 * non-word character, or at the start of the text). Null otherwise.
 */
export function wordGate(source: string): string[] | null {
  const gates = new Set<string>();
  for (const branch of splitTopLevel(source)) {
    if (!opensWithWordBoundary(branch)) return null;
    const prefixes = branchPrefixes(branch);
    if (prefixes === null) return null;
    for (const prefix of prefixes) {
      if (!/^[a-z0-9]/.test(prefix)) return null;
      gates.add(prefix);
    }
  }
  if (gates.size === 0 || gates.size > MAX_GATES) return null;
  return [...gates];
}

// True when a `\b` precedes the first literal of `branch` (lookarounds around it are zero-width).
function opensWithWordBoundary(branch: string): boolean {
  let at = 0;
  let boundary = false;
  for (;;) {
    if (branch.startsWith('\\b', at)) {
      boundary = true;
      at += 2;
    } else if (/^\(\?<?[!=]/.test(branch.slice(at, at + 4))) {
      const close = matchingParen(branch, at);
      if (close < 0) return false;
      at = close + 1;
    } else return boundary;
  }
}

/** True when one of `words` occurs in `text` at a word start (ASCII `\b`, as the rules use). */
export function opensAtWord(text: string, words: readonly string[]): boolean {
  for (const word of words) {
    for (let at = text.indexOf(word); at >= 0; at = text.indexOf(word, at + 1)) {
      if (at === 0 || !WORD_CHAR.test(text.charAt(at - 1))) return true;
    }
  }
  return false;
}
const WORD_CHAR = /[A-Za-z0-9_]/;

const MAX_GATES = 16;
const MIN_GATE = 3;

// The opening literals of one alternative (no top-level `|` inside).
function branchPrefixes(branch: string): string[] | null {
  let at = skipAssertions(branch, 0);
  if (at >= branch.length) return null;
  if (branch.startsWith('(?:', at)) {
    const close = matchingParen(branch, at);
    if (close < 0 || isQuantifier(branch[close + 1])) return null;
    const inner = branch.slice(at + 3, close);
    const parts = splitTopLevel(inner).map(branchPrefixes);
    if (parts.some((part) => part === null)) return null;
    return (parts as string[][]).flat();
  }
  let literal = '';
  for (; at < branch.length; at++) {
    const char = branch[at] ?? '';
    if (!LITERAL.test(char)) break;
    literal += char;
  }
  // "cry ?baby", "idiots?": the quantifier makes the last character optional.
  if (isQuantifier(branch[at])) literal = literal.slice(0, -1);
  return literal.trim().length >= 1 ? [literal] : null;
}

const LITERAL = /^[a-z0-9' ,-]$/;

function isQuantifier(char: string | undefined): boolean {
  return char === '?' || char === '*' || char === '+' || char === '{';
}

// Skips `\b`, `^`-free lookarounds and the like at the start of a branch.
function skipAssertions(text: string, start: number): number {
  let at = start;
  for (;;) {
    if (text.startsWith('\\b', at)) at += 2;
    else if (/^\(\?<?[!=]/.test(text.slice(at, at + 4))) {
      const close = matchingParen(text, at);
      if (close < 0) return text.length;
      at = close + 1;
    } else return at;
  }
}

// The index of the parenthesis closing the one at `open`, or -1.
function matchingParen(text: string, open: number): number {
  let depth = 0;
  let inClass = false;
  for (let i = open; i < text.length; i++) {
    const char = text[i];
    if (char === '\\') {
      i++;
      continue;
    }
    if (inClass) {
      if (char === ']') inClass = false;
      continue;
    }
    if (char === '[') inClass = true;
    else if (char === '(') depth++;
    else if (char === ')' && --depth === 0) return i;
  }
  return -1;
}

// Splits on the `|` that are not inside a group or a character class.
function splitTopLevel(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let inClass = false;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (char === '\\') {
      i++;
      continue;
    }
    if (inClass) {
      if (char === ']') inClass = false;
      continue;
    }
    if (char === '[') inClass = true;
    else if (char === '(') depth++;
    else if (char === ')') depth--;
    else if (char === '|' && depth === 0) {
      parts.push(text.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(text.slice(start));
  return parts;
}
