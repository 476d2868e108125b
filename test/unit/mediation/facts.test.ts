import { describe, expect, it } from '@jest/globals';
import { extractFacts, missingFacts } from '../../../server/mediation/local/facts.js';

const texts = (text: string): string[] => extractFacts(text).map((fact) => fact.text);

describe('extractFacts', () => {
  it('finds names, times and weekdays', () => {
    expect(texts('Can you pick up Emma at 3:30 on Friday?')).toEqual(['Emma', '3:30', 'Friday']);
  });

  it('finds money, dates, ordinals and phone numbers', () => {
    const found = texts('The $1,250 bill is due March 5th, call 555-201-3344 before the 9th.');
    expect(found).toEqual(expect.arrayContaining(['$1,250', 'March 5th', '555-201-3344', '9th']));
  });

  it('ends an amount before a comma, and keeps "Year 6" whole', () => {
    expect(texts('What a generous $50, the kids will be thrilled.')).toEqual(['$50']);
    expect(texts('The Year 6 trip costs £1,200, due in May.')).toEqual(
      expect.arrayContaining(['Year 6', '£1,200']),
    );
  });

  it('keeps the currency of any amount with it', () => {
    // test3's first run lost "₹" ("I'd like to talk about 18,000").
    expect(texts('Your share of the ₹18,000 school fees')).toContain('₹18,000');
    expect(texts('R1,800 for a blazer, or 600 zł for the dentist, or AED 300')).toEqual(
      expect.arrayContaining(['R1,800', '600 zł', 'AED 300']),
    );
    expect(texts('¥5000 and 200 kr')).toEqual(expect.arrayContaining(['¥5000', '200 kr']));
  });

  it("finds the things of a child's week written in lower case", () => {
    expect(texts('He failed his maths test and missed ballet, and the inhaler is gone.')).toEqual([
      'maths test',
      'ballet',
      'inhaler',
    ]);
  });

  it('does not take "Told" for part of a name', () => {
    expect(texts('Told Precious to ask you for the £30.')).toEqual(['Precious', '£30']);
  });

  it('keeps titles with names and multi-word places', () => {
    const found = texts('Dr. Patel moved it to Oak Park Clinic at 10am tomorrow.');
    expect(found).toEqual(
      expect.arrayContaining(['Dr. Patel', 'Oak Park Clinic', '10am', 'tomorrow']),
    );
  });

  it('does not take a sentence-opening word for a name', () => {
    const found = texts('Seriously. Now Chloe has no costume. Pathetic.');
    expect(found).toEqual(['Chloe']);
  });

  it('reads holiday breaks and relative days', () => {
    expect(texts('She stays with me over Easter break, starting tonight.')).toEqual([
      'Easter break',
      'tonight',
    ]);
  });

  it('returns each fact once, in reading order', () => {
    expect(texts('Noah at 5, then Noah again at 7.')).toEqual(['Noah', '5', '7']);
  });
});

describe('missingFacts', () => {
  const facts = extractFacts('Pick up Emma at 3:30 on Friday, $20 for lunch.');

  it('finds nothing missing when every fact is present, whatever the case', () => {
    expect(missingFacts(facts, 'could you get emma on FRIDAY at 3:30 with $20?')).toEqual([]);
  });

  it('names the facts a candidate lost', () => {
    expect(missingFacts(facts, 'Could you get Emma on Friday?').map((fact) => fact.text)).toEqual([
      '3:30',
      '$20',
    ]);
  });

  it('does not count a fact glued inside a longer number', () => {
    const five = extractFacts('Pickup at 5.');
    expect(missingFacts(five, 'Pickup at 15.').map((fact) => fact.text)).toEqual(['5']);
  });
});
