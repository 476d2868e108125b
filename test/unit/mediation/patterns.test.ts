import { describe, expect, it } from '@jest/globals';
import {
  analyzeDraft,
  INTERVENE_THRESHOLD,
} from '../../../server/mediation/local/localMediator.js';
import { detectPatterns } from '../../../server/mediation/local/patterns.js';
import type { Pattern } from '../../../server/mediation/types.js';

// Examples written for these tests, not copied from the evaluation fixture.
const EXAMPLES: Record<Pattern, string[]> = {
  insult: [
    'You are such a moron sometimes.',
    "Honestly you're the most selfish person I know.",
    'What a joke of a father.',
    "You're a deadbeat and everyone knows it.",
  ],
  blame: [
    'You never think ahead, so the trip is ruined.',
    "It's all your fault that she missed the bus.",
    'Because of you the deposit is gone.',
    'You were late yet again on Sunday.',
  ],
  threat: [
    "I'll take you to court over this.",
    'See you in court.',
    'I will get full custody, just watch.',
    'My lawyer will be in touch about the school fees.',
    'Pay by Friday or else.',
    "You'll regret this.",
  ],
  contempt: [
    'Wow, thanks a lot for nothing.',
    'Of course you forgot the snacks.',
    'Nice job forgetting her birthday again.',
    'Whatever. Do what you like.',
    'Sure you were busy. 🙄',
  ],
  shouting: [
    'WHERE IS HER JACKET',
    'I TOLD YOU SUNDAY NOT MONDAY',
    'Answer me!!! This is urgent!!!',
  ],
  profanity: ['This is bullshit.', 'What the fuck were you doing?', 'Stop being such an asshole.'],
  demand: [
    'You need to send the money right now.',
    'I demand an answer.',
    'Return her phone now.',
    'You will have them back by 5, end of discussion.',
  ],
  child_as_messenger: [
    'Tell your dad he owes me for the cleats.',
    'Ask your mother why she is always late.',
    'Let your father know the trip is off.',
    'I told Noah to tell you about the new schedule.',
  ],
};

describe('pattern detection', () => {
  for (const [pattern, texts] of Object.entries(EXAMPLES) as Array<[Pattern, string[]]>) {
    it.each(texts)(`detects ${pattern} in %p`, (text) => {
      const analysis = detectPatterns(text);
      expect(analysis.patterns).toContain(pattern);
      expect(analysis.phrases[pattern]?.length ?? 0).toBeGreaterThan(0);
    });
  }

  it('holds every example above the intervention threshold', () => {
    const all = Object.values(EXAMPLES).flat();
    const passed = all.filter((text) => detectPatterns(text).risk < INTERVENE_THRESHOLD);
    expect(passed).toEqual([]);
  });

  it('reports phrases lower-cased', () => {
    const analysis = detectPatterns('You ALWAYS forget. See You In Court.');
    for (const phrase of Object.values(analysis.phrases).flat())
      expect(phrase).toBe(phrase.toLowerCase());
  });

  it('reads texting spellings like the full words', () => {
    expect(detectPatterns('u never pay on time').patterns).toContain('blame');
    expect(detectPatterns('ur such an idiot').patterns).toContain('insult');
  });

  it('treats joyful capitals and "!!!" as excitement, not shouting', () => {
    expect(detectPatterns('She made the team!!! SO PROUD of her').patterns).not.toContain(
      'shouting',
    );
    expect(detectPatterns('You idiot!!!').patterns).toContain('shouting');
  });

  it('does not count acronyms as shouting', () => {
    expect(
      detectPatterns('The IEP meeting is at the YMCA, call the ER if needed').patterns,
    ).toEqual([]);
  });

  it('does not treat clinical words or names as profanity', () => {
    expect(detectPatterns('The sex ed class is on Monday.').patterns).toEqual([]);
    expect(detectPatterns('Her coach, Mr Dickson, called.').patterns).toEqual([]);
  });
});

describe('hard cases that must pass', () => {
  const HARD = [
    'my head hurts',
    'the court date is the 5th',
    'Can you pick up Emma at 3:30 on Friday?',
    "I'm worried about her fever",
    "the lawyer's office called about the paperwork",
    'My lawyer will send the signed agreement to yours on Monday.',
    'You never know, she might like the new school.',
    'You always make the best lunches, thank you.',
    'Do you always take the highway?',
    'Whatever works for you on Saturday is fine.',
    'Tell your mom thanks for the cookies.',
    'Great job on the science fair, Liam!',
    'Thanks a lot for picking them up early.',
    'I will keep them until 7 since your flight is late.',
    'Call me ASAP if her temperature goes up.',
  ];

  it.each(HARD)('passes %p', (text) => {
    const draft = analyzeDraft(text);
    expect(draft.risk).toBeLessThan(INTERVENE_THRESHOLD);
    expect(draft.patterns).not.toContain('threat');
    expect(draft.patterns).not.toContain('insult');
  });
});
