import { describe, expect, it } from '@jest/globals';
import { loadSplit } from '../../../scripts/mediatorSplits.js';
import { detectPatterns } from '../../../server/mediation/local/patterns.js';
import { LiteralScanner, passes } from '../../../server/mediation/local/literalScan.js';
import { ruleGate, type GateLiteral } from '../../../server/mediation/local/ruleGate.js';

// The gate's literals as "[text]", with "\\b" where the rule demands a word edge.
function shown(gate: readonly GateLiteral[] | null): string[] | null {
  return gate === null
    ? null
    : gate.map((l) => `${l.wordStart ? '\\b' : ''}${l.text}${l.wordEnd ? '\\b' : ''}`).sort();
}

describe('ruleGate', () => {
  it('reads the literals every match contains, optional letters dropped, cut to 8 characters', () => {
    expect(shown(ruleGate(String.raw`\byour (?:own )?fault\b`))).toEqual([
      '\\byour fau',
      '\\byour own',
    ]);
    expect(shown(ruleGate(String.raw`\bmy (?:own )?fault\b`))).toEqual([
      '\\bmy fault\\b',
      '\\bmy own f',
    ]);
    expect(
      shown(ruleGate(String.raw`\b(?:good luck|have fun) explaining\b|\bcry ?baby\b`)),
    ).toEqual(['\\bcry baby\\b', '\\bcrybaby\\b', '\\bgood luc', '\\bhave fun']);
    expect(
      shown(ruleGate(String.raw`(?<!\b(?:do|did) )\b(?:you|you're) (?:always|never)\b`)),
    ).toEqual(['\\byou alwa', '\\byou neve', "\\byou're a", "\\byou're n"]);
  });

  it('finds a literal past an opening it cannot read', () => {
    expect(shown(ruleGate(String.raw`(?:^|[.!?]\s*)typical\b`))).toEqual(['typical\\b']);
    expect(shown(ruleGate(String.raw`\b(?:the kids|[a-z]+) deserves? better\b`))).toEqual([
      ' deserve',
    ]);
    expect(shown(ruleGate(String.raw`\b\w+ (?:is|was) \w+ again\b`))).toEqual([' again\\b']);
  });

  it('gives no gate when some match needs no literal, or it cannot read the rule', () => {
    expect(ruleGate(String.raw`\b(?:the )?(?:kids|children)|\w+ \w+\b`)).toBeNull();
    expect(ruleGate(String.raw`(?:^|[.!?]\s*)(?:ha+|lol)[.!]`)).toBeNull();
    expect(ruleGate(String.raw`\b(\w+) \1\b`)).toBeNull();
    expect(ruleGate(String.raw`\bu\b|[a-z]{3}`)).toBeNull();
  });

  it('keeps word edges: a one-letter word gates only where it stands alone', () => {
    const gate = ruleGate(String.raw`\b(?:u|ya) (?:always|never)\b|\bu\b`);
    expect(shown(gate)).toEqual([
      '\\bu always\\b',
      '\\bu never\\b',
      '\\bu\\b',
      '\\bya alway',
      '\\bya never\\b',
    ]);
    const scanner = new LiteralScanner([gate]);
    const compiled = scanner.compiled[0];
    if (!compiled) throw new Error('expected a gate');
    expect(passes(compiled, scanner.scan('thank you, up we go'))).toBe(false);
    expect(passes(compiled, scanner.scan('so. u'))).toBe(true);
    expect(passes(compiled, scanner.scan('and ya never call'))).toBe(true);
    for (const text of ['thank you, up we go', 'so. u', 'and ya never call', 'u'])
      expect(scanner.openGates(text)[0] === 1).toBe(passes(compiled, scanner.scan(text)));
  });

  it('never changes what the rules find, on every labelled message and reference', () => {
    const texts = [...loadSplit('train'), ...loadSplit('dev'), ...loadSplit('test')].flatMap(
      (message) => [message.text, ...(message.reference ? [message.reference] : [])],
    );
    expect(texts.length).toBeGreaterThan(1500);
    for (const text of texts) {
      expect(detectPatterns(text, { scorer: false })).toEqual(
        detectPatterns(text, { scorer: false, gate: false }),
      );
    }
  });
});
