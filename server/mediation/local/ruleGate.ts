/**
 * A cheap prefilter for the lexicon rules. `ruleGate` reads, once at module
 * load, a set of literals from a rule's own source such that every text the
 * rule matches contains one of them — anywhere, not only at the opening
 * ("\b(?:the kids|[a-z]+) deserves? …" needs " deserve"). Detection finds all
 * the rules' literals in one pass over the text (literalScan.ts) and runs a
 * rule's regular expression only when one of its literals is there; most of
 * the ~180 rules are skipped on any one message.
 *
 * The reading is conservative: an expression it cannot read (a back
 * reference, an escape it does not know) or that has no literal every match
 * must contain gets no gate and always runs. So the gate never changes a
 * verdict: it is a superset test, and a unit test checks that gated and
 * ungated detection agree on every fixture message.
 */

/** A literal a text must contain for a rule to match. */
export interface GateLiteral {
  readonly text: string;
  /** The rule puts `\b` before it (and it opens with a word character): it starts a word. */
  readonly wordStart: boolean;
  /** The rule puts `\b` after it (and it ends with a word character): it ends a word. */
  readonly wordEnd: boolean;
}

/**
 * The literals one of which occurs in any text `source` (no flags) matches,
 * or null when no such set can be read.
 */
export function ruleGate(source: string): GateLiteral[] | null {
  let info: Info;
  try {
    const reader = { source, at: 0 };
    info = readAlternation(reader);
    if (reader.at !== source.length) return null;
  } catch (error) {
    if (error instanceof Unreadable) return null;
    throw error;
  }
  const pieces = gateOf(info);
  if (pieces === null) return null;
  const literals = new Map<string, GateLiteral>();
  for (const piece of pieces) {
    // A literal's first few characters are just as required and nearly as
    // rare; cutting them keeps the automaton small ("you're always …").
    const text = piece.text.slice(0, MAX_LITERAL);
    const literal: GateLiteral = {
      text,
      wordStart: piece.boundaryBefore && isWordChar(text.charCodeAt(0)),
      wordEnd:
        text === piece.text && piece.boundaryAfter && isWordChar(text.charCodeAt(text.length - 1)),
    };
    // A single character that need not stand alone is in almost every text.
    if (literal.text.length < 2 && !(literal.wordStart && literal.wordEnd)) return null;
    literals.set(`${literal.wordStart ? 1 : 0}${literal.wordEnd ? 1 : 0}${literal.text}`, literal);
  }
  if (literals.size > MAX_GATES) return null;
  return [...literals.values()];
}

/** `\w` as JavaScript's `\b` reads it (no `u` flag): ASCII letters, digits, "_". */
export function isWordChar(code: number): boolean {
  return (
    (code >= 97 && code <= 122) ||
    (code >= 65 && code <= 90) ||
    (code >= 48 && code <= 57) ||
    code === 95
  );
}

// One string a part of an expression can match, and whether a `\b` stands
// right before or after it inside that part.
interface Piece {
  text: string;
  boundaryBefore: boolean;
  boundaryAfter: boolean;
}

// What is known of a part: every string it matches (when few), and a set of
// pieces one of which occurs in every match (null: none known).
interface Info {
  exact: Piece[] | null;
  required: Piece[] | null;
}

interface Reader {
  source: string;
  at: number;
}

class Unreadable extends Error {}

const MAX_EXACT = 256;
const MAX_GATES = 1024;
const MAX_LITERAL = 8;
const EMPTY: Piece = { text: '', boundaryBefore: false, boundaryAfter: false };
const ZERO_WIDTH: Info = { exact: [EMPTY], required: null };
const BOUNDARY: Info = {
  exact: [{ text: '', boundaryBefore: true, boundaryAfter: true }],
  required: null,
};
const ANYTHING: Info = { exact: null, required: null };

// The pieces a part guarantees: its exact strings when none is empty, else its required set.
function gateOf(info: Info): Piece[] | null {
  if (info.exact !== null) return info.exact.some((piece) => piece.text === '') ? null : info.exact;
  return info.required;
}

function readAlternation(reader: Reader): Info {
  const branches = [readSequence(reader)];
  while (reader.source[reader.at] === '|') {
    reader.at++;
    branches.push(readSequence(reader));
  }
  if (branches.length === 1) return branches[0] ?? ANYTHING;
  const exacts = branches.map((branch) => branch.exact);
  const exact = allKnown(exacts) ? union(exacts.flat()) : null;
  const gates = branches.map(gateOf);
  const required = allKnown(gates) ? union(gates.flat()) : null;
  return { exact: exact !== null && exact.length <= MAX_EXACT ? exact : null, required };
}

function allKnown(sets: ReadonlyArray<Piece[] | null>): sets is Piece[][] {
  return sets.every((pieces) => pieces !== null);
}

function readSequence(reader: Reader): Info {
  const candidates: Piece[][] = [];
  let run: Piece[] = [EMPTY];
  let whole = true; // every element exact, and their product small
  const closeRun = (): void => {
    if (run.every((piece) => piece.text !== '')) candidates.push(run);
    run = [EMPTY];
  };
  for (;;) {
    const char = reader.source[reader.at];
    if (char === undefined || char === '|' || char === ')') break;
    const element = readQuantified(reader);
    if (element.exact === null) {
      whole = false;
      closeRun();
      if (element.required !== null) candidates.push(element.required);
      continue;
    }
    if (run.length * element.exact.length > MAX_EXACT) {
      whole = false;
      closeRun();
    }
    run = product(run, element.exact);
  }
  if (whole) return { exact: run, required: null };
  closeRun();
  return { exact: null, required: best(candidates) };
}

// The candidate most likely to be absent from a text: longest shortest piece, then fewest pieces.
function best(candidates: readonly Piece[][]): Piece[] | null {
  let chosen: Piece[] | null = null;
  let chosenScore = -1;
  for (const pieces of candidates) {
    const shortest = Math.min(...pieces.map((piece) => piece.text.length));
    const score = Math.min(shortest, MAX_LITERAL) * 10000 - pieces.length;
    if (score > chosenScore) {
      chosen = pieces;
      chosenScore = score;
    }
  }
  return chosen;
}

function product(left: readonly Piece[], right: readonly Piece[]): Piece[] {
  const pieces: Piece[] = [];
  for (const a of left)
    for (const b of right)
      pieces.push({
        text: a.text + b.text,
        boundaryBefore: a.text === '' ? a.boundaryBefore || b.boundaryBefore : a.boundaryBefore,
        boundaryAfter: b.text === '' ? a.boundaryAfter || b.boundaryAfter : b.boundaryAfter,
      });
  return union(pieces);
}

function union(pieces: readonly Piece[]): Piece[] {
  const seen = new Map<string, Piece>();
  for (const piece of pieces)
    seen.set(`${piece.boundaryBefore ? 1 : 0}${piece.boundaryAfter ? 1 : 0}${piece.text}`, piece);
  return [...seen.values()];
}

const QUANTIFIER = /^(?:([?*+])|\{(\d+)(?:(,)(\d*))?\})\??/;

function readQuantified(reader: Reader): Info {
  const atom = readAtom(reader);
  const quantifier = QUANTIFIER.exec(reader.source.slice(reader.at, reader.at + 12));
  if (quantifier === null) return atom;
  reader.at += quantifier[0].length;
  const [, symbol, min, comma, max] = quantifier;
  const least = symbol === '+' ? 1 : symbol !== undefined ? 0 : Number(min);
  const most =
    symbol === '?'
      ? 1
      : symbol !== undefined
        ? Infinity
        : comma === undefined
          ? least
          : max === ''
            ? Infinity
            : Number(max);
  if (least === 0) {
    const exact = most === 1 && atom.exact !== null ? union([...atom.exact, EMPTY]) : null;
    return { exact, required: null };
  }
  if (most === 1) return atom;
  return { exact: null, required: gateOf(atom) };
}

function readAtom(reader: Reader): Info {
  const { source } = reader;
  const char = source[reader.at] ?? '';
  reader.at++;
  if (char === '(') {
    let lookaround = false;
    if (source.startsWith('?:', reader.at)) reader.at += 2;
    else if (/^\?<?[=!]/.test(source.slice(reader.at, reader.at + 3))) {
      lookaround = true;
      reader.at += source[reader.at + 1] === '<' ? 3 : 2;
    } else if (source[reader.at] === '?') throw new Unreadable();
    const inner = readAlternation(reader);
    if (source[reader.at] !== ')') throw new Unreadable();
    reader.at++;
    return lookaround ? ZERO_WIDTH : inner;
  }
  if (char === '[') return readClass(reader);
  if (char === '\\') return readEscape(reader);
  if (char === '.') return ANYTHING;
  if (char === '^' || char === '$') return ZERO_WIDTH;
  if ('*+?{}]|)'.includes(char) || char === '') throw new Unreadable();
  return literal(char);
}

function literal(text: string): Info {
  return { exact: [{ text, boundaryBefore: false, boundaryAfter: false }], required: null };
}

const CLASS_ESCAPES = 'dDwWsS';
const CONTROL_ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r', f: '\f', v: '\v' };

function readEscape(reader: Reader): Info {
  const char = reader.source[reader.at] ?? '';
  reader.at++;
  if (char === 'b') return BOUNDARY;
  if (char === 'B') return ZERO_WIDTH;
  if (CLASS_ESCAPES.includes(char)) return ANYTHING;
  const control = CONTROL_ESCAPES[char];
  if (control !== undefined) return literal(control);
  if (char !== '' && !/[A-Za-z0-9_]/.test(char)) return literal(char);
  throw new Unreadable();
}

// A short class of plain characters ("[.!?]") is a few one-letter strings;
// anything else (a range, a negation, an escape) matches too much to use.
function readClass(reader: Reader): Info {
  const { source } = reader;
  const chars: string[] = [];
  let plain = source[reader.at] !== '^';
  for (;;) {
    const char = source[reader.at];
    if (char === undefined) throw new Unreadable();
    reader.at++;
    if (char === ']') break;
    if (char === '\\') {
      const escaped = source[reader.at] ?? '';
      reader.at++;
      if (/[A-Za-z0-9_]/.test(escaped)) plain = false;
      else chars.push(escaped);
    } else if (char === '-' && chars.length > 0 && source[reader.at] !== ']') plain = false;
    else chars.push(char);
  }
  if (!plain || chars.length === 0 || chars.length > 8) return ANYTHING;
  return {
    exact: union(chars.map((text) => ({ text, boundaryBefore: false, boundaryAfter: false }))),
    required: null,
  };
}
