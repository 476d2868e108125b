/**
 * Finds, in one pass over a text, which of many literals occur in it and
 * whether an occurrence starts or ends a word (Aho–Corasick). Detection asks
 * it once per text for every rule's gate literals (ruleGate.ts) instead of
 * testing each rule's words one by one.
 */
import { isWordChar, type GateLiteral } from './ruleGate.js';

/** Occurrence flags per literal: any occurrence, one starting a word, ending one, both. */
const ANY = 1;
const STARTS_WORD = 2;
const ENDS_WORD = 4;
const WHOLE_WORD = 8;

/** A gate compiled against a scanner: literal ids and the flag each needs. */
export interface CompiledGate {
  readonly ids: Int32Array;
  readonly needs: Uint8Array;
}

/** An automaton over a fixed set of literals, built once. */
export class LiteralScanner {
  /** The gates given to the constructor, compiled, in the same order. */
  readonly compiled: ReadonlyArray<CompiledGate | null>;
  private readonly ids = new Map<string, number>();
  private readonly lengths: number[] = [];
  // Characters that occur in some literal get a class 1..; all others are 0.
  private readonly classOf = new Uint8Array(65536);
  private readonly classes: number;
  // The automaton as a table: next node = moves[node * classes + class].
  private readonly moves: Int32Array;
  // The literal ids that end at a node: outputIds[outputStart[node] .. outputStart[node + 1]).
  private readonly outputStart: Int32Array;
  private readonly outputIds: Int32Array;
  // Per literal id: the gates it can open, as pairs (gate index, flag needed).
  private readonly postings: number[][] = [];
  // Per gate: 1 for a null gate (always open), else 0; copied for each text.
  private readonly closed: number[];
  private readonly scratch: Uint8Array;

  /** Builds the automaton for the gates' literals; `compiled` holds each gate (null stays null). */
  constructor(gates: ReadonlyArray<readonly GateLiteral[] | null>) {
    let classes = 1;
    for (const gate of gates)
      for (const { text } of gate ?? [])
        for (let i = 0; i < text.length; i++) {
          const code = text.charCodeAt(i);
          if (this.classOf[code] === 0) this.classOf[code] = classes++;
        }
    this.classes = classes;
    const trie = new Trie();
    for (const gate of gates) for (const literal of gate ?? []) this.add(trie, literal.text);
    const built = trie.build(classes);
    this.moves = built.moves;
    this.outputStart = built.outputStart;
    this.outputIds = built.outputIds;
    this.compiled = gates.map((gate) => (gate === null ? null : this.compile(gate)));
    this.scratch = new Uint8Array(this.lengths.length);
    this.closed = this.compiled.map((gate) => (gate === null ? 1 : 0));
    this.compiled.forEach((gate, index) => {
      if (gate !== null)
        gate.ids.forEach((id, i) => {
          const posting = this.postings[id] ?? (this.postings[id] = []);
          posting.push(index, gate.needs[i] ?? 0);
        });
    });
  }

  /** What occurs in `text`: flags per literal id, for `passes`. */
  scan(text: string): Uint8Array {
    const found = new Uint8Array(this.lengths.length);
    this.read(text, found, []);
    return found;
  }

  /**
   * Which gates `text` opens, by index in the constructor's list: 1 when one
   * of the gate's literals occurs as it needs to (or the gate is null), else 0.
   * The same answer as `passes` for each gate, from the literals found only.
   */
  openGates(text: string): number[] {
    const open = this.closed.slice();
    // One scratch table for every scan (detection is synchronous), cleared
    // after use: a fresh typed array per text costs more than the scan.
    const found = this.scratch;
    const hits: number[] = [];
    this.read(text, found, hits);
    for (const id of hits) {
      const flags = found[id] ?? 0;
      found[id] = 0;
      const posting = this.postings[id] ?? [];
      for (let i = 0; i < posting.length; i += 2)
        if ((flags & (posting[i + 1] ?? 0)) !== 0) open[posting[i] ?? 0] = 1;
    }
    return open;
  }

  // Fills `found` with each literal's occurrence flags, and `hits` with the literals found.
  private read(text: string, found: Uint8Array, hits: number[]): void {
    const { moves, classOf, classes, outputStart, outputIds, lengths } = this;
    let node = 0;
    for (let at = 0; at < text.length; at++) {
      node = moves[node * classes + (classOf[text.charCodeAt(at)] ?? 0)] ?? 0;
      const last = outputStart[node + 1] ?? 0;
      for (let out = outputStart[node] ?? 0; out < last; out++) {
        const id = outputIds[out] ?? 0;
        const start = at - (lengths[id] ?? 0) + 1;
        const startsWord = start === 0 || !isWordChar(text.charCodeAt(start - 1));
        const endsWord = at + 1 === text.length || !isWordChar(text.charCodeAt(at + 1));
        const before = found[id] ?? 0;
        if (before === 0) hits.push(id);
        found[id] =
          before |
          ANY |
          (startsWord ? STARTS_WORD : 0) |
          (endsWord ? ENDS_WORD : 0) |
          (startsWord && endsWord ? WHOLE_WORD : 0);
      }
    }
  }

  private add(trie: Trie, text: string): void {
    if (this.ids.has(text)) return;
    const id = this.lengths.length;
    this.ids.set(text, id);
    this.lengths.push(text.length);
    trie.insert(
      Array.from(text, (_char, i) => this.classOf[text.charCodeAt(i)] ?? 0),
      id,
    );
  }

  private compile(gate: readonly GateLiteral[]): CompiledGate {
    const ids = new Int32Array(gate.length);
    const needs = new Uint8Array(gate.length);
    gate.forEach((literal, index) => {
      ids[index] = this.ids.get(literal.text) ?? -1;
      needs[index] =
        literal.wordStart && literal.wordEnd
          ? WHOLE_WORD
          : literal.wordStart
            ? STARTS_WORD
            : literal.wordEnd
              ? ENDS_WORD
              : ANY;
    });
    return { ids, needs };
  }
}

// The Aho–Corasick construction: a trie of character classes, then failure
// links breadth first, folded into a full move table.
class Trie {
  private readonly edges: Array<Map<number, number>> = [new Map<number, number>()];
  private readonly outputs: number[][] = [[]];

  insert(classes: readonly number[], id: number): void {
    let node = 0;
    for (const cls of classes) {
      const edges = this.edges[node] ?? new Map<number, number>();
      let next = edges.get(cls);
      if (next === undefined) {
        next = this.edges.length;
        edges.set(cls, next);
        this.edges.push(new Map<number, number>());
        this.outputs.push([]);
      }
      node = next;
    }
    this.outputs[node]?.push(id);
  }

  build(classes: number): { moves: Int32Array; outputStart: Int32Array; outputIds: Int32Array } {
    const count = this.edges.length;
    const moves = new Int32Array(count * classes);
    const fail = new Int32Array(count);
    const queue: number[] = [0];
    for (let head = 0; head < queue.length; head++) {
      const node = queue[head] ?? 0;
      const edges = this.edges[node] ?? new Map<number, number>();
      for (let cls = 1; cls < classes; cls++) {
        const child = edges.get(cls);
        const fallback = node === 0 ? 0 : (moves[(fail[node] ?? 0) * classes + cls] ?? 0);
        if (child === undefined) {
          moves[node * classes + cls] = fallback;
          continue;
        }
        moves[node * classes + cls] = child;
        fail[child] = fallback;
        // A node also reports what its failure node reports (built earlier: breadth first).
        this.outputs[child] = [...(this.outputs[child] ?? []), ...(this.outputs[fallback] ?? [])];
        queue.push(child);
      }
    }
    const outputStart = new Int32Array(count + 1);
    const flat: number[] = [];
    for (let node = 0; node < count; node++) {
      outputStart[node] = flat.length;
      flat.push(...(this.outputs[node] ?? []));
    }
    outputStart[count] = flat.length;
    return { moves, outputStart, outputIds: Int32Array.from(flat) };
  }
}

/** True when `found` (from `scan`) holds one of the gate's literals as it needs to. */
export function passes(gate: CompiledGate, found: Uint8Array): boolean {
  const { ids, needs } = gate;
  for (let i = 0; i < ids.length; i++)
    if (((found[ids[i] ?? 0] ?? 0) & (needs[i] ?? 0)) !== 0) return true;
  return false;
}
