import { describe, expect, it } from '@jest/globals';
import { loadSplit } from '../../../scripts/mediatorSplits.js';
import { detectPatterns } from '../../../server/mediation/local/patterns.js';
import { opensAtWord, ruleGate, wordGate } from '../../../server/mediation/local/ruleGate.js';

describe('ruleGate', () => {
  it('reads the opening words of a rule, optional letters dropped', () => {
    expect(ruleGate(String.raw`\byour (?:own )?fault\b`)).toEqual(['your ']);
    expect(ruleGate(String.raw`\b(?:good luck|have fun) explaining\b|\bcry ?baby\b`)).toEqual([
      'good luck',
      'have fun',
      'cry',
    ]);
    expect(ruleGate(String.raw`(?<!\b(?:do|did) )\b(?:you|you're) (?:always|never)\b`)).toEqual([
      'you',
      "you're",
    ]);
  });

  it('gives no gate when the opening cannot be read or would open on any text', () => {
    expect(ruleGate(String.raw`(?:^|[.!?]\s*)typical\b`)).toBeNull();
    expect(ruleGate(String.raw`\b(?:you|u) (?:always|never)\b`)).toBeNull();
    expect(ruleGate(String.raw`\b(?:the )?(?:kids|children)\b`)).toBeNull();
  });

  it('gates a rule with short opening words on word starts, only behind \\b', () => {
    expect(wordGate(String.raw`\b(?:you|u) (?:always|never)\b`)).toEqual(['you', 'u']);
    expect(wordGate(String.raw`(?<!\bdo )\b(?:you|u)\b`)).toEqual(['you', 'u']);
    expect(wordGate(String.raw`(?:you|u) (?:always|never)\b`)).toBeNull();
    expect(wordGate(String.raw`\b(?:you|u) x|(?:^|[.!?]\s*)typical\b`)).toBeNull();
    expect(opensAtWord('up we go', ['u'])).toBe(true);
    expect(opensAtWord('thank you', ['u'])).toBe(false);
    expect(opensAtWord('so. u', ['u'])).toBe(true);
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
