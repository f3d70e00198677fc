/*
 * The text tables: borderless columns for statements and listings, and boxed tables for the summaries. They
 * used to be drawn by cli-table3, which measures every cell several times through an emoji-aware regular
 * expression: 70 % of a run writing 1 000 statements, and 20 s for a summary of 10 000 customers
 * (bench/RESULTS.md). These lay the tables out the same way — columns as wide as their widest cell, fixed-width
 * columns wrapped at word boundaries — measuring each cell once. Tests compare them with cli-table3.
 */

export type Align = 'left' | 'right';

export interface ColumnSpec {
  align: Align;
  /** Wrap the column's text at word boundaries to this width, and make the column exactly this wide. */
  wrapAt?: number;
  /**
   * With a table width (`renderColumns`' last argument): wrap the column to what the other columns leave of
   * it, at least this wide. Without one it wraps at `wrapAt`.
   */
  fillAtLeast?: number;
}

/** A cell of a wrapped column: paragraphs, each wrapped on its own and styled line by line. */
export type Paragraphs = readonly { text: string; style?: (line: string) => string }[];
export type Cell = string | Paragraphs;

const GAP = '  ';

/**
 * The rows as text lines, trailing blanks removed. `head` (optional) is the first row. Cells may carry ANSI
 * colour codes; widths count only what is visible.
 */
export function renderColumns(columns: readonly ColumnSpec[], rows: readonly (readonly Cell[])[], head?: readonly string[], tableWidth?: number): string {
  const all = head ? [head, ...rows] : rows;
  if (tableWidth !== undefined) columns = fitted(columns, all, tableWidth);
  const count = columns.length;
  // Each cell is laid out and measured once: most are one line (a date, a time, an amount), kept as the string
  // and its width; only wrapped cells get arrays. A month of a million entries has about nine million cells.
  const lines: (string | string[])[] = new Array<string | string[]>(all.length * count);
  const lineWidths: (number | number[])[] = new Array<number | number[]>(all.length * count);
  const heights = new Int32Array(all.length);
  const widths = columns.map((column) => column.wrapAt ?? 0);
  for (let r = 0; r < all.length; r++) {
    const row = all[r]!;
    let height = 1;
    for (let i = 0; i < count; i++) {
      const cell = row[i] ?? '';
      const wrapAt = columns[i]!.wrapAt;
      const at = r * count + i;
      if (typeof cell === 'string' && wrapAt === undefined && !cell.includes('\n')) {
        const width = visibleWidth(cell);
        lines[at] = cell;
        lineWidths[at] = width;
        if (width > widths[i]!) widths[i] = width;
        continue;
      }
      const laidOut: string[] = [];
      const measured: number[] = [];
      if (typeof cell === 'string') addTextLines(laidOut, measured, cell, wrapAt, undefined);
      else for (const { text, style } of cell) addTextLines(laidOut, measured, text, wrapAt, style);
      lines[at] = laidOut;
      lineWidths[at] = measured;
      if (laidOut.length > height) height = laidOut.length;
      if (wrapAt === undefined) for (const width of measured) if (width > widths[i]!) widths[i] = width;
    }
    heights[r] = height;
  }
  const right = columns.map((column) => column.align === 'right');
  const out: string[] = [];
  for (let r = 0; r < all.length; r++) {
    for (let l = 0; l < heights[r]!; l++) {
      // A line ends at its last cell with text: the blank cells and the padding after it are not made, so
      // nothing is trimmed, unless that text itself ends in whitespace.
      let last = count - 1;
      while (last >= 0 && cellText(lines[r * count + last]!, l) === '') last--;
      let line = '';
      for (let i = 0; i <= last; i++) {
        const at = r * count + i;
        const cell = lines[at]!;
        const text = cellText(cell, l);
        const measured = lineWidths[at]!;
        const width = typeof measured === 'number' ? (l === 0 ? measured : 0) : (measured[l] ?? 0);
        if (i > 0) line += GAP;
        if (right[i]) line += spaces(widths[i]! - width) + text;
        else line += i === last ? text : text + spaces(widths[i]! - width);
      }
      out.push(last >= 0 && mayEndInWhitespace(cellText(lines[r * count + last]!, l)) ? line.trimEnd() : line);
    }
  }
  return out.join('\n');
}

/** A laid-out cell's `l`-th line ('' below its last). */
function cellText(cell: string | string[], l: number): string {
  return typeof cell === 'string' ? (l === 0 ? cell : '') : (cell[l] ?? '');
}

/** Whether `trimEnd` might shorten text ending so: any whitespace, or a character it may be (a cheap, safe over-estimate). */
function mayEndInWhitespace(text: string): boolean {
  const code = text.charCodeAt(text.length - 1);
  return code <= 32 || code >= 0x80;
}

const SPACES = ' '.repeat(256);

/** `count` spaces (none for less than one). */
function spaces(count: number): string {
  return count <= 0 ? '' : count <= SPACES.length ? SPACES.slice(0, count) : ' '.repeat(count);
}

/**
 * The columns with their filling one (`fillAtLeast`) made as wide as the others leave of `tableWidth`: the
 * others keep their natural width (a date, a time or an amount is never split across lines).
 */
function fitted(columns: readonly ColumnSpec[], rows: readonly (readonly Cell[])[], tableWidth: number): ColumnSpec[] {
  const fill = columns.findIndex((c) => c.fillAtLeast !== undefined);
  if (fill === -1) return [...columns];
  let others = GAP.length * (columns.length - 1);
  columns.forEach((column, i) => {
    if (i === fill) return;
    let widest = column.wrapAt ?? 0;
    if (column.wrapAt === undefined) for (const row of rows) for (const width of lineWidthsOf(row[i] ?? '')) widest = Math.max(widest, width);
    others += widest;
  });
  return columns.map((column, i) => (i === fill ? { ...column, wrapAt: Math.max(column.fillAtLeast!, tableWidth - others) } : column));
}

/** The width of the widest line of rendered text. */
export function textWidth(text: string): number {
  let widest = 0;
  for (const line of text.split('\n')) widest = Math.max(widest, visibleWidth(line));
  return widest;
}

/**
 * A table in a box of line-drawing characters, one space inside each side of a cell, no rules between rows:
 * the layout cli-table3 draws for the summaries (a test compares the two), at a cost that stays small for a
 * summary of 10 000 customers (cli-table3 took 20 s for one).
 */
export function renderBoxed(aligns: readonly Align[], rows: readonly (readonly string[])[], head: readonly string[]): string {
  const all = [head, ...rows];
  const widths = aligns.map(() => 0);
  const cellWidths = all.map((row) =>
    aligns.map((_, i) => {
      const width = visibleWidth(row[i] ?? '');
      if (width > widths[i]!) widths[i] = width;
      return width;
    }),
  );
  const rule = (left: string, middle: string, right: string) => left + widths.map((w) => '─'.repeat(w + 2)).join(middle) + right;
  const out = [rule('┌', '┬', '┐')];
  all.forEach((row, r) => {
    const cells = aligns.map((align, i) => {
      const text = row[i] ?? '';
      const pad = ' '.repeat(widths[i]! - cellWidths[r]![i]!);
      return ` ${align === 'right' ? pad + text : text + pad} `;
    });
    out.push(`│${cells.join('│')}│`);
  });
  out.push(rule('└', '┴', '┘'));
  return out.join('\n');
}

/** The widths of an unwrapped cell's lines. */
function lineWidthsOf(cell: Cell): number[] {
  const lines: string[] = [];
  const widths: number[] = [];
  if (typeof cell === 'string') addTextLines(lines, widths, cell, undefined, undefined);
  else for (const { text, style } of cell) addTextLines(lines, widths, text, undefined, style);
  return widths;
}

/** Append a paragraph's lines (each of its own lines wrapped at `wrapAt`), styled line by line, and their widths. */
function addTextLines(lines: string[], widths: number[], text: string, wrapAt: number | undefined, style: ((line: string) => string) | undefined): void {
  for (const paragraph of text.includes('\n') ? text.split('\n') : [text]) {
    if (wrapAt === undefined) {
      const line = style ? style(paragraph) : paragraph;
      lines.push(line);
      widths.push(visibleWidth(line));
      continue;
    }
    const plain = !NOT_SIMPLE.test(paragraph);
    for (const line of wrapWords(paragraph, wrapAt)) {
      const styled = style ? style(line) : line;
      lines.push(styled);
      // A line of plain text is as wide as it is long; a styled one is measured (the style adds colour codes).
      widths.push(plain && styled === line ? line.length : visibleWidth(styled));
    }
  }
}

/**
 * Greedy word wrap of plain text: words are kept whole and joined by the spaces that separated them. A word
 * longer than the width is broken across lines rather than cut off: a statement never loses text.
 */
export function wrapWords(text: string, width: number): string[] {
  const simple = !NOT_SIMPLE.test(text);
  if (text.length <= width && simple) return text === '' ? [] : [text];
  // Czech text (the usual case) is one column a character: its lines are slices of it, found in one pass.
  if (simple && width >= 1) return wrapPlain(text, width);
  const lines: string[] = [];
  const parts = text.split(/(\s+)/);
  let line = '';
  let lineWidth = 0;
  for (let i = 0; i < parts.length; i += 2) {
    let word = parts[i]!;
    const space = i > 0 ? parts[i - 1]! : '';
    const wordWidth = visibleWidth(word);
    if (lineWidth > 0 && lineWidth + space.length + wordWidth <= width) {
      line += space + word;
      lineWidth += space.length + wordWidth;
      continue;
    }
    if (lineWidth > 0) lines.push(line);
    if (wordWidth > width) {
      const pieces = breakWord(word, width);
      word = pieces.pop()!;
      for (const piece of pieces) lines.push(piece); // not push(...pieces): a huge word is too many arguments
    }
    line = word;
    lineWidth = wordWidth > width ? visibleWidth(word) : wordWidth;
  }
  if (lineWidth > 0) lines.push(line);
  return lines;
}

/**
 * `wrapWords` for text of one column a character: the same lines, as slices of the text. A line runs from its
 * first word to the end of its last one, with the whitespace between them as it was.
 */
function wrapPlain(text: string, width: number): string[] {
  const lines: string[] = [];
  const end = text.length;
  let lineStart = 0;
  let lineEnd = 0;
  let lineWidth = 0;
  let space = 0; // the whitespace before the word at `at`
  let at = 0;
  for (;;) {
    let wordEnd = at;
    while (wordEnd < end && !isWhitespace(text.charCodeAt(wordEnd))) wordEnd++;
    const wordWidth = wordEnd - at;
    if (lineWidth > 0 && lineWidth + space + wordWidth <= width) {
      lineEnd = wordEnd;
      lineWidth += space + wordWidth;
    } else {
      if (lineWidth > 0) lines.push(text.slice(lineStart, lineEnd));
      let start = at;
      for (; wordEnd - start > width; start += width) lines.push(text.slice(start, start + width));
      lineStart = start;
      lineEnd = wordEnd;
      lineWidth = wordEnd - start;
    }
    if (wordEnd === end) break;
    at = wordEnd;
    while (at < end && isWhitespace(text.charCodeAt(at))) at++;
    space = at - wordEnd;
  }
  if (lineWidth > 0) lines.push(text.slice(lineStart, lineEnd));
  return lines;
}

/** What `\s` matches: the characters `split(/(\s+)/)` separates words at. */
function isWhitespace(code: number): boolean {
  return code === 32 || (code >= 9 && code <= 13) || (code >= 0x80 && WHITESPACE.test(String.fromCharCode(code)));
}
const WHITESPACE = /\s/;

/** A word too wide for its column, in pieces of at most `width` columns, in one pass (a word may be megabytes). */
function breakWord(word: string, width: number): string[] {
  const pieces: string[] = [];
  let start = 0;
  let taken = 0;
  let index = 0;
  for (const char of word) {
    const w = charWidth(char.codePointAt(0)!);
    if (taken + w > width && taken > 0) {
      pieces.push(word.slice(start, index));
      start = index;
      taken = 0;
    }
    taken += w;
    index += char.length;
  }
  pieces.push(word.slice(start));
  return pieces;
}

// Text needing a closer look: ANSI escapes, combining marks, surrogate pairs (emoji) and East Asian wide
// ranges. Czech text, composed, has none of them, so its width is its length.
// eslint-disable-next-line no-control-regex, no-misleading-character-class -- ESC and lone surrogate halves are what is looked for
const NOT_SIMPLE = /[\u001b\u0300-\u036f\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\ud800-\udfff\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/;
// eslint-disable-next-line no-control-regex -- ANSI colour codes start with ESC
const ANSI_SGR = /\u001b\[[0-9;]*m/g;

/** Columns a text takes on a terminal: ANSI colour codes and combining marks take none, wide characters two. */
export function visibleWidth(text: string): number {
  if (!NOT_SIMPLE.test(text)) return text.length;
  let width = 0;
  for (const char of text.replace(ANSI_SGR, '')) width += charWidth(char.codePointAt(0)!);
  return width;
}

function charWidth(code: number): number {
  if (code < 0x300) return 1;
  if (code <= 0x36f) return 0;
  const wide =
    (code >= 0x1100 && code <= 0x115f) || (code >= 0x2e80 && code <= 0xa4cf) || (code >= 0xac00 && code <= 0xd7a3) ||
    (code >= 0xf900 && code <= 0xfaff) || (code >= 0xfe30 && code <= 0xfe4f) || (code >= 0xff00 && code <= 0xff60) ||
    (code >= 0xffe0 && code <= 0xffe6) || code >= 0x1f300;
  return wide ? 2 : 1;
}
