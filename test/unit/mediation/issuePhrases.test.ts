/**
 * The phrases of issue 12, each checked twice: what the analysis says
 * (held or not, which pattern) and what the first suggestion reads.
 */
import { describe, expect, it } from '@jest/globals';
import { evaluationInput } from '../../../server/mediation/local/evaluate.js';
import { analyzeDraft, LocalMediator } from '../../../server/mediation/local/localMediator.js';

const mediator = new LocalMediator();
const analyse = (text: string) => mediator.analyzeSync(evaluationInput(text));

describe('rewrites keep the message and drop only the attack', () => {
  const text = "You NEVER pay on time, you useless liar. Pay the $240 for Emma's braces by Friday.";

  it('holds it as an insult and blame', () => {
    const result = analyse(text);
    expect(result.action).toBe('intervene');
    expect(result.patterns).toEqual(expect.arrayContaining(['insult', 'blame']));
  });

  it('turns the order into a request with every fact, and nothing canned or pasted', () => {
    const [first, ...rest] = analyse(text).suggestions;
    expect(first).toBe("Could you please pay the $240 for Emma's braces by Friday?");
    for (const suggestion of [first, ...rest]) {
      expect(suggestion).not.toMatch(/For reference|sort this out|liar|NEVER/);
    }
  });

  it('cuts an insult that is the whole clause, with no glue words left behind', () => {
    // The chat page's sample: insult removal once left "You are and." in front.
    const result = analyse(
      "You are a useless idiot and a liar. Pay the $240 for Emma's braces by Friday.",
    );
    expect(result.action).toBe('intervene');
    expect(result.suggestions[0]).toBe(
      "Could you please pay the $240 for Emma's braces by Friday?",
    );
    for (const suggestion of result.suggestions) {
      expect(suggestion).not.toMatch(/\bYou are\b|\band\.|idiot|liar/);
    }
  });

  it('a dare becomes what the sender asks not to happen, never a request to do it', () => {
    // Found in test3's first run (docs/mediation.md): the consequence was cut
    // and the order before it was turned into "Could you please leave…?".
    const held = analyse(
      'Leave Kalinda waiting at 3:15 one more time and social services can hear how "busy" you are.',
    );
    expect(held.action).toBe('intervene');
    expect(held.suggestions[0]).toBe("Please don't leave Kalinda waiting at 3:15.");
    for (const suggestion of held.suggestions) {
      expect(suggestion).not.toMatch(/Could you please leave|social services|one more time/);
    }
  });

  it('an insult cut from the object never leaves a broken sentence', () => {
    // test3's first run: "Owning a watch is beyond like you."
    const held = analyse('Late again. Clearly owning a watch is beyond a halfwit like you.');
    expect(held.action).toBe('intervene');
    for (const suggestion of held.suggestions) {
      expect(suggestion).not.toMatch(/beyond|halfwit|like you/);
    }
  });

  it('never invents a topic for a pure insult', () => {
    const result = analyse('Pathetic.');
    expect(result.action).toBe('intervene');
    for (const suggestion of result.suggestions) {
      expect(suggestion).not.toMatch(/payment|schedule|expenses|school/i);
      expect(suggestion).toMatch(/\bI(?:'m|'d)?\b/);
    }
    expect(result.explanation).toMatch(/not sending/i);
  });
});

describe('hostility no rule used to name', () => {
  it('"this buffoon": an insult with no "you", the fact kept without the name-calling', () => {
    const result = analyse('This buffoon forgot the permission slip.');
    expect(result.action).toBe('intervene');
    expect(result.patterns).toContain('insult');
    expect(result.suggestions[0]).toBe('The permission slip got forgotten.');
  });

  it('"bunch of cowards": a pure insult gets an "I" statement', () => {
    const result = analyse('Bunch of cowards, all of you.');
    expect(result.action).toBe('intervene');
    expect(result.patterns).toContain('insult');
    expect(result.suggestions[0]).toMatch(/^I'm /);
    expect(result.suggestions[0]).not.toMatch(/coward/i);
  });

  it('"pathetic" on its own is held', () => {
    const result = analyse('Pathetic.');
    expect(result.patterns).toContain('insult');
    expect(result.suggestions[0]).not.toMatch(/pathetic/i);
  });

  it('mild profanity is held and cut, the information kept', () => {
    const result = analyse('What a damn mess, the car seat is still in your trunk.');
    expect(result.action).toBe('intervene');
    expect(result.patterns).toContain('profanity');
    expect(result.suggestions[0]).toBe('The car seat is still in your trunk.');
  });

  it('sarcasm without a keyword: "thanks for showing up on time for once"', () => {
    const result = analyse('Thanks for showing up on time for once.');
    expect(result.action).toBe('intervene');
    expect(result.patterns).toContain('contempt');
    expect(result.suggestions[0]).toBe('Thanks for showing up on time.');
    expect(result.suggestions[1]).toMatch(/^I'm /);
  });

  it('sarcasm without a keyword: "great, another Friday you can\'t make"', () => {
    const result = analyse("Great, another Friday you can't make.");
    expect(result.action).toBe('intervene');
    expect(result.patterns).toContain('contempt');
    expect(result.suggestions[0]).toBe("You can't make Friday.");
  });
});

describe('neutral phrases stay calm in context', () => {
  it.each([
    'You never know, she might like the new school.',
    "No one cares if we're late, take your time.",
    "Listen to me, you're doing a great job with her.",
    "Listen, I'm sorry about this morning.",
    'We got it at COSTCO and TARGET, not AMAZON.',
    'She wants the new LEGO set and an iPad from APPLE.',
    // Digits and hex ids are no one's words: no n-gram or leetspeak reading of them.
    'ann note 57 123456789',
    'Booking ref 3f2a9c1e-455d-4c1b-a55f-0e2b9d8f7a61',
    'Order 1a5fc53b-ecb0-40c6-a55f-c2d291a282ae is confirmed',
  ])('%p passes with no suggestion', (text) => {
    const result = analyse(text);
    expect(result.action).toBe('pass');
    expect(result.suggestions).toEqual([]);
    expect(result.patterns).not.toContain('shouting');
  });
});

describe('the draft meter agrees with the send', () => {
  it.each([
    'This buffoon forgot the permission slip.',
    'Thanks for showing up on time for once.',
    "No one cares if we're late, take your time.",
    'You never know, she might like the new school.',
  ])('%p: same risk in the meter as at send', (text) => {
    expect(analyzeDraft(text).risk).toBe(analyse(text).risk);
  });
});
