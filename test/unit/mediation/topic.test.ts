import { describe, expect, it } from '@jest/globals';
import { detectTopic } from '../../../server/mediation/local/topic.js';
import { normaliseForMatching } from '../../../server/mediation/local/text.js';
import type { Topic } from '../../../server/mediation/types.js';

const CASES: Array<[string, Topic]> = [
  ['Can we swap weekends? I can do the pickup on Sunday.', 'schedule'],
  ['Her teacher wants to meet about the homework.', 'school'],
  ['She has a fever and a cough, I called the doctor.', 'medical'],
  ['Your half of the bill is $45, I sent the receipt.', 'expenses'],
  ['Soccer practice moved to the north field.', 'activities'],
  ['Our flight leaves from the airport at 6, passports are packed.', 'travel'],
  ['Please make sure he wears a helmet and uses the booster seat.', 'safety'],
  ['Hope your week is going well.', 'general'],
];

describe('detectTopic', () => {
  it.each(CASES)('files %p under %s', (text, topic) => {
    expect(detectTopic(normaliseForMatching(text))).toBe(topic);
  });

  it('prefers the more specific topic on a tie', () => {
    // "school" and "fever" score one each: a sick child at school is medical.
    expect(detectTopic(normaliseForMatching('She has a fever at school.'))).toBe('medical');
  });
});
