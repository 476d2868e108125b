import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { fixtureFile, loadSplit } from '../../../scripts/mediatorSplits.js';
import { evaluateMediator, type FixtureMessage } from '../../../server/mediation/local/evaluate.js';
import { formatEvaluation } from '../../../server/mediation/local/evaluateFormat.js';
import { LocalMediator } from '../../../server/mediation/local/localMediator.js';
import { PATTERNS, TOPICS } from '../../../server/mediation/types.js';

const fixture = loadSplit('train');
const dev = loadSplit('dev');

describe('mediator fixture', () => {
  it('has at least 300 labelled messages with the expected shape', () => {
    expect(fixture.length).toBeGreaterThanOrEqual(300);
    for (const message of [...fixture, ...dev]) {
      expect(['hostile', 'neutral']).toContain(message.label);
      expect(TOPICS).toContain(message.topic);
      for (const pattern of message.patterns) expect(PATTERNS).toContain(pattern);
      if (message.label === 'neutral') expect(message.patterns).toEqual([]);
      for (const fact of message.facts)
        expect(message.text.toLowerCase()).toContain(fact.toLowerCase());
    }
  });

  it('covers every pattern at least 20 times and has 100+ neutral logistics messages', () => {
    for (const pattern of PATTERNS) {
      expect(
        fixture.filter((message) => message.patterns.includes(pattern)).length,
      ).toBeGreaterThanOrEqual(20);
    }
    expect(
      fixture.filter((message) => message.category === 'logistics').length,
    ).toBeGreaterThanOrEqual(100);
  });

  it('has no duplicate messages, and none shared between train and dev', () => {
    const all = [...fixture, ...dev].map((message) => message.text);
    expect(new Set(all).size).toBe(all.length);
  });

  it('gives every hand-written hostile message a reference rewrite or marks it as a pure attack', () => {
    const handWritten = [...fixture, ...dev].filter(
      (m) => m.reference !== undefined || m.noSubstance,
    );
    expect(handWritten.length).toBeGreaterThanOrEqual(150);
    for (const message of handWritten) {
      expect(message.label).toBe('hostile');
      // An empty reference is the same as none (a pure attack has nothing to keep).
      const reference = message.reference?.trim() === '' ? undefined : message.reference;
      expect(message.noSubstance === true).toBe(reference === undefined);
      for (const fact of reference === undefined ? [] : message.facts)
        expect(message.reference?.toLowerCase()).toContain(fact.toLowerCase());
    }
  });
});

describe('evaluateMediator on the fixture', () => {
  const mediator = new LocalMediator();
  const report = evaluateMediator((input) => mediator.analyzeSync(input), fixture, 1);
  const first = JSON.parse(readFileSync(fixtureFile('train.json'), 'utf8')) as FixtureMessage[];
  const firstReport = evaluateMediator((input) => mediator.analyzeSync(input), first, 1);

  it('meets the quality targets on the first fixture', () => {
    const report = firstReport;
    expect(report.hostileRecall).toBeGreaterThanOrEqual(0.9);
    expect(report.neutralFalsePositiveRate).toBeLessThanOrEqual(0.05);
    expect(report.factsKeptRate).toBe(1);
    expect(report.reflagRate).toBeLessThanOrEqual(0.05);
  });

  it('reports precision and recall for every pattern', () => {
    expect(report.perPattern.map((score) => score.pattern)).toEqual([...PATTERNS]);
    for (const score of report.perPattern) {
      expect(score.precision).toBeGreaterThanOrEqual(0);
      expect(score.recall).toBeLessThanOrEqual(1);
    }
  });

  it('formats a readable report', () => {
    const text = formatEvaluation(report);
    expect(text).toMatch(/hostile recall/);
    expect(text).toMatch(/µs/);
  });
});
