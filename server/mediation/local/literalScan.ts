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
  private readonly ids = new Map<string, number>();
  private readonly lengths: number[] = [];
  // The trie: edges per node, failure links, and the literal ids ending at each node.
  private readonly edges: Array<Map<number, number>> = [new Map<number, number>()];
  private fail = new Int32Array(1);
  private outputs: number[][] = [[]];

  /** Builds the automaton for the gates' literals; returns each gate compiled (null stays null). */
  constructor(gates: ReadonlyArray<readonly GateLiteral[] | null>) {
    for (const gate of gates) for (const literal of gate ?? []) this.add(literal.text);
    this.link();
    this.compiled = gates.map((gate) => (gate === null ? null : this.compile(gate)));
  }

  /** The gates given to the constructor, compiled, in the same order. */
  readonly compiled: ReadonlyArray<CompiledGate | null>;

  /** What occurs in `text`: flags per literal id, for `passes`. */
  scan(text: string): Uint8Array {
    const found = new Uint8Array(this.lengths.length);
    const { edges, fail, outputs, lengths } = this;
    let node = 0;
    for (let at = 0; at < text.length; at++) {
      const code = text.charCodeAt(at);
      let next = edges[node]?.get(code);
      while (next === undefined && node !== 0) {
        node = fail[node] ?? 0;
        next = edges[node]?.get(code);
      }
      node = next ?? 0;
      const ids = outputs[node] ?? [];
      for (const id of ids) {
        const start = at - (lengths[id] ?? 0) + 1;
        const startsWord = start === 0 || !isWordChar(text.charCodeAt(start - 1));
        const endsWord = at + 1 === text.length || !isWordChar(text.charCodeAt(at + 1));
        found[id] =
          (found[id] ?? 0) |
          ANY |
          (startsWord ? STARTS_WORD : 0) |
          (endsWord ? ENDS_WORD : 0) |
          (startsWord && endsWord ? WHOLE_WORD : 0);
      }
    }
    return found;
  }

  private add(text: string): void {
    if (this.ids.has(text)) return;
    let node = 0;
    for (let i = 0; i < text.length; i++) {
      const code = text.charCodeAt(i);
      const edges = this.edges[node] ?? new Map<number, number>();
      let next = edges.get(code);
      if (next === undefined) {
        next = this.edges.length;
        edges.set(code, next);
        this.edges.push(new Map<number, number>());
        this.outputs.push([]);
      }
      node = next;
    }
    const id = this.lengths.length;
    this.ids.set(text, id);
    this.lengths.push(text.length);
    this.outputs[node]?.push(id);
  }

  // Failure links, breadth first; each node also reports what its failure node reports.
  private link(): void {
    this.fail = new Int32Array(this.edges.length);
    const queue: number[] = [...(this.edges[0]?.values() ?? [])];
    for (let head = 0; head < queue.length; head++) {
      const node = queue[head] ?? 0;
      for (const [code, child] of this.edges[node] ?? []) {
        let fallback = this.fail[node] ?? 0;
        let target = this.edges[fallback]?.get(code);
        while (target === undefined && fallback !== 0) {
          fallback = this.fail[fallback] ?? 0;
          target = this.edges[fallback]?.get(code);
        }
        const link = target !== undefined && target !== child ? target : 0;
        this.fail[child] = link;
        this.outputs[child] = [...(this.outputs[child] ?? []), ...(this.outputs[link] ?? [])];
        queue.push(child);
      }
    }
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

/** True when `found` (from `scan`) holds one of the gate's literals as it needs to. */
export function passes(gate: CompiledGate, found: Uint8Array): boolean {
  const { ids, needs } = gate;
  for (let i = 0; i < ids.length; i++)
    if (((found[ids[i] ?? 0] ?? 0) & (needs[i] ?? 0)) !== 0) return true;
  return false;
}
