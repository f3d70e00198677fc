import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { renderColumns, visibleWidth, wrapWords } from '../../src/report/columns.js';

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

  it('breaks a word of megabytes in one pass', () => {
    const lines = wrapWords('x'.repeat(5_000_000), 44);
    expect(lines).toHaveLength(Math.ceil(5_000_000 / 44));
    expect(lines.at(-1)).toBe('x'.repeat(5_000_000 % 44));
  });
});
