import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { renderColumns, visibleWidth, wrapWords, type Cell, type ColumnSpec } from '../../src/report/columns.js';
import { renderColumnsReference, wrapWordsReference } from '../helpers/columns-reference.js';

// Statements' column tables (issue 6 replaced cli-table3 there, for speed): columns as wide as their widest
// cell, two spaces apart, wrapped columns exactly their width, and no text ever lost.

describe('renderColumns', () => {
  it('pads left- and right-aligned columns to the widest cell and trims line ends', () => {
    const text = renderColumns([{ align: 'left' }, { align: 'right' }, { align: 'left' }], [['Jan Novák', '0:45', 'PAID'], ['Eva', '10:00', '']], ['Technician', 'Time', 'Class']);
    expect(text).toBe(['Technician   Time  Class', 'Jan Novák    0:45  PAID', 'Eva         10:00'].join('\n'));
  });

  it('wraps a fixed-width column at word boundaries and styles each wrapped line on its own', () => {
    const bracket = (line: string) => `[${line}]`;
    const text = renderColumns(
      [{ align: 'left' }, { align: 'left', wrapAt: 10 }, { align: 'right' }],
      [['a', [{ text: 'Změna IVR – nová fronta' }, { text: 'note here too', style: bracket }], '1']],
    );
    expect(text.split('\n')).toEqual(['a  Změna IVR   1', '   – nová', '   fronta', '   [note here]', '   [too]']);
  });

  it('lays out any cells as the plain layout does: same padding, wrapping, blank cells and trimmed ends (property)', () => {
    // Pieces that reach every branch: blank cells, whitespace at either end, wide and combining characters,
    // colour codes, line breaks inside a cell, words longer than their column.
    const text = fc.string({ unit: fc.constantFrom('a', 'ž', ' ', '  ', '\t', '\u00a0', '\n', 'slovo', 'dlouhéslovobezmezer', '日', 'e\u0301', '\u001b[2mx\u001b[22m', '-') });
    const bracket = (line: string) => `[${line}]`;
    const cell: fc.Arbitrary<Cell> = fc.oneof(
      text,
      fc.array(fc.record({ text, styled: fc.boolean() }), { maxLength: 3 }).map((paragraphs) => paragraphs.map(({ text, styled }) => (styled ? { text, style: bracket } : { text }))),
    );
    const column: fc.Arbitrary<ColumnSpec> = fc.record({ align: fc.constantFrom('left' as const, 'right' as const), wrapAt: fc.option(fc.integer({ min: 1, max: 12 }), { nil: undefined }) }).map(({ align, wrapAt }) => (wrapAt === undefined ? { align } : { align, wrapAt }));
    const table = fc.array(column, { minLength: 1, maxLength: 5 }).chain((columns) =>
      fc.tuple(fc.constant(columns), fc.array(fc.array(cell, { minLength: columns.length, maxLength: columns.length }), { maxLength: 6 }), fc.option(fc.array(fc.string({ maxLength: 6 }), { minLength: columns.length, maxLength: columns.length }), { nil: undefined })),
    );
    fc.assert(
      fc.property(table, ([columns, rows, head]) => {
        expect(renderColumns(columns, rows, head)).toBe(renderColumnsReference(columns, rows, head));
      }),
      { numRuns: 500 },
    );
  });

  it('measures coloured text by what is visible', () => {
    expect(visibleWidth('\u001b[2mšum\u001b[22m')).toBe(3);
    expect(visibleWidth('e\u0301')).toBe(1);
    expect(visibleWidth('日本')).toBe(4);
  });
});

describe('wrapWords', () => {
  it('keeps every character, in order, and no line is wider than the column (property)', () => {
    const text = fc.string({ unit: fc.constantFrom('a', 'ž', ' ', '  ', 'slovo', 'dlouhéslovobezmezer', '-') });
    fc.assert(
      fc.property(text, fc.integer({ min: 1, max: 30 }), (value, width) => {
        const lines = wrapWords(value, width);
        for (const line of lines) expect(visibleWidth(line)).toBeLessThanOrEqual(width);
        expect(lines.join('').replace(/\s+/g, '')).toBe(value.replace(/\s+/g, ''));
      }),
    );
  });

  it('wraps as the plain word wrap does, whitespace at the ends and runs of it included (property)', () => {
    const text = fc.string({ unit: fc.constantFrom('a', 'ž', ' ', '   ', '\t', '\u00a0', '\u2028', '\u3000', 'slovo', 'dlouhéslovobezmezer', '日', 'e\u0301', '\u001b', '-') });
    fc.assert(
      fc.property(text, fc.integer({ min: 1, max: 30 }), (value, width) => {
        expect(wrapWords(value, width)).toEqual(wrapWordsReference(value, width));
      }),
      { numRuns: 2000 },
    );
  });

  it('breaks a word of megabytes in one pass', () => {
    const lines = wrapWords('x'.repeat(5_000_000), 44);
    expect(lines).toHaveLength(Math.ceil(5_000_000 / 44));
    expect(lines.at(-1)).toBe('x'.repeat(5_000_000 % 44));
  });
});
