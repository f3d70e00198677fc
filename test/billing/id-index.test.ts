import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { IdIndex } from '../../src/billing/id-index.js';
import { PackedTextTable } from '../../src/billing/packed-text-table.js';
import { PackedTexts } from '../../src/billing/packed-texts.js';

// Entry ids looked up by text and by the UTF-8 bytes of a record's id (issue 14: R14's join, a year of history).

const bytesOf = (id: string) => Buffer.from(id, 'utf8');
/** Ids as a table holds them: text and bytes mixed, as the log and the records add them. */
function packed(ids: readonly string[]): PackedTexts {
  const texts = new PackedTexts();
  ids.forEach((id, n) => texts.push(n % 2 === 0 ? id : bytesOf(id)));
  return texts;
}

describe('IdIndex', () => {
  const id = fc.oneof(fc.string({ maxLength: 12 }), fc.string({ unit: 'grapheme', maxLength: 6 }), fc.constantFrom('E1', 'E10', 'E01', 'ž', 'Ž', '', '😀'));

  it('gives each id its first number, by text and by bytes, as a Map of first numbers would, sized ahead or grown (property)', () => {
    fc.assert(
      fc.property(fc.array(id, { maxLength: 3000 }), fc.array(id, { maxLength: 100 }), fc.boolean(), (ids, asked, sizedAhead) => {
        // Grown: told of no ids, it doubles its slots (from 1,024) as they come.
        const index = new IdIndex(packed(ids), sizedAhead ? ids.length : 0);
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

  it.each([['sized ahead', 100_000], ['grown from nothing', 0]])('finds each of a hundred thousand ids and none of as many others (%s)', (_, told) => {
    const ids = Array.from({ length: 100_000 }, (_, n) => `E2024-05-${n}`);
    const index = new IdIndex(packed(ids), told);
    ids.forEach((_, n) => index.add(n));
    const found = (text: string) => index.findBytes(bytesOf(text), 0, bytesOf(text).length);
    expect(ids.map(found)).toEqual(ids.map((_, n) => n));
    expect(ids.map((text) => text.replace('2024', '2023')).some((text) => found(text) >= 0 || index.find(text) >= 0)).toBe(false);
  });
});

describe('PackedTexts', () => {
  const text = fc.oneof(fc.string({ maxLength: 20 }), fc.string({ unit: 'grapheme', maxLength: 8 }));

  it('gives back every text as added, after pieces appended at once and rows forgotten (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.array(text, { maxLength: 40 }), { maxLength: 8 }), fc.nat(), (pieces, cut) => {
        const whole = new PackedTexts();
        const expected: string[] = [];
        pieces.forEach((piece, p) => {
          if (p % 2 === 0) for (const t of piece) whole.push(t);
          else {
            const other = new PackedTexts();
            for (const t of piece) other.push(bytesOf(t));
            whole.append(other.parts());
          }
          expected.push(...piece);
        });
        expect(Array.from({ length: whole.size }, (_, row) => whole.text(row))).toEqual(expected);
        const kept = expected.length === 0 ? 0 : cut % expected.length;
        whole.truncate(kept);
        whole.push('after');
        expect(Array.from({ length: whole.size }, (_, row) => whole.text(row))).toEqual([...expected.slice(0, kept), 'after']);
      }),
    );
  });
});

describe('PackedTextTable (issue 14: the case ids of a large month)', () => {
  const text = fc.oneof(fc.string({ maxLength: 12 }), fc.string({ unit: 'grapheme', maxLength: 6 }), fc.constantFrom('K1', 'K01', 'ž', 'Ž', ''));

  it('numbers texts in the order first seen, however they come, as a Map would (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.array(text, { maxLength: 200 }), { maxLength: 6 }), fc.array(text, { maxLength: 50 }), (pieces, later) => {
        const table = new PackedTextTable();
        const numbers = new Map<string, number>();
        const expected = (t: string) => {
          if (!numbers.has(t)) numbers.set(t, numbers.size);
          return numbers.get(t)!;
        };
        pieces.forEach((piece, p) => {
          if (p % 3 === 0) for (const t of piece) expect(table.number(t)).toBe(expected(t));
          else if (p % 3 === 1) for (const t of piece) {
            const around = Buffer.concat([bytesOf('x'), bytesOf(t), bytesOf('y')]);
            expect(table.numberOfBytes(around, 1, around.length - 1)).toBe(expected(t));
          }
          else {
            // A piece of a log read on another thread: its own numbers, then ours for each.
            const other = new PackedTextTable();
            for (const t of piece) other.number(t);
            const distinct = [...new Set(piece)];
            expect([...table.numbersOf(other.parts())]).toEqual(distinct.map(expected));
          }
        });
        expect(table.size).toBe(numbers.size);
        for (const [t, n] of numbers) expect(table.text(n)).toBe(t);
        // Another thread's view: the same numbers, and new texts go on from there.
        const there = PackedTextTable.over(table.share());
        for (const [t, n] of numbers) expect(there.text(n)).toBe(t);
        for (const t of later) expect(there.number(t)).toBe(expected(t));
      }),
    );
  });
});
