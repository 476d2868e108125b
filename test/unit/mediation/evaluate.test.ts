import { readFileSync } from 'node:fs';
import { describe, expect, it } from '@jest/globals';
import {
  evaluateMediator,
  formatEvaluation,
  type FixtureMessage,
} from '../../../server/mediation/local/evaluate.js';
import { LocalMediator } from '../../../server/mediation/local/localMediator.js';
import { PATTERNS, TOPICS } from '../../../server/mediation/types.js';

const fixture = JSON.parse(
  readFileSync(new URL('../../fixtures/mediator-messages.json', import.meta.url), 'utf8'),
) as FixtureMessage[];

describe('mediator fixture', () => {
  it('has at least 300 labelled messages with the expected shape', () => {
    expect(fixture.length).toBeGreaterThanOrEqual(300);
    for (const message of fixture) {
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

  it('has no duplicate messages', () => {
    expect(new Set(fixture.map((message) => message.text)).size).toBe(fixture.length);
  });
});

describe('evaluateMediator on the fixture', () => {
  const mediator = new LocalMediator();
  const report = evaluateMediator((input) => mediator.analyzeSync(input), fixture, 1);

  it('meets the quality targets', () => {
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
