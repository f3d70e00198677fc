import { DateTime } from 'luxon';
import { foldColumnName, type ColumnSpec } from './read-csv.js';

/*
 * Other tools' exports (issue 3): a log format says which of an export's columns holds each work-log column
 * and how its dates, times and durations are written. Rows are converted to the canonical text forms and then
 * read by the same field readers as our own log, so every check and message stays the same.
 */

import { LOG_COLUMNS, type LogColumn } from '../formats/work-log.js';

export const DURATION_FORMS = ['minutes', 'hh:mm:ss', 'decimal-hours'] as const;

export interface LogFormat {
  /** How messages name it: `--preset toggl`, `logFormat in ipex-bill.config.json`. */
  name: string;
  /** Our column → the export's header that holds it. Columns left out are empty for every row. */
  columns: Partial<Record<LogColumn, string>>;
  /**
   * For exports without an entry id: the headers whose values together identify an entry. Choose who and
   * when (user, start date, start time), not what: an edited description must keep the id, so that a closed
   * month sees the edit instead of a new entry. The date and start parts are written in our forms
   * (`2024-05-03 09:05:00`), so the id does not change with the tool's date-format setting.
   */
  idFrom?: readonly string[];
  /** luxon formats tried in order (`MM/dd/yyyy`); default: our own forms (YYYY-MM-DD, D.M.YYYY). */
  dateFormats?: readonly string[];
  /** luxon formats tried in order for start and end (`HH:mm:ss`, `hh:mm:ss a`); seconds are dropped. */
  timeFormats?: readonly string[];
  /** `hh:mm:ss` (seconds round up to a whole minute: a started minute is worked), `decimal-hours` (`1.5`), or our forms. */
  duration?: (typeof DURATION_FORMS)[number];
  /** Export value → our value, per column (a client's name → its customer id, a tag → an activity code). */
  values?: Partial<Record<LogColumn, Record<string, string>>>;
  /** The preset a config's format starts from, so that `--preset` naming the same tool keeps the config's additions. */
  basedOn?: string;
}

/** The columns a format must map, because no row can be billed without them. */
export function unmappedRequiredColumns(format: LogFormat): string[] {
  const missing: string[] = [];
  if (!format.columns.id && !(format.idFrom && format.idFrom.length > 0)) missing.push('id (or idFrom)');
  for (const column of ['customer', 'date', 'technician'] as const) if (!format.columns[column]) missing.push(column);
  if (!format.columns.minutes && !(format.columns.start && format.columns.end)) missing.push('minutes (or start and end)');
  return missing;
}

/** The header columns a format reads: each mapped column under the export's name, and the id's parts. */
export function formatColumnSpecs(format: LogFormat): ColumnSpec[] {
  const specs: ColumnSpec[] = LOG_COLUMNS.filter((c) => format.columns[c] !== undefined).map((c) => ({
    name: c,
    required: true,
    aliases: [format.columns[c]!],
    aliasesOnly: true,
  }));
  (format.idFrom ?? []).forEach((header, index) => specs.push({ name: idPart(index), required: true, aliases: [header], aliasesOnly: true }));
  return specs;
}

const idPart = (index: number) => `id part ${index + 1}`;

/**
 * Convert one row's values (keyed by our column names) to our text forms, in place. Returns the values that
 * cannot be converted, by column; the row's other columns are still read and checked as usual.
 */
export function convertRow(format: LogFormat, values: Record<string, string>): { column: string; message: string }[] {
  const problems: { column: string; message: string }[] = [];
  const idParts = (format.idFrom ?? []).map((header, i) => ({ header, value: values[idPart(i)] ?? '' }));
  for (const [column, map] of foldedValueMaps(format)) {
    const value = values[column];
    if (value === undefined || value === '') continue;
    const mapped = map.get(value) ?? map.get(foldColumnName(value));
    if (mapped !== undefined) values[column] = mapped;
  }
  let date: DateTime | null = null;
  if (format.dateFormats && values.date) {
    date = parseWith(values.date, format.dateFormats);
    if (date) values.date = date.toISODate()!;
    else problems.push({ column: 'date', message: `"${values.date}" is not a date as ${format.name} writes them (${format.dateFormats.join(' or ')})` });
  }
  let start: DateTime | null = null;
  for (const column of ['start', 'end'] as const) {
    if (format.timeFormats && values[column]) {
      const time = parseWith(values[column]!, format.timeFormats);
      if (time) values[column] = time.toFormat('HH:mm');
      else problems.push({ column, message: `"${values[column]}" is not a time of day as ${format.name} writes them (${format.timeFormats.join(' or ')})` });
      if (column === 'start') start = time;
    }
  }
  if (idParts.length > 0 && !format.columns.id) {
    const same = (header: string | undefined, part: string) => header !== undefined && foldColumnName(header) === foldColumnName(part);
    values.id = idParts
      .map(({ header, value }) => (same(format.columns.date, header) && date ? date.toISODate()! : same(format.columns.start, header) && start ? start.toFormat('HH:mm:ss') : value))
      .filter((v) => v !== '')
      .join(' ');
  }
  const duration = values.minutes;
  if (duration && format.duration === 'hh:mm:ss') {
    const match = /^(\d+):([0-5]\d):([0-5]\d)$/.exec(duration.trim());
    if (match) values.minutes = String(Math.ceil((Number(match[1]) * 3600 + Number(match[2]) * 60 + Number(match[3])) / 60));
    else problems.push({ column: 'minutes', message: `"${duration}" is not a duration as ${format.name} writes them (hh:mm:ss)` });
  } else if (duration && format.duration === 'decimal-hours') {
    values.minutes = `${duration} h`; // our reader takes decimal hours with a unit, exactly, and refuses fractions of minutes
  }
  return problems;
}

function parseWith(text: string, formats: readonly string[]): DateTime | null {
  for (const format of formats) {
    const parsed = DateTime.fromFormat(text.trim(), format, { locale: 'en-US' });
    if (parsed.isValid) return parsed;
  }
  return null;
}

/**
 * A format's value maps, each keyed by the export's values as written and as compared (ignoring case,
 * diacritics and spacing), built once per format rather than searched on every row.
 */
function foldedValueMaps(format: LogFormat): [string, Map<string, string>][] {
  let maps = valueMapsOf.get(format);
  if (!maps) {
    maps = Object.entries(format.values ?? {}).map(([column, map]) => {
      const lookup = new Map<string, string>();
      for (const [from, to] of Object.entries(map ?? {})) {
        lookup.set(from, to);
        if (!lookup.has(foldColumnName(from))) lookup.set(foldColumnName(from), to);
      }
      return [column, lookup];
    });
    valueMapsOf.set(format, maps);
  }
  return maps;
}

const valueMapsOf = new WeakMap<LogFormat, [string, Map<string, string>][]>();
