import { describe, expect, it } from '@jest/globals';
import { loadSplit } from '../../../scripts/mediatorSplits.js';
import { evaluationInput } from '../../../server/mediation/local/evaluate.js';
import { LocalMediator } from '../../../server/mediation/local/localMediator.js';
import {
  detectPatterns,
  detectRules,
  withDetectionMemo,
  type DetectOptions,
} from '../../../server/mediation/local/patterns.js';

// The option sets the rewriter checks one text with, in an order that makes
// a later check find what an earlier one left in the memo.
const CHECKS: DetectOptions[] = [
  { profanity: false, only: new Set(['insult', 'demand']) },
  { profanity: false },
  {},
  { scorer: false },
  { profanity: false, only: new Set(['threat', 'blame', 'contempt', 'demand']) },
];

describe('withDetectionMemo', () => {
  const texts = loadSplit('train').map((message) => message.text);

  it('gives every check of a text the answer it gets alone, whatever was checked before', () => {
    expect(texts.length).toBeGreaterThan(300);
    for (const text of texts.slice(0, 200)) {
      const alone = CHECKS.map((options) => detectPatterns(text, options));
      const remembered = withDetectionMemo(() =>
        CHECKS.map((options) => detectPatterns(text, options)),
      );
      expect(remembered).toEqual(alone);
    }
  });

  it('keeps a rules-only verdict free of a scorer run on the same text', () => {
    const text = 'You are such a moron, pay the $240 by Friday.';
    withDetectionMemo(() => {
      detectPatterns(text);
      const rules = detectRules(text).analysis;
      expect(rules.scorer).toBe(0);
      expect(rules.risk).toBe(rules.ruleRisk);
    });
  });

  it('leaves the mediator answers unchanged (each message is analysed under a memo)', () => {
    const mediator = new LocalMediator();
    for (const text of texts.slice(0, 120)) {
      const result = mediator.analyzeSync(evaluationInput(text));
      const again = mediator.analyzeSync(evaluationInput(text));
      expect(again).toEqual(result);
      expect(result.risk).toBe(detectPatterns(text).risk);
    }
  });
});
