import { isUtf8 } from 'node:buffer';
import { CsvError, parse } from 'csv-parse/sync';
import type { Checked, Issue } from '../billing/issue.js';
import { restoreNeutralised } from '../formats/csv-dialect.js';
import { bytesInMemory, recordPieces, type ByteSource } from './byte-source.js';

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
  /** Told the file's header names once the header is read: ours as the file writes them, and every field of it. */
  onHeader?: (names: HeaderNames, fields: readonly string[]) => void;
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
 * are skipped. With `onRow` each row is handed over as it is read and none are kept (a caller streaming rows
 * must drop them if a syntax error comes back).
 */
export function parseCsvTable(
  bytes: Uint8Array | ByteSource,
  file: string,
  specs: readonly ColumnSpec[],
  options: CsvTableOptions = {},
  onRow?: (row: CsvRow, columns: ReadonlySet<string>) => void,
): Checked<CsvTable> {
  const rows: CsvRow[] = [];
  const emit = onRow ?? ((row: CsvRow) => void rows.push(row));
  const read = parseCsvRecords(bytes, file, specs, options, (fields, line, header) => {
    emit({ line, values: valuesOf(fields, specs, header, options.restoreNeutralised ?? false) }, header.columns);
  });
  return { value: { rows, columns: read.value.columns }, issues: read.issues };
}

/** Where the columns looked for are in a file's rows, found from its header. */
export interface HeaderColumns {
  /** Per column looked for (in the order given): the index of its field, or -1 when the header has none. */
  at: readonly number[];
  /** Canonical columns present in the header. */
  columns: ReadonlySet<string>;
}

/** A row's values keyed by canonical column, trimmed ('' for a column the header does not have). */
export function valuesOf(fields: readonly string[], specs: readonly ColumnSpec[], header: HeaderColumns, restore: boolean): Record<string, string> {
  const values: Record<string, string> = {};
  for (let s = 0; s < specs.length; s++) {
    const at = header.at[s]!;
    const value = at === -1 ? '' : (fields[at] ?? '').trim();
    values[specs[s]!.name] = restore ? restoreNeutralised(value) : value;
  }
  return values;
}

/**
 * The records of a CSV file as csv-parse splits them, checked for what every table needs (a header with the
 * columns looked for, the header's number of fields, something in them), each handed to `onRecord` untrimmed
 * with its line and where its columns are. The file is parsed a few megabytes at a time, cut between records,
 * so a large log is never held as one string nor as one array of raw records. Problems come back as for
 * `parseCsvTable`.
 */
export function parseCsvRecords(
  bytes: Uint8Array | ByteSource,
  file: string,
  specs: readonly ColumnSpec[],
  options: CsvTableOptions,
  onRecord: (fields: readonly string[], line: number, header: HeaderColumns) => void,
): Checked<{ columns: Set<string> }> {
  const opened = openCsv(bytes, file, options);
  if ('issue' in opened) return { value: { columns: new Set() }, issues: [opened.issue] };
  const reading = startReading(opened.csv, file, specs, options);
  for (const raw of recordPieces(opened.csv.source.pieces())) {
    const stop = reading.piece(raw, onRecord);
    if (stop !== null) return stop;
  }
  return reading.end();
}

/** A CSV file ready to be read a piece at a time: its bytes, its separator, and how a piece becomes UTF-8. */
export interface OpenedCsv {
  source: ByteSource;
  delimiter: Delimiter;
  toUtf8: (piece: Buffer) => Buffer;
}

/** Check the bytes (encoding, NUL bytes, anything but white space) and find the separator; or the problem. */
export function openCsv(bytes: Uint8Array | ByteSource, file: string, options: CsvTableOptions): { csv: OpenedCsv } | { issue: Issue } {
  const source = bytes instanceof Uint8Array ? bytesInMemory(bytes) : bytes;
  const input = inspectBytes(source, file, options.encoding ?? 'auto');
  if ('issue' in input) return { issue: input.issue };
  if (input.blank) return { issue: { code: 'empty-file', message: 'the file is empty; expected a header row', source: { file, line: 1 } } };
  const delimiter = options.delimiter === undefined || options.delimiter === 'auto' ? detectDelimiter(input.head) : options.delimiter;
  options.onDialect?.({ encoding: input.encoding, delimiter });
  // Windows-1250 is one byte per character, so its pieces may be cut and converted to UTF-8 one at a time.
  return { csv: { source, delimiter, toUtf8: input.encoding === 'windows-1250' ? fromWindows1250 : (piece: Buffer) => piece } };
}

/**
 * The reading of one file's pieces in order on this thread: `piece` parses one (finding the header in the
 * first with any text) and hands each record on, or gives the result to stop with (a syntax error, a bad
 * header); `header` says where the columns are once found (null before), `line` where the next piece starts,
 * and `end` gives the result after the last piece, `issues` holds the rows' problems so far.
 */
export function startReading(csv: OpenedCsv, file: string, specs: readonly ColumnSpec[], options: CsvTableOptions) {
  const issues: Issue[] = [];
  const stopWith = (issue: Issue): Checked<{ columns: Set<string> }> => ({ value: { columns: new Set() }, issues: [issue] });
  let header: RawRecord | null = null;
  let columns: HeaderColumns | null = null;
  let line = 1;
  let done = 0;
  return {
    issues,
    get header(): { columns: HeaderColumns; fieldCount: number } | null {
      return header === null || columns === null ? null : { columns, fieldCount: header.fields.length };
    },
    get line(): number {
      return line;
    },
    /** Pieces read elsewhere (on a worker): where the next one starts, and how far the file is read. */
    skip(lines: number, bytes: number): void {
      line += lines;
      done += bytes;
      options.onProgress?.(done / csv.source.size);
    },
    piece(raw: Buffer, onRecord: (fields: readonly string[], line: number, header: HeaderColumns) => void): Checked<{ columns: Set<string> }> | null {
      const parsed = parseCsvPiece(csv.toUtf8(raw), file, csv.delimiter, line, done === 0);
      if ('issue' in parsed) return stopWith(parsed.issue);
      line = parsed.nextLine;
      done += raw.length;
      options.onProgress?.(done / csv.source.size);
      let first = 0;
      if (header === null) {
        // Blank lines before the header are allowed; the header is the first record with any text.
        const headerIndex = parsed.records.findIndex((record) => record.fields.some((field) => field.trim() !== ''));
        if (headerIndex === -1) return null;
        header = parsed.records[headerIndex]!;
        first = headerIndex + 1;
        const matched = matchHeader(header, specs, file);
        options.onHeader?.(matched.written, header.fields.map((field) => field.trim()));
        if (matched.issues.length > 0) return { value: { columns: new Set() }, issues: matched.issues };
        const { positions } = matched;
        // Where each column is, looked up once per file rather than once per field.
        columns = {
          at: specs.map((spec) => positions.get(spec.name) ?? -1),
          columns: new Set([...positions.keys()].filter((name) => specs.some((s) => s.name === name))),
        };
      }
      const found = columns!;
      takeRecords(parsed.records, first, header.fields.length, csv.delimiter, file, issues, options.onInvalidRow, (fields, at) => onRecord(fields, at, found));
      return null;
    },
    end(): Checked<{ columns: Set<string> }> {
      if (header === null) return stopWith({ code: 'empty-file', message: 'the file has no header row', source: { file, line: 1 } });
      return { value: { columns: new Set(columns!.columns) }, issues };
    },
  };
}

/**
 * Hand on a piece's records from `first` on, leaving out those with nothing in them and reporting those whose
 * number of fields is not the header's.
 */
export function takeRecords(
  records: readonly RawRecord[],
  first: number,
  fieldCount: number,
  delimiter: Delimiter,
  file: string,
  issues: Issue[],
  onInvalidRow: ((row: InvalidRow) => void) | undefined,
  onRecord: (fields: readonly string[], line: number) => void,
): void {
  for (let index = first; index < records.length; index++) {
    const record = records[index]!;
    if (record.fields.every((field) => field.trim() === '')) continue;
    if (record.fields.length !== fieldCount) {
      issues.push({
        code: 'field-count',
        message: `the row has ${record.fields.length} fields but the header has ${fieldCount}; a value containing ${DELIMITER_NAMES[delimiter]} must be in double quotes`,
        source: { file, line: record.line },
        value: String(record.fields.length),
      });
      onInvalidRow?.({ line: record.line, values: {}, fields: record.fields });
      continue;
    }
    onRecord(record.fields, record.line);
  }
}

/** Bytes enough to hold any real header line, for guessing the separator. */
const HEADER_SCAN_BYTES = 1 << 20;

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

/** A record as csv-parse split it, with the line it starts on. */
export interface RawRecord {
  line: number;
  fields: string[];
}

/** Parse one piece of whole records, the first starting on `firstLine`; or the syntax error, with its line. */
export function parseCsvPiece(piece: Buffer, file: string, delimiter: Delimiter, firstLine: number, atStart: boolean): { records: RawRecord[]; nextLine: number } | { issue: Issue } {
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
 * What a first pass over the bytes says about them: how to decode them, whether there is anything but white
 * space, and the start of the file (to guess the separator from the header). A file with NUL bytes is not CSV
 * text (a spreadsheet saved in its own format, or UTF-16 "Unicode text"). `auto`: UTF-8 when the bytes are
 * valid UTF-8 (a BOM is dropped by the parser), else Windows-1250, which is what Czech Excel's plain "CSV"
 * export writes and which decodes any byte.
 */
function inspectBytes(
  source: ByteSource,
  file: string,
  encoding: InputEncoding,
): { encoding: InputDialect['encoding']; blank: boolean; head: string } | { issue: Issue } {
  let lines = 1; // at the start of the current piece
  let blank = true;
  let utf8 = encoding !== 'windows-1250';
  let badUtf8Line = 0;
  let atStart = true;
  let bom = false;
  const head: Buffer[] = [];
  let headBytes = 0;
  let tail: Buffer | null = null; // the end of the previous piece: a character cut in two
  for (const piece of source.pieces()) {
    const nul = piece.indexOf(0);
    if (nul !== -1) {
      return {
        issue: {
          code: 'bad-encoding',
          message: 'the file is not CSV text: it contains NUL bytes (an .xlsx workbook, or UTF-16 "Unicode text"?); save it from Excel as "CSV UTF-8" or "CSV"',
          source: { file, line: lines + countLineFeeds(piece, 0, nul) },
        },
      };
    }
    if (atStart) bom = piece[0] === 0xef && piece[1] === 0xbb && piece[2] === 0xbf;
    if (blank && !isBlank(piece, atStart)) blank = false;
    if (headBytes < HEADER_SCAN_BYTES) {
      head.push(piece.subarray(0, HEADER_SCAN_BYTES - headBytes));
      headBytes += Math.min(piece.length, HEADER_SCAN_BYTES - headBytes);
    }
    if (utf8) {
      const joined: Buffer = tail === null ? piece : Buffer.concat([tail, piece]);
      const whole: number = joined.length - incompleteTail(joined);
      if (!isUtf8(joined.subarray(0, whole))) {
        utf8 = false;
        // The line of the first byte that is not UTF-8: it decodes to U+FFFD when not fatal.
        const lenient = new TextDecoder('utf-8').decode(joined);
        const before = lenient.slice(0, Math.max(0, lenient.indexOf('\uFFFD')));
        badUtf8Line = lines + before.split('\n').length - 1; // a cut character holds no line feed
      }
      tail = whole < joined.length ? joined.subarray(whole) : null;
    }
    lines += countLineFeeds(piece, 0, piece.length);
    atStart = false;
  }
  // A character cut short by the end of the file is not UTF-8 either.
  if (utf8 && tail !== null) {
    utf8 = false;
    badUtf8Line = lines;
  }
  const headText = Buffer.concat(head).toString('utf8');
  if (encoding === 'windows-1250') return { encoding, blank, head: headText };
  if (utf8) return { encoding: bom ? 'utf-8-bom' : 'utf-8', blank, head: headText };
  if (encoding === 'auto') return { encoding: 'windows-1250', blank, head: headText };
  return {
    issue: {
      code: 'bad-encoding',
      message: 'the file is not UTF-8 text, as --encoding utf-8 says; leave out --encoding to read Windows-1250 files too',
      source: { file, line: badUtf8Line },
    },
  };
}

function fromWindows1250(piece: Buffer): Buffer {
  return Buffer.from(new TextDecoder('windows-1250').decode(piece), 'utf8');
}

/** How many bytes at the end are the start of a UTF-8 character whose other bytes are not there yet. */
function incompleteTail(bytes: Buffer): number {
  for (let back = 1; back <= Math.min(3, bytes.length); back++) {
    const byte = bytes[bytes.length - back]!;
    if ((byte & 0xc0) === 0x80) continue; // a continuation byte: look further back
    const length = byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : byte >= 0xc0 ? 2 : 1;
    return length > back ? back : 0;
  }
  return 0;
}

/** Nothing but white space (and, at the start of the file, a byte-order mark). */
function isBlank(bytes: Buffer, atStart: boolean): boolean {
  for (let i = atStart && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0; i < bytes.length; i++) {
    const byte = bytes[i]!;
    if (byte === 0x20 || (byte >= 0x09 && byte <= 0x0d)) continue;
    return false;
  }
  return true;
}

function countLineFeeds(bytes: Buffer, from: number, to: number): number {
  let count = 0;
  for (let i = bytes.indexOf(10, from); i !== -1 && i < to; i = bytes.indexOf(10, i + 1)) count++;
  return count;
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
