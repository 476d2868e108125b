import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import {
  analyzeDraft,
  draftReadingOf,
  LocalMediator,
} from '../../../server/mediation/local/index.js';
import {
  intensityStep,
  sampleOf,
  styleOf,
  toneOf,
  triggersOf,
} from '../../../server/mediation/learning.js';
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

describe('the send’s own reading of a text', () => {
  // Style learning measures a delivered message on the reading the send's
  // mediation already made: it must be exactly what analyzeDraft says, with
  // the receiver's triggers and the conversation around it changing nothing.
  const texts = (
    JSON.parse(readFileSync('test/fixtures/mediator/train.json', 'utf8')) as { text: string }[]
  ).map((m) => m.text);
  const mediator = new LocalMediator();

  it('is analyzeDraft’s, for every training text, whatever the context', () => {
    expect(texts.length).toBeGreaterThan(300);
    for (const [i, text] of texts.entries()) {
      const verdict = mediator.analyzeSync({
        text,
        sender: { id: 1, displayName: 'Ann' },
        receiver: { id: 2, displayName: 'Bob' },
        room: { id: 'r' },
        recentMessages: [{ senderId: 2, text: texts[(i + 1) % texts.length]! }],
        senderTriggers: [],
        receiverTriggers: [
          { type: 'topic', value: 'expenses', intensity: 1 },
          { type: 'pattern', value: 'blame', intensity: 1 },
          { type: 'phrase', value: 'you never', intensity: 1 },
        ],
      });
      const reading = draftReadingOf(verdict);
      expect(reading).toEqual(analyzeDraft(text));
      expect(sampleOf(text, reading)).toEqual(sampleOf(text));
    }
  });

  it('is unknown for a result the local mediator did not make', () => {
    expect(
      draftReadingOf({ ...mediator.analyzeSync(evaluationLike('Pickup at 5')) }),
    ).toBeUndefined();
  });
});

function evaluationLike(text: string) {
  return {
    text,
    sender: { id: 1, displayName: 'Ann' },
    receiver: null,
    room: { id: 'r' },
    recentMessages: [],
    senderTriggers: [],
    receiverTriggers: [],
  };
}
