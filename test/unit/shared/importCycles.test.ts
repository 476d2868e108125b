/**
 * The server's modules import one another without cycles (issue 15: the
 * container → messaging → hub → io → container loop made the wiring order
 * matter and hid forward references). Type-only imports count too: they
 * are what pulled io.ts, and with it the container, into the hub.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from '@jest/globals';

/** Every relative import of every .ts file under `root`, resolved to files. */
function importGraph(root: string): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const file = path.join(dir, name);
      if (statSync(file).isDirectory()) walk(file);
      else if (file.endsWith('.ts')) {
        const source = readFileSync(file, 'utf8');
        const targets = [...source.matchAll(/(?:import|export)\s[^'";]*?from\s+'(\.[^']+)'/g)]
          .map((m) => path.resolve(path.dirname(file), m[1]!).replace(/\.js$/, '.ts'))
          .filter((target) => existsSync(target));
        graph.set(path.resolve(file), targets);
      }
    }
  };
  walk(root);
  return graph;
}

/** The strongly connected components with more than one file (Tarjan). */
function cycles(graph: Map<string, string[]>): string[][] {
  let next = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const visit = (v: string) => {
    index.set(v, next);
    low.set(v, next);
    next += 1;
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        component.push(path.relative(process.cwd(), w));
      } while (w !== v);
      if (component.length > 1) found.push(component.sort());
    }
  };
  for (const v of graph.keys()) if (!index.has(v)) visit(v);
  return found;
}

describe('server/ imports', () => {
  it('form no cycle', () => {
    const graph = importGraph('server');
    expect(graph.size).toBeGreaterThan(50);
    expect(cycles(graph)).toEqual([]);
  });

  it('the check does find a cycle when there is one', () => {
    const a = path.resolve('a.ts');
    const b = path.resolve('b.ts');
    expect(
      cycles(
        new Map([
          [a, [b]],
          [b, [a]],
        ]),
      ),
    ).toEqual([['a.ts', 'b.ts']]);
  });
});
