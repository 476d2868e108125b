import { describe, expect, it } from '@jest/globals';
import { titleFor } from '../../../server/threads/titles.js';

describe('titleFor', () => {
  it('titles a thread from the first words of its first message', () => {
    expect(titleFor("Can we move Friday's pickup to 5pm at the school?", 'schedule')).toBe(
      "Can we move Friday's pickup to 5pm…",
    );
    expect(
      titleFor(
        "Hi Bob, Emma has a doctor's appointment on Tuesday at 3:30pm. Can you go?",
        'medical',
      ),
    ).toBe("Emma has a doctor's appointment on Tuesday…");
    expect(titleFor('hey - what time is pickup tomorrow?', 'schedule')).toBe(
      'What time is pickup tomorrow',
    );
  });

  it('falls back to the category when the message says too little', () => {
    expect(titleFor('ok', 'schedule')).toBe('Schedule');
    expect(titleFor('Thanks!!', 'general')).toBe('General');
    expect(titleFor('👍', 'medical')).toBe('Medical');
  });
});
