import Table from 'cli-table3';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { renderBoxed, type Align } from '../../src/report/columns.js';

// The summaries' boxed tables are drawn by renderBoxed (issue 6: cli-table3 took 20 s for a summary of 10 000
// customers); cli-table3, configured as the tool used it, is the oracle for the layout.

function cliTable3(aligns: Align[], rows: string[][], head: string[]): string {
  const table = new Table({ head, colAligns: aligns, style: { head: [], border: [] }, chars: { mid: '', 'left-mid': '', 'mid-mid': '', 'right-mid': '' } });
  for (const row of rows) table.push(row);
  return table.toString();
}

describe('renderBoxed', () => {
  const text = fc.string({ unit: fc.constantFrom('a', 'Ž', 'č', ' ', '1', ':', '█', '░', '-', '.'), maxLength: 12 });
  const bold = (t: string) => `\u001b[1m${t}\u001b[22m`;

  it('draws what cli-table3 draws, plain or with colour codes in cells (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 5 }).chain((n) =>
          fc.tuple(
            fc.array(fc.constantFrom<Align>('left', 'right'), { minLength: n, maxLength: n }),
            fc.array(fc.array(fc.tuple(text, fc.boolean()).map(([t, b]) => (b ? bold(t) : t)), { minLength: n, maxLength: n }), { maxLength: 6 }),
            fc.array(text, { minLength: n, maxLength: n }),
          ),
        ),
        ([aligns, rows, head]) => {
          expect(renderBoxed(aligns, rows, head)).toBe(cliTable3(aligns, rows, head));
        },
      ),
      { numRuns: 300 },
    );
  });
});
