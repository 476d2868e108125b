import { describe, expect, it } from '@jest/globals';
import { intensityStep, styleOf, toneOf, triggersOf } from '../../../server/mediation/learning.js';
import type { MediationResult } from '../../../server/mediation/types.js';

const flagged: MediationResult = {
  action: 'intervene',
  risk: 0.8,
  patterns: ['insult', 'blame'],
  triggers: ['You Idiot', 'you never', 'you idiot', '  '],
  suggestions: ['Could we talk?'],
  topic: 'expenses',
  explanation: '',
};

describe('triggersOf', () => {
  it('learns patterns, distinct lower-cased phrases, and the topic replied to', () => {
    expect(triggersOf(flagged, 'expenses')).toEqual([
      { type: 'pattern', value: 'insult' },
      { type: 'pattern', value: 'blame' },
      { type: 'phrase', value: 'you idiot' },
      { type: 'phrase', value: 'you never' },
      { type: 'topic', value: 'expenses' },
    ]);
    expect(triggersOf(flagged, null).some((t) => t.type === 'topic')).toBe(false);
  });

  it('raises intensity more for blatant messages', () => {
    expect(intensityStep(0)).toBe(0.05);
    expect(intensityStep(1)).toBe(0.15);
    expect(intensityStep(0.5)).toBe(0.1);
    expect(intensityStep(7)).toBe(0.15);
  });
});

describe('styleOf', () => {
  it('reads tone, emoji use and vocabulary from recent messages', () => {
    expect(toneOf('You are a useless idiot!')).toBe('hostile');
    expect(toneOf('Thanks for picking her up')).toBe('warm');
    expect(toneOf('Pickup is at 5pm.')).toBe('neutral');
    expect(styleOf(['Thanks so much 😊', 'Great, see you 👍', 'Pickup is at 5pm.', 'OK'])).toEqual({
      tones: ['neutral', 'warm'],
      emojiUsage: 'frequent',
      vocabulary: 'simple',
    });
    expect(styleOf(['Pickup is at 5pm.']).emojiUsage).toBe('none');
    expect(
      styleOf(['Considering the orthodontist’s recommendation, rescheduling seems reasonable.'])
        .vocabulary,
    ).toBe('complex');
  });
});
