import type { EntryTable } from '../billing/entry-table.js';
import type { Statement } from '../billing/statement.js';
import { recordEncoder } from '../formats/record.js';
import { lineRow } from './csv.js';

/**
 * Writes `record.bin` (formats/record.ts) a statement at a time, beside `lines.csv`: `start()` gives the
 * file's first bytes, `statement(s)` the bytes of its entries, in the order lines.csv lists them, each with
 * the line its row starts on there.
 */
export function recordWriter() {
  const encoder = recordEncoder();
  let line = 2; // the header is line 1
  return {
    start: encoder.start,
    /**
     * The entries of a statement's lines: the rows of `log` they were read from (`lineRows`), each taking
     * `lineSpans` lines of lines.csv, in order.
     */
    statement(log: EntryTable, lineRows: Int32Array, lineSpans: Int32Array): Uint8Array {
      for (let n = 0; n < lineRows.length; n++) {
        encoder.row(log, lineRows[n]!, line);
        line += lineSpans[n]!;
      }
      return encoder.take();
    },
  };
}

/** How many lines of lines.csv each line of a statement takes (a value with line breaks is quoted across lines). */
export function lineSpans(s: Statement): Int32Array {
  return Int32Array.from(s.lines, (l) => 1 + lineBreaksIn(Object.values(lineRow(s, l))));
}

/** A value with line breaks makes its row of lines.csv span more lines (quoted, as CSV allows). */
function lineBreaksIn(values: readonly (string | number)[]): number {
  let count = 0;
  for (const value of values) {
    if (typeof value !== 'string') continue;
    for (let at = value.indexOf('\n'); at !== -1; at = value.indexOf('\n', at + 1)) count++;
  }
  return count;
}
