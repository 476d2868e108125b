import { describe, expect, it } from '@jest/globals';
import { evaluationInput } from '../../../server/mediation/local/evaluate.js';
import {
  analyzeDraft,
  INTERVENE_THRESHOLD,
  LocalMediator,
} from '../../../server/mediation/local/localMediator.js';
import type { MediationInput, TriggerHint } from '../../../server/mediation/types.js';

const mediator = new LocalMediator();
const withTriggers = (text: string, receiverTriggers: TriggerHint[]): MediationInput => ({
  ...evaluationInput(text),
  receiverTriggers,
});

describe('LocalMediator', () => {
  it('is named local and answers through the async contract', async () => {
    expect(mediator.name).toBe('local');
    const result = await mediator.analyze(
      evaluationInput('Can you pick up Emma at 3:30 on Friday?'),
    );
    expect(result).toMatchObject({
      action: 'pass',
      patterns: [],
      suggestions: [],
      topic: 'schedule',
    });
    expect(result.risk).toBeLessThan(INTERVENE_THRESHOLD);
  });

  it('holds a hostile message with risk, patterns, triggers, topic and a kind explanation', async () => {
    const result = await mediator.analyze(
      evaluationInput("You never pay on time. I'll see you in court over the $300."),
    );
    expect(result.action).toBe('intervene');
    expect(result.risk).toBeGreaterThanOrEqual(INTERVENE_THRESHOLD);
    expect(result.risk).toBeLessThanOrEqual(1);
    expect(result.patterns).toEqual(expect.arrayContaining(['blame', 'threat']));
    expect(result.triggers).toEqual(expect.arrayContaining(['you never', 'see you in court']));
    expect(result.topic).toBe('expenses');
    expect(result.explanation).toMatch(/This may read as blame \("you never"\)/);
    expect(result.explanation).toMatch(/\$300/);
    expect(result.explanation).not.toMatch(/you are (?:rude|wrong|bad)/i);
  });

  it('is deterministic: the same input gives the same output', () => {
    const input = evaluationInput('WHERE ARE YOU?! You said 5:30 and it is 6:10. Unbelievable.');
    const first = mediator.analyzeSync(input);
    for (let run = 0; run < 5; run++) expect(mediator.analyzeSync(input)).toEqual(first);
    expect(new LocalMediator().analyzeSync(input)).toEqual(first);
  });

  it('passes an empty message without suggestions', () => {
    expect(mediator.analyzeSync(evaluationInput('   '))).toMatchObject({
      action: 'pass',
      suggestions: [],
    });
  });

  it("raises the risk when the topic is one of the receiver's triggers", () => {
    const text = 'We need to talk about the child support payment.';
    const plain = mediator.analyzeSync(evaluationInput(text));
    const boosted = mediator.analyzeSync(
      withTriggers(text, [{ type: 'topic', value: 'expenses', intensity: 1 }]),
    );
    expect(boosted.risk).toBeCloseTo(plain.risk + 0.2, 5);
    expect(boosted.explanation).toMatch(/sensitive/);
  });

  it('raises the risk and reports the phrase when a trigger phrase appears', () => {
    const text = 'The new childminder picked them up today.';
    const plain = mediator.analyzeSync(evaluationInput(text));
    const boosted = mediator.analyzeSync(
      withTriggers(text, [{ type: 'phrase', value: 'New Childminder', intensity: 0.5 }]),
    );
    expect(boosted.risk).toBeCloseTo(plain.risk + 0.1, 5);
    expect(boosted.triggers).toContain('new childminder');
  });

  it('can tip a borderline message into an intervention', () => {
    const text = 'You need to sign the form by Friday.';
    const plain = mediator.analyzeSync(evaluationInput(text));
    expect(plain.action).toBe('pass');
    const hints: TriggerHint[] = [
      { type: 'topic', value: 'school', intensity: 0.8 },
      { type: 'pattern', value: 'demand', intensity: 1 },
    ];
    const boosted = mediator.analyzeSync(withTriggers(text, hints));
    expect(boosted.risk).toBeGreaterThan(plain.risk + 0.1);
    // A threshold between the two risks: the receiver's triggers decide.
    const between = new LocalMediator((plain.risk + boosted.risk) / 2);
    expect(between.analyzeSync(evaluationInput(text)).action).toBe('pass');
    expect(between.analyzeSync(withTriggers(text, hints)).action).toBe('intervene');
  });

  it('ignores triggers that do not match', () => {
    const text = 'Practice is at 5.';
    const hints: TriggerHint[] = [
      { type: 'topic', value: 'medical', intensity: 1 },
      { type: 'phrase', value: 'court', intensity: 1 },
    ];
    expect(mediator.analyzeSync(withTriggers(text, hints))).toEqual(
      mediator.analyzeSync(evaluationInput(text)),
    );
  });

  it('honours a custom threshold', () => {
    const text = 'You need to sign the form by Friday.';
    const risk = mediator.analyzeSync(evaluationInput(text)).risk;
    expect(mediator.analyzeSync(evaluationInput(text)).action).toBe('pass');
    const strict = new LocalMediator(risk);
    expect(strict.analyzeSync(evaluationInput(text)).action).toBe('intervene');
  });
});

describe('analyzeDraft', () => {
  it('gives the live meter a risk and the patterns, synchronously', () => {
    const draft = analyzeDraft('You ALWAYS forget, you idiot');
    expect(draft.risk).toBeGreaterThan(0.8);
    expect(draft.patterns).toEqual(expect.arrayContaining(['insult', 'blame']));
  });

  it('rises as a draft turns hostile', () => {
    const calm = analyzeDraft('Can you bring her jacket');
    const firm = analyzeDraft('You need to bring her jacket');
    const hostile = analyzeDraft('You need to bring her jacket NOW, idiot');
    expect(calm.risk).toBeLessThan(0.2);
    expect(firm.risk).toBeGreaterThan(calm.risk);
    expect(hostile.risk).toBeGreaterThan(firm.risk);
  });

  it('is cheap enough for every keystroke', () => {
    const text = 'Can you pick up Emma at 3:30 on Friday? I have a meeting until five.';
    analyzeDraft(text);
    const started = process.cpuUsage();
    for (let run = 0; run < 200; run++) analyzeDraft(text);
    const used = process.cpuUsage(started);
    // Generous bound: the target is ~0.1 ms; this only catches a pathological regression.
    expect((used.user + used.system) / 200).toBeLessThan(2000);
  });
});
