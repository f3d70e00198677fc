import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { IdIndex } from '../../src/billing/id-index.js';

// Entry ids looked up by text and by the UTF-8 bytes of a record's id (issue 14: R14's join, a year of history).

const bytesOf = (id: string) => Buffer.from(id, 'utf8');

describe('IdIndex', () => {
  const id = fc.oneof(fc.string({ maxLength: 12 }), fc.string({ unit: 'grapheme', maxLength: 6 }), fc.constantFrom('E1', 'E10', 'E01', 'ž', 'Ž', '', '😀'));

  it('gives each id its first number, by text and by bytes, as a Map of first numbers would (property)', () => {
    fc.assert(
      fc.property(fc.array(id, { maxLength: 300 }), fc.array(id, { maxLength: 100 }), (ids, asked) => {
        const index = new IdIndex(ids, ids.length);
        const first = new Map<string, number>();
        ids.forEach((text, n) => {
          expect(index.add(n)).toBe(first.get(text) ?? -1);
          if (!first.has(text)) first.set(text, n);
        });
        for (const question of [...ids, ...asked]) {
          expect(index.find(question)).toBe(first.get(question) ?? -1);
          // The id lies inside a larger buffer, as in a record file.
          const around = Buffer.concat([bytesOf('xx'), bytesOf(question), bytesOf('yy')]);
          expect(index.findBytes(around, 2, around.length - 2)).toBe(first.get(question) ?? -1);
        }
      }),
    );
  });

  it('finds each of a hundred thousand ids and none of as many others', () => {
    const ids = Array.from({ length: 100_000 }, (_, n) => `E2024-05-${n}`);
    const index = new IdIndex(ids, ids.length);
    ids.forEach((_, n) => index.add(n));
    const found = (text: string) => index.findBytes(bytesOf(text), 0, bytesOf(text).length);
    expect(ids.map(found)).toEqual(ids.map((_, n) => n));
    expect(ids.map((text) => text.replace('2024', '2023')).some((text) => found(text) >= 0 || index.find(text) >= 0)).toBe(false);
  });
});
