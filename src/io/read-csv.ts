import { isUtf8 } from 'node:buffer';
import { CsvError, parse } from 'csv-parse/sync';
import type { Checked, Issue } from '../billing/issue.js';
import { restoreNeutralised } from '../report/csv-dialect.js';

/**
 * A column the reader looks for, by its canonical name or one of its aliases (the names a Czech clerk or another
 * tool uses), matched ignoring case, diacritics and surrounding spaces.
 */
export interface ColumnSpec {
  name: string;
  required: boolean;
  aliases?: readonly string[];
  /** Only the aliases are headers (another tool's export, read by a format): its own name is not looked for. */
  aliasesOnly?: boolean;
}

/** One data row: canonical column → trimmed value ('' when the column is absent), and where it came from. */
export interface CsvRow {
  line: number;
  values: Record<string, string>;
}

export interface CsvTable {
  rows: CsvRow[];
  /** Canonical columns present in the header. */
  columns: Set<string>;
}

/** Canonical column → the header as the file writes it (`minutes` → `Doba`), to name columns in messages. */
export type HeaderNames = ReadonlyMap<string, string>;

/** How input bytes are turned into text: `auto` reads UTF-8 (with or without BOM), else Windows-1250. */
export type InputEncoding = 'auto' | 'utf-8' | 'windows-1250';
/** The field separator; `auto` takes the one the header line uses most (`,`, `;` or tab). */
export type InputDelimiter = 'auto' | ',' | ';' | '\t';

export interface CsvTableOptions {
  /** The file is one this tool wrote: undo its spreadsheet-formula neutralisation (the entries record). */
  restoreNeutralised?: boolean;
  encoding?: InputEncoding;
  delimiter?: InputDelimiter;
  /** Told the file's header names once the header is read. */
  onHeader?: (names: HeaderNames) => void;
  /**
   * Told of each data row that cannot be read (a wrong field count, a value that is not what its column needs),
   * with its values as written, so that `--reject-invalid` can set it aside whole. `fields` is the row as split
   * when its fields cannot be matched to columns.
   */
  onInvalidRow?: (row: InvalidRow) => void;
  /** Told how the file was read, once that is known: its encoding and separator, detected or given. */
  onDialect?: (dialect: InputDialect) => void;
  /** Told after each piece of a large file how far the reading has come, as a fraction (for progress). */
  onProgress?: (fraction: number) => void;
}

/** A row that could not be read: where it is and what it says. */
export interface InvalidRow {
  line: number;
  values: Record<string, string>;
  fields: string[] | null;
}

/** How a file was read: `utf-8-bom` is UTF-8 that starts with a byte-order mark (Excel's "CSV UTF-8"). */
export interface InputDialect {
  encoding: 'utf-8' | 'utf-8-bom' | 'windows-1250';
  delimiter: Delimiter;
}

/** A header or alias as compared: lower case, no diacritics, single spaces (`Činnost ` → `cinnost`). */
export function foldColumnName(name: string): string {
  return name.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().trim().replace(/\s+/g, ' ');
}

/**
 * Parse a CSV file (a header row, then data) into rows keyed by canonical column name. Never throws on bad
 * data: syntax errors, missing or duplicated columns and rows with the wrong number of fields come back as
 * issues with file and line; a syntax error anywhere means no rows. Empty lines and rows of only empty fields
 * are skipped. The file is parsed a few megabytes at a time, cut between records, so a large log is never
 * held as one string nor as one array of raw records; with `onRow` each row is handed over as it is read and
 * none are kept (a caller streaming rows must drop them if a syntax error comes back).
 */
export function parseCsvTable(
  bytes: Uint8Array,
  file: string,
  specs: readonly ColumnSpec[],
  options: CsvTableOptions = {},
  onRow?: (row: CsvRow, columns: ReadonlySet<string>) => void,
): Checked<CsvTable> {
  const empty: CsvTable = { rows: [], columns: new Set() };
  const input = inputBytes(bytes, file, options.encoding ?? 'auto');
  if ('issue' in input) return { value: empty, issues: [input.issue] };
  if (isBlank(input.bytes)) {
    return { value: empty, issues: [{ code: 'empty-file', message: 'the file is empty; expected a header row', source: { file, line: 1 } }] };
  }

  const delimiter =
    options.delimiter === undefined || options.delimiter === 'auto' ? detectDelimiter(input.bytes.subarray(0, HEADER_SCAN_BYTES).toString('utf8')) : options.delimiter;
  options.onDialect?.({ encoding: input.encoding, delimiter });

  const issues: Issue[] = [];
  const rows: CsvRow[] = [];
  let header: RawRecord | null = null;
  let positions = new Map<string, number>();
  let columns: ReadonlySet<string> = new Set();
  const emit = onRow ?? ((row: CsvRow) => void rows.push(row));
  let line = 1;
  for (const [from, to] of recordPieces(input.bytes)) {
    const parsed = parsePiece(input.bytes.subarray(from, to), file, delimiter, line, from === 0);
    if ('issue' in parsed) return { value: empty, issues: [parsed.issue] };
    line = parsed.nextLine;
    options.onProgress?.(to / input.bytes.length);
    let first = 0;
    if (header === null) {
      // Blank lines before the header are allowed; the header is the first record with any text.
      const headerIndex = parsed.records.findIndex((record) => record.fields.some((field) => field.trim() !== ''));
      if (headerIndex === -1) continue;
      header = parsed.records[headerIndex]!;
      first = headerIndex + 1;
      const matched = matchHeader(header, specs, file);
      options.onHeader?.(matched.written);
      if (matched.issues.length > 0) return { value: empty, issues: matched.issues };
      positions = matched.positions;
      columns = new Set([...positions.keys()].filter((name) => specs.some((s) => s.name === name)));
    }
    for (let index = first; index < parsed.records.length; index++) {
      const record = parsed.records[index]!;
      if (record.fields.every((field) => field.trim() === '')) continue;
      if (record.fields.length !== header.fields.length) {
        issues.push({
          code: 'field-count',
          message: `the row has ${record.fields.length} fields but the header has ${header.fields.length}; a value containing ${DELIMITER_NAMES[delimiter]} must be in double quotes`,
          source: { file, line: record.line },
          value: String(record.fields.length),
        });
        options.onInvalidRow?.({ line: record.line, values: {}, fields: record.fields });
        continue;
      }
      const values: Record<string, string> = {};
      for (const spec of specs) {
        const at = positions.get(spec.name);
        const value = at === undefined ? '' : (record.fields[at] ?? '').trim();
        values[spec.name] = options.restoreNeutralised ? restoreNeutralised(value) : value;
      }
      emit({ line: record.line, values }, columns);
    }
  }
  if (header === null) {
    return { value: empty, issues: [{ code: 'empty-file', message: 'the file has no header row', source: { file, line: 1 } }] };
  }
  return { value: { rows, columns: new Set(columns) }, issues };
}

/** Bytes enough to hold any real header line, for guessing the separator. */
const HEADER_SCAN_BYTES = 1 << 20;
/** How much of a file is parsed at a time. */
const PIECE_BYTES = 4 << 20;

/** Match the header's names to the columns looked for: where each column is, and how the file names it. */
function matchHeader(header: RawRecord, specs: readonly ColumnSpec[], file: string): { positions: Map<string, number>; written: Map<string, string>; issues: Issue[] } {
  const issues: Issue[] = [];
  // One header may feed several columns (an export's "Start date" is both the date and part of the id).
  const canonicalOf = new Map<string, string[]>();
  for (const spec of specs) {
    for (const name of new Set([...(spec.aliasesOnly ? [] : [spec.name]), ...(spec.aliases ?? [])].map(foldColumnName))) canonicalOf.set(name, [...(canonicalOf.get(name) ?? []), spec.name]);
  }
  const positions = new Map<string, number>();
  const written = new Map<string, string>();
  header.fields.forEach((raw, index) => {
    const folded = foldColumnName(raw);
    if (folded === '') return;
    let reported = false;
    // A header no column reads is kept under a name no column has, only to notice it written twice.
    for (const name of canonicalOf.get(folded) ?? [`?${folded}`]) {
      const previous = written.get(name);
      if (previous !== undefined) {
        if (reported) continue;
        reported = true;
        const message =
          foldColumnName(previous) === folded ? `column "${raw.trim()}" appears twice in the header` : `columns "${previous}" and "${raw.trim()}" both mean ${name}; keep one`;
        issues.push({ code: 'duplicate-column', message, source: { file, line: header.line, column: raw.trim() }, value: raw });
        continue;
      }
      positions.set(name, index);
      written.set(name, raw.trim());
    }
  });
  for (const spec of specs) {
    if (spec.required && !positions.has(spec.name)) {
      const also = spec.aliases && spec.aliases.length > 0 ? ` or "${spec.aliases[0]}"` : '';
      const wanted = spec.aliasesOnly ? `"${spec.aliases?.[0]}" column, where the format reads ${spec.name}` : `"${spec.name}"${also} column`;
      issues.push({
        code: 'missing-column',
        message: `the header has no ${wanted} (found: ${header.fields.map((f) => f.trim()).filter(Boolean).join(', ') || 'none'})`,
        source: { file, line: header.line },
        value: spec.name,
      });
    }
  }
  return { positions, written, issues };
}

interface RawRecord {
  line: number;
  fields: string[];
}

/**
 * The file cut into pieces of about PIECE_BYTES that end at a line break outside double quotes, so each piece
 * holds whole records. Quotes only ever stand around a whole value (csv-parse refuses them elsewhere), so
 * counting them says whether a line break is inside a value; a quote never closed makes the rest one piece,
 * and csv-parse then reports it.
 */
export function* recordPieces(bytes: Buffer, pieceBytes = PIECE_BYTES): Generator<[number, number]> {
  for (let from = 0; from < bytes.length; ) {
    let cut = Math.min(bytes.length, from + pieceBytes);
    if (cut < bytes.length) {
      // A piece starts outside quotes; whether `cut` is inside a value depends on the quotes before it.
      let quoted = false;
      for (let q = bytes.indexOf(QUOTE, from); q !== -1 && q < cut; q = bytes.indexOf(QUOTE, q + 1)) quoted = !quoted;
      cut = nextRecordStart(bytes, cut, quoted);
    }
    yield [from, cut];
    from = cut;
  }
}

const QUOTE = 0x22;
const LINE_FEED = 0x0a;

/** The first position after a line feed outside quotes, at or after `at`; the end of the bytes if none. */
function nextRecordStart(bytes: Buffer, at: number, quoted: boolean): number {
  for (let i = at; ; ) {
    const quote = bytes.indexOf(QUOTE, i);
    if (!quoted) {
      const feed = bytes.indexOf(LINE_FEED, i);
      if (feed === -1) return bytes.length;
      if (quote === -1 || feed < quote) return feed + 1;
    }
    if (quote === -1) return bytes.length;
    quoted = !quoted;
    i = quote + 1;
  }
}

function parsePiece(piece: Buffer, file: string, delimiter: Delimiter, firstLine: number, atStart: boolean): { records: RawRecord[]; nextLine: number } | { issue: Issue } {
  let records: string[][];
  try {
    // Fast path: no per-record callback or info object. Empty lines are kept (as one empty field) so that each
    // record starts on the line after the previous one and line numbers can be counted here.
    records = parse(piece, { bom: atStart, delimiter, relax_column_count: true, skip_empty_lines: false }) as string[][];
  } catch (error) {
    if (!(error instanceof CsvError)) throw error;
    const text = piece.toString('utf8');
    const issue = describeCsvError(error, text, lastGoodLineBefore(text, delimiter), file);
    return { issue: { ...issue, source: { file, line: (issue.source?.line ?? 1) + firstLine - 1 } } };
  }
  const value: RawRecord[] = new Array(records.length);
  let line = firstLine;
  for (let index = 0; index < records.length; index++) {
    const fields = records[index]!;
    value[index] = { line, fields };
    line += 1 + countLineBreaks(fields);
  }
  return { records: value, nextLine: line };
}

/** On the error path only: the last line csv-parse read as a complete record before it failed. */
function lastGoodLineBefore(text: string, delimiter: Delimiter): number {
  let lastGoodLine = 0;
  try {
    parse(text, {
      bom: true,
      delimiter,
      relax_column_count: true,
      skip_empty_lines: true,
      on_record: (record: string[], context) => {
        lastGoodLine = context.lines;
        return record;
      },
    });
  } catch {
    // expected: the same error again
  }
  return lastGoodLine;
}

function describeCsvError(error: CsvError, text: string, lastGoodLine: number, file: string): Issue {
  const errorLine = (error as CsvError & { lines?: number }).lines ?? lastGoodLine + 1;
  switch (error.code) {
    case 'CSV_QUOTE_NOT_CLOSED': {
      const line = firstNonEmptyLineAfter(text, lastGoodLine);
      return {
        code: 'csv-syntax',
        message: 'a double quote opened in this row is never closed, so the rest of the file would be one value; close the quote or double any quote inside a value ("")',
        source: { file, line },
      };
    }
    case 'INVALID_OPENING_QUOTE':
    case 'CSV_INVALID_CLOSING_QUOTE':
      return {
        code: 'csv-syntax',
        message: 'a double quote in the middle of a value; put the whole value in double quotes and double the quotes inside it ("")',
        source: { file, line: errorLine },
      };
    default:
      return { code: 'csv-syntax', message: `the file is not valid CSV (${error.message})`, source: { file, line: errorLine } };
  }
}

export type Delimiter = Exclude<InputDelimiter, 'auto'>;
const DELIMITER_NAMES: Record<Delimiter, string> = { ',': 'a comma', ';': 'a semicolon', '\t': 'a tab' };

/**
 * The separator the header line uses most, outside double quotes: Czech Excel writes `;`, other tools `,` or
 * tab. A header with none of them (a single column) is read as comma-separated.
 */
export function detectDelimiter(text: string): Delimiter {
  const counts: Record<Delimiter, number> = { ',': 0, ';': 0, '\t': 0 };
  let quoted = false;
  let seenText = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '"') quoted = !quoted;
    else if (!quoted && (c === '\n' || c === '\r')) {
      if (seenText) break;
    } else if (!quoted && (c === ',' || c === ';' || c === '\t')) counts[c]++;
    else if (c.trim() !== '') seenText = true;
  }
  const best = (Object.keys(counts) as Delimiter[]).reduce((a, b) => (counts[b] > counts[a] ? b : a));
  return counts[best] > 0 ? best : ',';
}

/**
 * The file's bytes as UTF-8 for the parser. A file with NUL bytes is not CSV text (a spreadsheet saved in its
 * own format, or UTF-16 "Unicode text"). `auto`: UTF-8 when the bytes are valid UTF-8 (a BOM is dropped by the
 * parser), else Windows-1250, which is what Czech Excel's plain "CSV" export writes and which decodes any byte.
 */
function inputBytes(bytes: Uint8Array, file: string, encoding: InputEncoding): { bytes: Buffer; encoding: InputDialect['encoding'] } | { issue: Issue } {
  const nul = bytes.indexOf(0);
  if (nul !== -1) {
    return {
      issue: {
        code: 'bad-encoding',
        message: 'the file is not CSV text: it contains NUL bytes (an .xlsx workbook, or UTF-16 "Unicode text"?); save it from Excel as "CSV UTF-8" or "CSV"',
        source: { file, line: lineOf(bytes, nul) },
      },
    };
  }
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const fromWindows1250 = () => Buffer.from(new TextDecoder('windows-1250').decode(bytes), 'utf8');
  if (encoding === 'windows-1250') return { bytes: fromWindows1250(), encoding };
  if (isUtf8(buffer)) {
    const bom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
    return { bytes: buffer, encoding: bom ? 'utf-8-bom' : 'utf-8' };
  }
  if (encoding === 'auto') return { bytes: fromWindows1250(), encoding: 'windows-1250' };
  // Name the line of the first byte that is not UTF-8: it decodes to U+FFFD when not fatal.
  const lenient = new TextDecoder('utf-8').decode(bytes);
  const before = lenient.slice(0, Math.max(0, lenient.indexOf('\uFFFD')));
  return {
    issue: {
      code: 'bad-encoding',
      message: 'the file is not UTF-8 text, as --encoding utf-8 says; leave out --encoding to read Windows-1250 files too',
      source: { file, line: before.split('\n').length },
    },
  };
}

/** Nothing but white space (and a byte-order mark). */
function isBlank(bytes: Buffer): boolean {
  for (let i = 0; i < bytes.length; i++) {
    const byte = bytes[i]!;
    if (byte === 0x20 || (byte >= 0x09 && byte <= 0x0d)) continue;
    if (i <= bytes.length - 3 && byte === 0xef && bytes[i + 1] === 0xbb && bytes[i + 2] === 0xbf) {
      i += 2;
      continue;
    }
    return false;
  }
  return true;
}

function lineOf(bytes: Uint8Array, index: number): number {
  let line = 1;
  for (let i = 0; i < index; i++) if (bytes[i] === 10) line++;
  return line;
}

function countLineBreaks(fields: readonly string[]): number {
  let count = 0;
  for (const field of fields) {
    for (let i = field.indexOf('\n'); i !== -1; i = field.indexOf('\n', i + 1)) count++;
  }
  return count;
}

function firstNonEmptyLineAfter(text: string, line: number): number {
  const lines = text.split('\n');
  for (let index = line; index < lines.length; index++) {
    if ((lines[index] ?? '').trim() !== '') return index + 1;
  }
  return line + 1;
}
