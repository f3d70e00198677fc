import { DateTime } from 'luxon';
import { closestMatch } from '../billing/suggest.js';
import type { Cause, ClockTime, IsoDate, Language, Role, Tier } from '../billing/types.js';

/** Dates and times in work logs are wall-clock Europe/Prague (R1 terms: billing month). */
export const PRAGUE = 'Europe/Prague';

/** The longest a single entry may last: one day. A longer value is almost always a typo (600 for 60). */
export const MAX_ENTRY_MINUTES = 24 * 60;

/** The result of reading one field: the value, or a plain-language reason why it cannot be read. */
export type FieldResult<T> = { ok: true; value: T } | { ok: false; message: string };

const ok = <T>(value: T): FieldResult<T> => ({ ok: true, value });
const fail = (message: string): FieldResult<never> => ({ ok: false, message });

/** Reads one column's raw text. */
export type FieldReader<T> = (raw: string) => FieldResult<T>;

/** A row's shape, declared once: each column and how to read it. */
export type RowSchema = Record<string, FieldReader<unknown>>;

/** The typed row a schema reads, inferred from its field readers. */
export type RowOf<S extends RowSchema> = { [K in keyof S]: S[K] extends FieldReader<infer T> ? T : never };

/**
 * Read a row through its schema: the typed row, or every column's problem. Plain function calls rather than a
 * validation library, because this runs for every row of every log (measured: 4× faster than zod here).
 */
export function readRow<S extends RowSchema>(
  schema: S,
  values: Record<string, string>,
): { ok: true; row: RowOf<S> } | { ok: false; problems: { column: string; message: string }[] } {
  const row: Record<string, unknown> = {};
  const problems: { column: string; message: string }[] = [];
  for (const column in schema) {
    const result = schema[column]!(values[column] ?? '');
    if (result.ok) row[column] = result.value;
    else problems.push({ column, message: result.message });
  }
  return problems.length === 0 ? { ok: true, row: row as RowOf<S> } : { ok: false, problems };
}

export function readRequiredText(raw: string): FieldResult<string> {
  return raw === '' ? fail('is empty; a value is required') : ok(raw);
}

export function readOptionalText(raw: string): FieldResult<string | null> {
  return ok(raw === '' ? null : raw);
}

/** A date as written in exports: `2024-05-03`, or Czech `3.5.2024`, `3. 5. 2024`, `03.05.2024`. */
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const CZECH_DATE = /^(\d{1,2})\.\s?(\d{1,2})\.\s?(\d{4})$/;
const DATE_FORMS = 'YYYY-MM-DD or D.M.YYYY';

/** A real calendar day in any of the accepted forms, as `YYYY-MM-DD` (plain arithmetic: this runs for every row). */
export function readIsoDate(raw: string): FieldResult<IsoDate> {
  if (raw === '') return fail(`is empty; a date (${DATE_FORMS}) is required`);
  const iso = ISO_DATE.exec(raw);
  const czech = iso ? null : CZECH_DATE.exec(raw);
  if (!iso && !czech) return fail(`"${raw}" is not a date (use ${DATE_FORMS})`);
  const [year, month, day] = iso ? [Number(iso[1]), Number(iso[2]), Number(iso[3])] : [Number(czech![3]), Number(czech![2]), Number(czech![1])];
  if (!(month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month))) return fail(`"${raw}" is not a day of the calendar`);
  return ok(iso ? raw : `${String(year)}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`);
}

/** A day, optionally followed by the time the work started (`3.5.2024 9:05`, `2024-05-03 09:05`, Excel's `3.5.2024 9:05:00`). */
export function readDateAndTime(raw: string): FieldResult<{ date: IsoDate; time: ClockTime | null }> {
  const match = /^(.*\d)(?:\s+|T)(\d{1,2}:\d{2}(?::\d{2})?)$/.exec(raw);
  const date = readIsoDate(match ? match[1]! : raw);
  if (!date.ok) return match ? fail(`"${raw}" is not a date and time (use ${DATE_FORMS}, optionally followed by H:MM)`) : date;
  if (!match) return ok({ date: date.value, time: null });
  const time = readClockTime(match[2]!);
  return time.ok ? ok({ date: date.value, time: time.value }) : fail(`"${raw}" has no valid time of day after the date`);
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/**
 * `HH:mm` or `H:mm`, 00:00–23:59, also with seconds as Czech Excel writes times (`9:00:00`; the seconds are
 * dropped: a time of day is kept to the minute); empty means not given.
 */
export function readClockTime(raw: string): FieldResult<ClockTime | null> {
  if (raw === '') return ok(null);
  const match = /^(\d{1,2}):(\d{2})(?::([0-5]\d))?$/.exec(raw);
  if (!match || Number(match[1]) > 23 || Number(match[2]) > 59) return fail(`"${raw}" is not a time of day (use HH:mm, 00:00–23:59, or H:MM:SS)`);
  return ok(`${match[1]!.padStart(2, '0')}:${match[2]}`);
}

/**
 * A duration, more than 0 and at most a day; empty means not given (start and end may give it). Written as
 * whole minutes (`90`, `90 min`), hours and minutes (`1:30`, or `1:30:00` as Czech Excel writes a duration;
 * seconds round up to a whole minute, a started minute being worked, as in the presets), or decimal hours with
 * a unit (`1,5 h`, `1.5h`, `1,5 hod`), which must come to whole minutes (`0,1 h` = 6 min; `0,33 h` is refused,
 * not rounded).
 */
export function readMinutes(raw: string): FieldResult<number | null> {
  if (raw === '') return ok(null);
  const minutes = minutesOf(raw.trim());
  if (minutes === null) {
    return fail(`"${raw}" is not a duration (use minutes like 90, H:MM like 1:30 or 1:30:00, or hours like 1,5 h)`);
  }
  if ('fraction' in minutes) return fail(`"${raw}" is ${minutes.fraction} minutes; give whole minutes`);
  if (minutes.value <= 0) return fail(`"${raw}" is not a duration: work must last more than 0 minutes`);
  if (minutes.value > MAX_ENTRY_MINUTES) return fail(`"${raw}" is more than a day; split the work into one entry per day`);
  return ok(minutes.value);
}

function minutesOf(text: string): { value: number } | { fraction: string } | null {
  const plain = /^(-?\d+)(?:\s*min)?$/i.exec(text);
  if (plain) return { value: Number(plain[1]) };
  const clock = /^(\d+):([0-5]\d)(?::([0-5]\d))?$/.exec(text);
  if (clock) return { value: Number(clock[1]) * 60 + Number(clock[2]) + (Number(clock[3] ?? '0') > 0 ? 1 : 0) };
  const hours = /^(\d+)(?:[.,](\d{1,4}))?\s*(?:h|hod|hodin|hodiny|hours?)$/i.exec(text);
  if (!hours) return null;
  // Exact: hours × 60 with the decimals as an integer numerator, so 1,5 h is 90 and never 89.99999.
  const decimals = hours[2] ?? '';
  const scale = 10 ** decimals.length;
  const numerator = (Number(hours[1]) * scale + Number(decimals || '0')) * 60;
  return numerator % scale === 0 ? { value: numerator / scale } : { fraction: (numerator / scale).toFixed(2).replace('.', ',') };
}

const ROLE_WORDS: Record<string, Role> = { technician: 'technician', technik: 'technician', consultant: 'consultant', konzultant: 'consultant' };
const CAUSE_WORDS: Record<string, Cause> = { customer: 'customer', 'zákazník': 'customer', klient: 'customer', ipex: 'ipex' };
const BILLABLE_WORDS: Record<string, boolean> = { yes: true, ano: true, no: false, ne: false };
const TIER_WORDS: Record<string, Tier> = { none: 'NONE', 'bez podpory': 'NONE', standard: 'STANDARD', plus: 'PLUS', vip: 'VIP' };

/** A word from a small vocabulary, ignoring case and diacritics (`Zakaznik` is `zákazník`). */
function readWord<T>(words: Record<string, T>, what: string): (raw: string) => FieldResult<T | null> {
  const folded = new Map(Object.entries(words).map(([word, value]) => [fold(word), value]));
  return (raw) => {
    if (raw === '') return ok(null);
    const value = folded.get(fold(raw));
    return value === undefined ? fail(`"${raw}" is not ${what}`) : ok(value);
  };
}

function fold(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
}

export const readRole = readWord(ROLE_WORDS, 'a role (technician or consultant)');
export const readCause = readWord(CAUSE_WORDS, 'a cause (customer or ipex)');
export const readBillable = readWord(BILLABLE_WORDS, 'yes or no');
/** The statement's language (R11): `cs` or `en`, also as Czech or English words. */
export const readLanguage = readWord<Language>(
  { cs: 'cs', cz: 'cs', 'čeština': 'cs', czech: 'cs', en: 'en', 'angličtina': 'en', english: 'en' },
  'a language (cs or en)',
);
const readTierWord = readWord(TIER_WORDS, 'a tier (NONE, STANDARD, PLUS or VIP)');

export function readTier(raw: string): FieldResult<Tier> {
  const tier = readTierWord(raw.replace(/\s+/g, ' '));
  if (!tier.ok) {
    const near = closestMatch(raw, ['NONE', 'STANDARD', 'PLUS', 'VIP', 'BEZ PODPORY']);
    return near === null ? tier : fail(`${tier.message}; did you mean ${near}?`);
  }
  return tier.value === null ? fail('is empty; a tier (NONE, STANDARD, PLUS or VIP) is required') : ok(tier.value);
}

/** Activity codes are lower-case catalogue codes; the export may capitalise them. */
export function readActivity(raw: string): FieldResult<string | null> {
  return ok(raw === '' ? null : raw.toLowerCase());
}

/** `YYYY-MM`. */
export function readMonth(raw: string): FieldResult<string> {
  const match = /^(\d{4})-(\d{2})$/.exec(raw);
  if (!match || Number(match[2]) < 1 || Number(match[2]) > 12) return fail(`"${raw}" is not a month (use YYYY-MM)`);
  return ok(raw);
}

/** Whole number of top-up blocks, 0 or more. */
export function readBlocks(raw: string): FieldResult<number> {
  if (!/^\d+$/.test(raw)) return fail(`"${raw}" is not a whole number of blocks`);
  const blocks = Number(raw);
  return blocks > 1000 ? fail(`"${raw}" blocks is not a plausible number`) : ok(blocks);
}

/**
 * The duration of work from `start` to `end` on `date`, in real minutes in Europe/Prague: work across the
 * spring or autumn clock change lasts the time that really passed. A wall time that does not exist (the
 * skipped hour in spring) is an error; an ambiguous one (the repeated hour in autumn) is read as its first,
 * summer-time occurrence.
 */
export function minutesBetween(date: IsoDate, start: ClockTime, end: ClockTime): FieldResult<number> {
  if (!clocksChangeOn(date)) return ok(minuteOfDay(end) - minuteOfDay(start));
  const at = (time: ClockTime) => {
    const [hour, minute] = time.split(':').map(Number) as [number, number];
    const moment = DateTime.fromISO(date, { zone: PRAGUE }).set({ hour, minute });
    return moment.hour === hour && moment.minute === minute ? moment : null;
  };
  const from = at(start);
  const to = at(end);
  if (!from || !to) return fail(`${from ? end : start} does not exist on ${date} in Prague (the clocks jump from 02:00 to 03:00)`);
  return ok(Math.round(to.diff(from, 'minutes').minutes));
}

/** A date that may be left empty (valid since always). */
export function readOptionalIsoDate(raw: string): FieldResult<IsoDate | null> {
  return raw === '' ? ok(null) : readIsoDate(raw);
}

function minuteOfDay(time: ClockTime): number {
  return Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5));
}

const clockChangeDays = new Map<IsoDate, boolean>();

/** Whether Prague's UTC offset changes during the day; only then does wall-clock arithmetic need luxon. */
function clocksChangeOn(date: IsoDate): boolean {
  let changes = clockChangeDays.get(date);
  if (changes === undefined) {
    const day = DateTime.fromISO(date, { zone: PRAGUE });
    changes = day.startOf('day').offset !== day.endOf('day').offset;
    clockChangeDays.set(date, changes);
  }
  return changes;
}
