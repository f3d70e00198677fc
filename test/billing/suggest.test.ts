import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { closestMatch } from '../../src/billing/suggest.js';

describe('"did you mean" (issue 16)', () => {
  it('finds a typo, a missing accent or letter case, and nothing for a word that is far from all', () => {
    expect(closestMatch('Standart', ['NONE', 'STANDARD', 'PLUS', 'VIP'])).toBe('STANDARD');
    expect(closestMatch('skolen', ['školení', 'konzultace'])).toBe('školení');
    expect(closestMatch('c02', ['C01', 'C02', 'C03'])).toBe('C02');
    expect(closestMatch('instalace', ['configuration', 'training', 'konzultace'])).toBeNull();
    expect(closestMatch('', ['A'])).toBeNull();
  });

  it('does not guess between two equally near candidates', () => {
    expect(closestMatch('C9', ['C01', 'C02'])).toBeNull();
    expect(closestMatch('C9', ['C01', 'C02', 'C9x'])).toBe('C9x');
  });

  it('never offers the word itself, and a suggestion is always one of the candidates (property)', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 12 }), fc.array(fc.string({ maxLength: 12 }), { maxLength: 8 }), (word, candidates) => {
        const near = closestMatch(word, candidates);
        if (near !== null) {
          expect(candidates).toContain(near);
          expect(near).not.toBe(word);
        }
      }),
    );
  });

  it('finds a word with one letter changed among words far from it (property)', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[a-z]{6,12}$/), fc.nat(), (word, at) => {
        const i = at % word.length;
        const typo = `${word.slice(0, i)}${word[i] === 'q' ? 'w' : 'q'}${word.slice(i + 1)}`;
        expect(closestMatch(typo, [word, '0000000000000', '1111'])).toBe(word);
      }),
    );
  });
});
