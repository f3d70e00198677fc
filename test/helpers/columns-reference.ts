import { visibleWidth, type Cell, type ColumnSpec } from '../../src/report/columns.js';

/*
 * The column layout said as plainly as possible, as it was first written (issue 6): every cell split into its
 * lines, every line measured, every line of the table padded to the columns' widths and then trimmed at its
 * end. src/report/columns.ts lays tables out faster (a million lines a month); test/report/columns.test.ts
 * checks that it gives the same text as this for any cells.
 */

export function renderColumnsReference(columns: readonly ColumnSpec[], rows: readonly (readonly Cell[])[], head?: readonly string[]): string {
  const all = head ? [head, ...rows] : rows;
  const laidOut = all.map((row) => columns.map((column, i) => cellLines(row[i] ?? '', column.wrapAt)));
  const widths = columns.map((column, i) => column.wrapAt ?? Math.max(0, ...laidOut.map((row) => Math.max(0, ...row[i]!.map(visibleWidth)))));
  const out: string[] = [];
  for (const row of laidOut) {
    const height = Math.max(1, ...row.map((lines) => lines.length));
    for (let l = 0; l < height; l++) {
      const cells = columns.map((column, i) => {
        const text = row[i]![l] ?? '';
        const pad = ' '.repeat(Math.max(0, widths[i]! - visibleWidth(text)));
        return column.align === 'right' ? pad + text : text + pad;
      });
      out.push(cells.join('  ').trimEnd());
    }
  }
  return out.join('\n');
}

function cellLines(cell: Cell, wrapAt: number | undefined): string[] {
  const paragraphs = typeof cell === 'string' ? [{ text: cell }] : cell;
  return paragraphs.flatMap(({ text, style }: { text: string; style?: (line: string) => string }) =>
    text.split('\n').flatMap((paragraph) => (wrapAt === undefined ? [paragraph] : wrapWordsReference(paragraph, wrapAt)).map((line) => (style ? style(line) : line))),
  );
}

/**
 * Greedy word wrap: words whole, joined by the whitespace that separated them (counted a column a character),
 * a word wider than the width broken into pieces; whitespace that begins a line is dropped. Text of plain
 * characters that fits is kept as it is.
 */
export function wrapWordsReference(text: string, width: number): string[] {
  if (text.length <= width && !text.includes('\u001b') && [...text].every((char) => visibleWidth(char) === 1 && char.length === 1)) return text === '' ? [] : [text];
  const lines: string[] = [];
  const parts = text.split(/(\s+)/);
  let line = '';
  let lineWidth = 0;
  for (let i = 0; i < parts.length; i += 2) {
    let word = parts[i]!;
    const space = i > 0 ? parts[i - 1]! : '';
    if (lineWidth > 0 && lineWidth + space.length + visibleWidth(word) <= width) {
      line += space + word;
      lineWidth += space.length + visibleWidth(word);
      continue;
    }
    if (lineWidth > 0) lines.push(line);
    if (visibleWidth(word) > width) {
      // Broken a character at a time, each counted on its own (so the characters of a colour code count too).
      let piece = '';
      let taken = 0;
      for (const char of word) {
        if (taken + visibleWidth(char) > width && taken > 0) {
          lines.push(piece);
          piece = '';
          taken = 0;
        }
        piece += char;
        taken += visibleWidth(char);
      }
      word = piece;
    }
    line = word;
    lineWidth = visibleWidth(word);
  }
  if (lineWidth > 0) lines.push(line);
  return lines;
}
