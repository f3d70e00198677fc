import { sortIssues, type Checked, type Issue, type IssueCode } from '../billing/issue.js';
import { BILLABLE, CAUSES, EntryTable, NONE, type EntryCodes, type EntryTableParts } from '../billing/entry-table.js';
import { ROLES, type ClockTime, type IsoDate } from '../billing/types.js';
import { restoreNeutralised } from '../formats/csv-dialect.js';
import { LOG_COLUMNS, type LogColumn } from '../formats/work-log.js';
import {
  minutesBetween,
  readActivity,
  readBillable,
  readCause,
  readClockTime,
  readDateAndTime,
  readMinutes,
  readRole,
  type FieldReader,
} from './fields.js';
import {
  foldColumnName,
  openCsv,
  parseCsvPiece,
  parseCsvRecords,
  startReading,
  takeRecords,
  valuesOf,
  type ColumnSpec,
  type CsvTableOptions,
  type Delimiter,
  type HeaderColumns,
  type InvalidRow,
} from './read-csv.js';
import { recordPieces } from './byte-source.js';
import type { ByteSource } from './byte-source.js';
import { convertRow, formatColumnSpecs, type LogFormat } from './log-format.js';

/** How a work log is read: its dialect, and for another tool's export, the format that maps it onto ours. */
export interface WorkLogOptions extends CsvTableOptions {
  logFormat?: LogFormat | null;
  /** Told the row of each entry once it is added; it may take the row out again (a check that keeps nothing). */
  onEntry?: (row: number) => void;
}

/**
 * The work-log columns (contract): matched by header name in any order, ignoring case and diacritics, also under
 * the names a Czech clerk uses (`Zákazník`, `Datum`, `Doba`, …).
 */
export const WORK_LOG_COLUMNS: readonly ColumnSpec[] = [
  { name: 'id', required: true, aliases: ['ID záznamu', 'Číslo'] },
  { name: 'case', required: false, aliases: ['Případ', 'Tiket', 'Ticket'] },
  { name: 'customer', required: true, aliases: ['Zákazník', 'Klient'] },
  { name: 'date', required: true, aliases: ['Datum'] },
  { name: 'start', required: false, aliases: ['Od', 'Začátek'] },
  { name: 'end', required: false, aliases: ['Do', 'Konec'] },
  { name: 'minutes', required: false, aliases: ['Minut', 'Minuty', 'Doba', 'Trvání'] },
  { name: 'technician', required: true, aliases: ['Technik', 'Pracovník'] },
  { name: 'role', required: false, aliases: ['Role'] },
  { name: 'activity', required: true, aliases: ['Činnost'] },
  { name: 'cause', required: false, aliases: ['Příčina'] },
  { name: 'billable', required: false, aliases: ['Účtovat'] },
  { name: 'description', required: false, aliases: ['Popis'] },
];

/** The issue code of a value its column cannot read (an empty required value is `missing-value`). */
const CODE_FOR: Partial<Record<LogColumn, IssueCode>> = {
  date: 'bad-date',
  start: 'bad-time',
  end: 'bad-time',
  minutes: 'bad-minutes',
  role: 'bad-role',
  cause: 'bad-cause',
  billable: 'bad-billable',
};
const REQUIRED: ReadonlySet<string> = new Set(WORK_LOG_COLUMNS.filter((c) => c.required).map((c) => c.name));
const column = Object.fromEntries(LOG_COLUMNS.map((name, index) => [name, index])) as Record<LogColumn, number>;
/** Our own columns' places, for a row another tool's export has been converted into. */
const IN_ORDER: HeaderColumns = { at: LOG_COLUMNS.map((_, index) => index), columns: new Set(LOG_COLUMNS) };

/**
 * Read one work-log file and append its entries to `into` (`month`: the closed month whose record it is, as
 * the caller numbers them). The duration is `minutes`, or `start`–`end` on the entry's date in Europe/Prague;
 * when both are given they must agree. A file with a CSV syntax error counts for nothing: the rows read before
 * the error are taken out again. Gives the number of entries added.
 */
export function parseWorkLog(
  bytes: Uint8Array | ByteSource,
  file: string,
  into: EntryTable,
  options: WorkLogOptions = {},
  month = NONE,
): Checked<number> {
  const log = startWorkLog(file, into, options, month);
  return log.finish(parseCsvRecords(bytes, file, log.specs, log.options, log.onRecord));
}

/**
 * `parseWorkLog` with the pieces after the first parsed and read on worker threads, a few at a time, and
 * appended in the file's order, so that both cores read a large log: the same entries, problems and lines as
 * reading it here. Another tool's export whose values need converting is read on this thread.
 */
export async function parseWorkLogOnWorkers(bytes: ByteSource, file: string, into: EntryTable, options: WorkLogOptions, workers: PieceReaders): Promise<Checked<number>> {
  const log = startWorkLog(file, into, options, NONE);
  if (!log.renames || options.onEntry || options.restoreNeutralised) return log.finish(parseCsvRecords(bytes, file, log.specs, log.options, log.onRecord));
  const opened = openCsv(bytes, file, log.options);
  if ('issue' in opened) return log.finish({ value: { columns: new Set() }, issues: [opened.issue] });
  const { csv } = opened;
  const reading = startReading(csv, file, log.specs, log.options);
  const inFlight: { read: Promise<PieceRead>; bytes: number }[] = [];
  // A piece read on a worker: its lines move down to where it starts, which is known once the pieces before it are in.
  const append = async (): Promise<Checked<{ columns: Set<string> }> | null> => {
    const { read, bytes: size } = inFlight.shift()!;
    const piece = await read;
    const offset = reading.line - 1;
    const moved = (issue: Issue): Issue => (issue.source ? { ...issue, source: { ...issue.source, line: issue.source.line + offset } } : issue);
    if (piece.syntax !== null) return { value: { columns: new Set() }, issues: [moved(piece.syntax)] };
    into.appendParts(piece.parts, offset);
    log.issues.push(...piece.issues.map(moved));
    for (const row of piece.invalidRows) options.onInvalidRow?.({ ...row, line: row.line + offset });
    reading.skip(piece.lines, size);
    return null;
  };
  const stopped = async (result: Checked<{ columns: Set<string> }>) => {
    await Promise.allSettled(inFlight.map((p) => p.read));
    return log.finish(result);
  };
  let ours: HeaderColumns | null = null; // where our columns are, once the header is found
  const first = { rows: into.size, ids: into.idBytes, descriptions: into.descriptionBytes, bytes: 0 };
  for (const raw of recordPieces(csv.source.pieces())) {
    const header = reading.header;
    // The header is found here; a file without a duration column is reported from its header alone.
    if (header === null || !hasDuration(header.columns.columns)) {
      const stop = reading.piece(raw, log.onRecord);
      if (stop !== null) return stopped(stop);
      first.bytes += raw.length;
      continue;
    }
    if (ours === null) {
      ours = inOurOrder(log.specs, header.columns);
      // Room for the whole file at the rate of the pieces read here, and a little more.
      const scale = (bytes.size / Math.max(1, first.bytes)) * 1.05;
      into.reserve(Math.ceil((into.size - first.rows) * scale), Math.ceil((into.idBytes - first.ids) * scale), Math.ceil((into.descriptionBytes - first.descriptions) * scale));
    }
    const job: PieceJob = {
      // A copy: the piece is sent to the worker whole, and the bytes after it share its memory.
      piece: new Uint8Array(csv.toUtf8(raw)),
      file,
      delimiter: csv.delimiter,
      fieldCount: header.fieldCount,
      specs: log.specs,
      header: header.columns,
      ours,
    };
    // A piece a worker could not read (the thread failed or ended) is read here, the same way.
    const read = workers.read(job).catch(() => readPiece({ ...job, piece: csv.toUtf8(raw) }));
    inFlight.push({ read, bytes: raw.length });
    if (inFlight.length >= workers.size * 2) {
      const stop = await append();
      if (stop !== null) return stopped(stop);
    }
  }
  while (inFlight.length > 0) {
    const stop = await append();
    if (stop !== null) return stopped(stop);
  }
  return log.finish(reading.end());
}

/** Threads that read pieces of a log (`PieceJob`), `size` of them. */
export interface PieceReaders {
  size: number;
  read(job: PieceJob): Promise<PieceRead>;
}

/** A piece of a log to read on a worker: its bytes as UTF-8, and what its file's header said. */
export interface PieceJob {
  piece: Uint8Array;
  file: string;
  delimiter: Delimiter;
  fieldCount: number;
  specs: readonly ColumnSpec[];
  header: HeaderColumns;
  ours: HeaderColumns;
}

/** A piece read: its entries as a table's parts, its problems and unreadable rows, lines counted from 1 in the piece. */
export interface PieceRead {
  parts: EntryTableParts;
  issues: Issue[];
  invalidRows: InvalidRow[];
  /** How many lines the piece spans. */
  lines: number;
  /** A CSV syntax error: the whole file then counts for nothing. */
  syntax: Issue | null;
}

/** Read a piece of a log (on a worker thread), exactly as `parseWorkLog` reads the rows of a file. */
export function readPiece(job: PieceJob): PieceRead {
  const table = new EntryTable();
  const issues: Issue[] = [];
  const invalidRows: InvalidRow[] = [];
  const bytes = Buffer.from(job.piece.buffer, job.piece.byteOffset, job.piece.byteLength);
  const parsed = parseCsvPiece(bytes, job.file, job.delimiter, 1, false);
  if ('issue' in parsed) return { parts: table.parts(), issues, invalidRows, lines: 0, syntax: parsed.issue };
  const read = entryReader(table, job.file, NONE, false, issues);
  takeRecords(parsed.records, 0, job.fieldCount, job.delimiter, job.file, issues, (row) => invalidRows.push(row), (fields, line) => {
    if (!read(fields, job.ours, line, null)) invalidRows.push({ line, values: valuesOf(fields, job.specs, job.header, false), fields: null });
  });
  return { parts: table.parts(), issues, invalidRows, lines: parsed.nextLine - 1, syntax: null };
}

/**
 * What reading one file into `into` keeps between its pieces: the reader of its rows, and how the result is
 * made once every piece is read (a syntax error, or no duration column, takes its rows out again).
 */
function startWorkLog(file: string, into: EntryTable, options: WorkLogOptions, month: number) {
  const format = options.logFormat ?? null;
  const specs = format === null ? WORK_LOG_COLUMNS : formatColumnSpecs(format);
  const before = into.size;
  const issues: Issue[] = [];
  const restore = options.restoreNeutralised ?? false;
  // A format that only renames columns (the record in lines.csv) is read by position, as our own log is.
  const renames = format === null || isRenaming(format);
  const read = entryReader(into, file, month, renames && restore, issues);
  let ours: HeaderColumns | null = null;
  // The header as written, for a problem that is the header's rather than each row's.
  let headerFields: readonly string[] = [];
  const withHeader: WorkLogOptions = {
    ...options,
    onHeader: (names, fields) => {
      headerFields = fields;
      options.onHeader?.(names, fields);
    },
  };
  const onRecord = (fields: readonly string[], line: number, header: HeaderColumns) => {
    ours ??= hasDuration(header.columns) ? (renames ? inOurOrder(specs, header) : IN_ORDER) : null;
    if (ours === null) return; // no duration: reported once, below
    if (renames) {
      if (read(fields, ours, line, null)) options.onEntry?.(into.size - 1);
      else options.onInvalidRow?.({ line, values: valuesOf(fields, specs, header, restore), fields: null });
      return;
    }
    // Another tool's export: its values become our text forms first (a format's own problems come first, and
    // a column it could not convert is not checked again).
    const values = valuesOf(fields, specs, header, restore);
    const written = { ...values };
    const converted = convertRow(format!, values);
    for (const { column: name, message } of converted) {
      issues.push({ code: codeOf(name, values[name] ?? ''), message, source: { file, line, column: name }, value: values[name] ?? '' });
    }
    const inOrder = LOG_COLUMNS.map((name) => values[name] ?? '');
    if (read(inOrder, IN_ORDER, line, converted.length === 0 ? null : new Set(converted.map((c) => c.column)))) options.onEntry?.(into.size - 1);
    else options.onInvalidRow?.({ line, values: written, fields: null });
  };
  const finish = (csv: Checked<{ columns: Set<string> }>): Checked<number> => {
    if (csv.issues.some((issue) => issue.code === 'csv-syntax')) {
      into.truncate(before);
      return { value: 0, issues: csv.issues };
    }
    issues.push(...csv.issues);
    const found = csv.value.columns;
    // found is empty when the header itself was unreadable; that is reported already.
    if (found.size > 0 && !hasDuration(found)) {
      issues.push({
        code: 'missing-column',
        message: `the header needs a duration column, or start and end columns, to know how long the work took: ${durationColumns(specs, headerFields)}`,
        source: { file, line: 1 },
        value: 'minutes',
      });
      into.truncate(before);
      return { value: 0, issues };
    }
    // Start and end columns but no duration column, and not one row with an end: the duration is most likely
    // in a column under a name not recognised. One problem for the header, not one for every row (issue 16).
    if (!found.has('minutes') && into.size === before && issues.some((issue) => issue.code === 'missing-duration')) {
      const rows = issues.filter((issue) => issue.code === 'missing-duration').length;
      const others = issues.filter((issue) => issue.code !== 'missing-duration');
      others.push({
        code: 'missing-duration',
        message: `no row has a duration (${rows} row${rows === 1 ? '' : 's'} without minutes or an end time): ${durationColumns(specs, headerFields)}`,
        source: { file, line: 1 },
        value: 'minutes',
      });
      return { value: 0, issues: sortIssues(others) };
    }
    return { value: into.size - before, issues: sortIssues(issues) };
  };
  return { specs, renames, issues, onRecord, finish, options: withHeader };
}

/** Where our columns are in a file read through `specs` (our own, or a format's renaming of them). */
function inOurOrder(specs: readonly ColumnSpec[], header: HeaderColumns): HeaderColumns {
  return {
    at: LOG_COLUMNS.map((name) => {
      const spec = specs.findIndex((s) => s.name === name);
      return spec === -1 ? -1 : header.at[spec]!;
    }),
    columns: header.columns,
  };
}

/** A format that maps columns and nothing else: no conversion of values, no id made of parts. */
function isRenaming(format: LogFormat): boolean {
  return !format.idFrom?.length && !format.dateFormats && !format.timeFormats && !format.duration && !format.values;
}

/**
 * What a header needs for durations, in the names it accepts, what it has (as written), and a column whose
 * name starts like an accepted one ("Trvání (h:mm)"), which is most likely meant.
 */
function durationColumns(specs: readonly ColumnSpec[], fields: readonly string[]): string {
  const names = (column: string) => {
    const spec = specs.find((s) => s.name === column);
    return spec ? [...(spec.aliasesOnly ? [] : [spec.name]), ...(spec.aliases ?? [])] : [];
  };
  const quoted = (list: readonly string[]) => list.map((name) => `"${name}"`).join(', ');
  const accepted = names('minutes');
  const near = fields.find((field) => accepted.some((name) => foldColumnName(field) !== foldColumnName(name) && foldColumnName(field).startsWith(foldColumnName(name))));
  const hint = near === undefined ? '' : `; is it "${near}"? Rename that column to "${accepted.find((name) => foldColumnName(near).startsWith(foldColumnName(name)))}"`;
  return `a duration is read from a column named ${quoted(accepted)}, start and end from ${quoted(names('start'))} and ${quoted(names('end'))} (found: ${fields.filter(Boolean).map((f) => `"${f}"`).join(', ') || 'none'})${hint}`;
}

function hasDuration(found: ReadonlySet<string>): boolean {
  return found.has('minutes') || (found.has('start') && found.has('end'));
}

function codeOf(name: string, value: string): IssueCode {
  return value === '' && REQUIRED.has(name) ? 'missing-value' : (CODE_FOR[name as LogColumn] ?? 'missing-value');
}

/** A value read, with the code it goes into the table as; or why it cannot be read. */
type Coded<T> = { ok: true; value: T; code: number } | { ok: false; message: string };

/**
 * The reader of one file's rows into the table. Dates, times, durations, roles, activities, causes and
 * billable flags repeat on most rows (a million rows hold a few thousand distinct values), so each distinct
 * text is read and coded once; ids, cases, customers and descriptions are taken as they come. A row's
 * problems go to `issues`, every column's at once, and it is not added. Gives whether the row was added.
 */
function entryReader(into: EntryTable, file: string, month: number, restore: boolean, issues: Issue[]) {
  const fileCode = into.words.number(file);
  const text = (raw: string | undefined): string => {
    const trimmed = (raw ?? '').trim();
    return restore ? restoreNeutralised(trimmed) : trimmed;
  };
  const once = <T>(reader: FieldReader<T>, code: (value: T) => number) => {
    const seen = new Map<string, Coded<T>>();
    return (raw: string): Coded<T> => {
      let coded = seen.get(raw);
      if (coded === undefined) {
        const result = reader(text(raw));
        coded = result.ok ? { ok: true, value: result.value, code: code(result.value) } : result;
        // A column of mostly distinct values (garbage in a date column) is not remembered past this.
        if (seen.size < 1 << 16) seen.set(raw, coded);
      }
      return coded;
    };
  };
  const timeCode = (time: ClockTime | null) => (time === null ? NONE : into.times.number(time));
  const dateOf = once(readDateAndTime, (value) => into.days.number(value.date));
  const startOf = once(readClockTime, timeCode);
  const endOf = once(readClockTime, timeCode);
  const minutesOf = once(readMinutes, (value) => value ?? NONE);
  const roleOf = once(readRole, (value) => (value === null ? NONE : ROLES.indexOf(value)));
  const activityOf = once(readActivity, (value) => (value === null ? NONE : into.words.number(value)));
  const causeOf = once(readCause, (value) => (value === null ? NONE : CAUSES.indexOf(value)));
  const billableOf = once(readBillable, (value) => (value === null ? NONE : BILLABLE.indexOf(value)));

  return (fields: readonly string[], header: HeaderColumns, line: number, skip: ReadonlySet<string> | null): boolean => {
    const at = header.at;
    const field = (index: number) => (at[index] === -1 ? '' : (fields[at[index]!] ?? ''));
    const id = text(field(column.id));
    const caseId = text(field(column.case));
    const customer = text(field(column.customer));
    const date = dateOf(field(column.date));
    const start = startOf(field(column.start));
    const end = endOf(field(column.end));
    const minutes = minutesOf(field(column.minutes));
    const technician = text(field(column.technician));
    const role = roleOf(field(column.role));
    const activity = activityOf(field(column.activity));
    const cause = causeOf(field(column.cause));
    const billable = billableOf(field(column.billable));
    if (!date.ok || !start.ok || !end.ok || !minutes.ok || !role.ok || !cause.ok || !billable.ok || id === '' || customer === '' || technician === '' || skip !== null) {
      // Every column's problem at once, in the columns' order; a column a format could not convert is reported already.
      const problems: [LogColumn, string][] = [];
      const check = (name: LogColumn, result: { ok: true } | { ok: false; message: string }) => {
        if (!result.ok && !skip?.has(name)) problems.push([name, result.message]);
      };
      const required = (name: LogColumn, value: string) => check(name, value === '' ? { ok: false, message: 'is empty; a value is required' } : { ok: true });
      required('id', id);
      required('customer', customer);
      check('date', date);
      check('start', start);
      check('end', end);
      check('minutes', minutes);
      required('technician', technician);
      check('role', role);
      check('cause', cause);
      check('billable', billable);
      for (const [name, message] of problems) {
        const value = text(field(column[name]));
        issues.push({ code: codeOf(name, value), message, source: { file, line, column: name }, value });
      }
      return false;
    }
    // Exports often write the start time into the date column (`3.5.2024 9:05`); it must agree with `start`.
    const startInDate = date.value.time;
    if (startInDate !== null && start.value !== null && startInDate !== start.value) {
      issues.push({
        code: 'bad-time',
        message: `the date gives the time ${startInDate} but start says ${start.value}; give the start time once`,
        source: { file, line, column: 'start' },
        value: start.value,
      });
      return false;
    }
    const startTime = start.value ?? startInDate;
    const duration = durationOf(date.value.date, startTime, end.value, minutes.value, file, line);
    if ('issue' in duration) {
      issues.push(duration.issue);
      return false;
    }
    const codes: EntryCodes = {
      id,
      customer: into.customers.number(customer),
      case: caseId === '' ? NONE : into.cases.number(caseId),
      day: date.code,
      start: start.value === null ? timeCode(startInDate) : start.code,
      end: end.code,
      minutes: duration.value,
      technician: into.words.number(technician),
      activity: activity.ok ? activity.code : NONE,
      role: role.code,
      cause: cause.code,
      billable: billable.code,
      file: fileCode,
      line,
      month,
      description: text(field(column.description)),
    };
    into.addCodes(codes);
    return true;
  };
}

function durationOf(
  date: IsoDate,
  start: ClockTime | null,
  end: ClockTime | null,
  given: number | null,
  file: string,
  line: number,
): { value: number } | { issue: Issue } {
  if (start !== null && end !== null) {
    const span = minutesBetween(date, start, end);
    if (!span.ok) {
      return { issue: { code: 'nonexistent-time', message: span.message, source: { file, line, column: 'start' }, value: `${start}–${end}` } };
    }
    if (span.value <= 0) {
      return {
        issue: {
          code: 'end-before-start',
          message: `end ${end} is ${span.value === 0 ? 'the same as' : 'before'} start ${start}; work past midnight must be split at midnight`,
          source: { file, line, column: 'end' },
          value: end,
        },
      };
    }
    if (given !== null && given !== span.value) {
      return {
        issue: {
          code: 'duration-mismatch',
          message: `minutes says ${given} but ${start}–${end} is ${span.value} minutes; fix one of them`,
          source: { file, line, column: 'minutes' },
          value: String(given),
        },
      };
    }
    return { value: span.value };
  }
  if (given !== null) return { value: given };
  const missing = start === null ? 'start' : 'end';
  return {
    issue: {
      code: 'missing-duration',
      message: start === null && end === null
        ? 'no duration: fill in minutes, or start and end'
        : `no duration: minutes is empty and so is ${missing}`,
      source: { file, line, column: 'minutes' },
      value: '',
    },
  };
}
