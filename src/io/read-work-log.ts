import { sortIssues, type Checked, type Issue } from '../billing/issue.js';
import type { Entry, IsoDate } from '../billing/types.js';
import {
  minutesBetween,
  readActivity,
  readBillable,
  readCause,
  readClockTime,
  readDateAndTime,
  readMinutes,
  readOptionalText,
  readRequiredText,
  readRole,
} from './fields.js';
import type { ColumnSpec, CsvTableOptions } from './read-csv.js';
import type { ByteSource } from './byte-source.js';
import type { RowOf, RowSchema } from './fields.js';
import { readRows, type ReadRow } from './read-rows.js';
import { convertRow, formatColumnSpecs, type LogFormat } from './log-format.js';

/** How a work log is read: its dialect, and for another tool's export, the format that maps it onto ours. */
export interface WorkLogOptions extends CsvTableOptions {
  logFormat?: LogFormat | null;
  /** Take each entry as it is read instead of returning them all (into columns, `EntryTable`). */
  onEntry?: (entry: Entry) => void;
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

/** The work-log row's shape: each column and how it is read. */
const workLogRow = {
  id: readRequiredText,
  case: readOptionalText,
  customer: readRequiredText,
  date: readDateAndTime,
  start: readClockTime,
  end: readClockTime,
  minutes: readMinutes,
  technician: readRequiredText,
  role: readRole,
  activity: readActivity,
  cause: readCause,
  billable: readBillable,
  description: readOptionalText,
} satisfies RowSchema;

/** A work-log row once read: the date's optional time has become the start time. */
type WorkLogRow = Omit<RowOf<typeof workLogRow>, 'date'> & { date: IsoDate };

/**
 * Read one work-log file into entries. The duration is `minutes`, or `start`–`end` on the entry's date in
 * Europe/Prague; when both are given they must agree.
 */
export function parseWorkLog(bytes: Uint8Array | ByteSource, file: string, options: WorkLogOptions = {}): Checked<Entry[]> {
  const format = options.logFormat ?? null;
  const columns = format === null ? WORK_LOG_COLUMNS : formatColumnSpecs(format);
  const convert = format === null ? undefined : (values: Record<string, string>) => convertRow(format, values);
  const issues: Issue[] = [];
  const entries: Entry[] = [];
  const hasDuration = (found: ReadonlySet<string>) => found.has('minutes') || (found.has('start') && found.has('end'));
  // Each row becomes an entry as it is read, so the rows themselves are never all held at once.
  const each = ({ value: raw, source, raw: written }: ReadRow<typeof workLogRow>, found: ReadonlySet<string>) => {
    if (!hasDuration(found)) return; // reported once, below
    const setAside = () => options.onInvalidRow?.({ line: source.line, values: written, fields: null });
    // Exports often write the start time into the date column (`3.5.2024 9:05`); it must agree with `start`.
    const startInDate = raw.date.time;
    if (startInDate !== null && raw.start !== null && startInDate !== raw.start) {
      issues.push({
        code: 'bad-time',
        message: `the date gives the time ${startInDate} but start says ${raw.start}; give the start time once`,
        source: { ...source, column: 'start' },
        value: raw.start,
      });
      setAside();
      return;
    }
    const row: WorkLogRow = { ...raw, date: raw.date.date, start: raw.start ?? startInDate };
    const minutes = durationOf(row, source.file, source.line);
    if ('issue' in minutes) {
      issues.push(minutes.issue);
      setAside();
      return;
    }
    const entry: Entry = {
      id: row.id,
      caseId: row.case,
      customer: row.customer,
      date: row.date,
      start: row.start,
      end: row.end,
      minutes: minutes.value,
      technician: row.technician,
      role: row.role,
      activity: row.activity,
      cause: row.cause,
      billable: row.billable,
      description: row.description ?? '',
      source,
    };
    if (options.onEntry) options.onEntry(entry);
    else entries.push(entry);
  };
  const read = readRows(bytes, file, columns, workLogRow, {
    date: 'bad-date',
    start: 'bad-time',
    end: 'bad-time',
    minutes: 'bad-minutes',
    role: 'bad-role',
    cause: 'bad-cause',
    billable: 'bad-billable',
  }, options, { convert, each });
  if (read.issues.some((issue) => issue.code === 'csv-syntax')) return { value: [], issues: read.issues };
  issues.push(...read.issues);
  const found = read.value.columns;
  // found is empty when the header itself was unreadable; that is reported already.
  if (found.size > 0 && !hasDuration(found)) {
    issues.push({
      code: 'missing-column',
      message: 'the header needs a "minutes" column, or "start" and "end" columns, to know how long the work took',
      source: { file, line: 1 },
      value: 'minutes',
    });
    return { value: [], issues };
  }
  return { value: entries, issues: sortIssues(issues) };
}

function durationOf(row: WorkLogRow, file: string, line: number): { value: number } | { issue: Issue } {
  if (row.start !== null && row.end !== null) {
    const span = minutesBetween(row.date, row.start, row.end);
    if (!span.ok) {
      return { issue: { code: 'nonexistent-time', message: span.message, source: { file, line, column: 'start' }, value: `${row.start}–${row.end}` } };
    }
    if (span.value <= 0) {
      return {
        issue: {
          code: 'end-before-start',
          message: `end ${row.end} is ${span.value === 0 ? 'the same as' : 'before'} start ${row.start}; work past midnight must be split at midnight`,
          source: { file, line, column: 'end' },
          value: row.end,
        },
      };
    }
    if (row.minutes !== null && row.minutes !== span.value) {
      return {
        issue: {
          code: 'duration-mismatch',
          message: `minutes says ${row.minutes} but ${row.start}–${row.end} is ${span.value} minutes; fix one of them`,
          source: { file, line, column: 'minutes' },
          value: String(row.minutes),
        },
      };
    }
    return { value: span.value };
  }
  if (row.minutes !== null) return { value: row.minutes };
  const missing = row.start === null ? 'start' : 'end';
  return {
    issue: {
      code: 'missing-duration',
      message: row.start === null && row.end === null
        ? 'no duration: fill in minutes, or start and end'
        : `no duration: minutes is empty and so is ${missing}`,
      source: { file, line, column: 'minutes' },
      value: '',
    },
  };
}
