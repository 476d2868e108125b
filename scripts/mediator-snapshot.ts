/**
 * Output snapshot of the local mediator, to prove a speed change leaves its
 * behaviour untouched: runs analyzeSync (two input shapes), the draft meter
 * and detectPatterns over every text of the labelled fixtures (never test2)
 * plus each text's typing prefixes, and prints the sha256 of the canonical JSON.
 *
 *   npx tsx scripts/mediator-snapshot.ts [--write out.json] [--check out.json]
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { analyzeDraft, detectPatterns, LocalMediator } from '../server/mediation/local/index.js';
import type { MediationInput } from '../server/mediation/types.js';

const FIXTURES = ['train', 'extra', 'extra2', 'dev', 'test'].map((name) =>
  path.join('test', 'fixtures', 'mediator', `${name}.json`),
);
const EXTRA_FIXTURE = path.join('test', 'fixtures', 'mediator-messages.json');

function texts(): string[] {
  const all: string[] = [];
  for (const file of [...FIXTURES, EXTRA_FIXTURE]) {
    if (!existsSync(file)) {
      console.error(`(absent: ${file})`);
      continue;
    }
    const rows = JSON.parse(readFileSync(file, 'utf8')) as Array<{ text: string } | string>;
    for (const row of rows) all.push(typeof row === 'string' ? row : row.text);
  }
  return all;
}

// What the draft meter sees while the sender types: a few prefixes per text.
function prefixes(text: string): string[] {
  const cuts = [Math.floor(text.length / 3), Math.floor(text.length / 2), text.length - 1];
  return [...new Set(cuts.filter((n) => n > 0).map((n) => text.slice(0, n)))];
}

function benchInput(text: string): MediationInput {
  return {
    text,
    sender: { id: 1, displayName: 'Alex' },
    receiver: { id: 2, displayName: 'Sam' },
    room: { id: '00000000-0000-4000-8000-000000000001' },
    recentMessages: [
      { senderId: 2, text: 'Can we talk about the weekend schedule?' },
      { senderId: 1, text: 'Sure, what works for you?' },
    ],
    senderTriggers: [],
    receiverTriggers: [
      { type: 'topic', value: 'expenses', intensity: 0.6 },
      { type: 'phrase', value: 'as usual', intensity: 0.5 },
      { type: 'pattern', value: 'blame', intensity: 0.7 },
    ],
  };
}

function bareInput(text: string): MediationInput {
  return {
    text,
    sender: { id: 1, displayName: 'Alex' },
    receiver: null,
    room: { id: '00000000-0000-4000-8000-000000000002' },
    recentMessages: [],
    senderTriggers: [],
    receiverTriggers: [],
  };
}

// Sorted keys so the hash depends on values only.
function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort())
      out[key] = canonical((value as Record<string, unknown>)[key]);
    return out;
  }
  return value;
}

const mediator = new LocalMediator();
const rows = texts().map((text) => ({
  text,
  bench: mediator.analyzeSync(benchInput(text)),
  bare: mediator.analyzeSync(bareInput(text)),
  draft: analyzeDraft(text),
  patterns: detectPatterns(text),
  rulesOnly: detectPatterns(text, { scorer: false }),
  typing: prefixes(text).map((p) => [p, analyzeDraft(p), mediator.analyzeSync(bareInput(p))]),
}));
const json = JSON.stringify(canonical(rows));
const sha = createHash('sha256').update(json).digest('hex');
console.log(`${rows.length} texts, sha256 ${sha}`);
const arg = (flag: string) => {
  const i = process.argv.indexOf(flag);
  return i >= 0 ? process.argv[i + 1] : undefined;
};
const out = arg('--write');
if (out) writeFileSync(out, json);
const against = arg('--check');
if (against) {
  const before = readFileSync(against, 'utf8');
  if (before !== json) {
    const old = JSON.parse(before) as unknown[];
    const now = JSON.parse(json) as unknown[];
    const diff = now.findIndex((row, i) => JSON.stringify(row) !== JSON.stringify(old[i]));
    console.error(`DIFFERENT from ${against}; first at row ${diff}:`);
    console.error(JSON.stringify(old[diff]));
    console.error(JSON.stringify(now[diff]));
    process.exit(1);
  }
  console.log(`identical to ${against}`);
}
