import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { IdIndex } from '../../src/billing/id-index.js';

// The log's ids looked up by the UTF-8 bytes of a record's id (issue 14: reading a year of history).

const bytesOf = (id: string) => Buffer.from(id, 'utf8');

describe('IdIndex', () => {
  it('answers as a Set of the ids would, for ids of any text, repeated or not (property)', () => {
    const id = fc.oneof(fc.string({ maxLength: 12 }), fc.string({ unit: 'grapheme', maxLength: 6 }), fc.constantFrom('E1', 'E10', 'E01', 'ž', 'Ž', ''));
    fc.assert(
      fc.property(fc.array(id, { maxLength: 300 }), fc.array(id, { maxLength: 100 }), (ids, asked) => {
        const index = new IdIndex(ids);
        const set = new Set(ids);
        for (const question of [...ids, ...asked]) {
          // The id lies inside a larger buffer, as in a record file.
          const around = Buffer.concat([bytesOf('xx'), bytesOf(question), bytesOf('yy')]);
          expect(index.has(around, 2, around.length - 2)).toBe(set.has(question));
        }
      }),
    );
  });

  it('finds each of a hundred thousand ids and none of as many others', () => {
    const ids = Array.from({ length: 100_000 }, (_, n) => `E2024-05-${n}`);
    const index = new IdIndex(ids);
    const found = (id: string) => index.has(bytesOf(id), 0, bytesOf(id).length);
    expect(ids.every(found)).toBe(true);
    expect(ids.map((id) => id.replace('2024', '2023')).some(found)).toBe(false);
  });
});
