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
    statement(s: Statement): Uint8Array {
      for (const l of s.lines) {
        encoder.entry(l.entry, line);
        line += 1 + lineBreaksIn(Object.values(lineRow(s, l)));
      }
      return encoder.take();
    },
  };
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
