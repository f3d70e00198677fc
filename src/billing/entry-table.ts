import { ROLES, type Cause, type Entry, type Role } from './types.js';

/*
 * The entries of a run as columns (issue 14): one typed array per field, repeated texts (customers, cases, days,
 * times, technicians, activities, files) stored once each and referred to by number, descriptions in one shared
 * UTF-8 buffer. A million entries take about 60 MB this way instead of half a gigabyte of objects, and ten
 * million fit in one process. Billing still works on `Entry` objects: `entry(row)` makes one, a customer at a
 * time, and the rules never see the columns.
 */

/** Texts stored once each, numbered in the order first seen. */
export class TextTable {
  readonly values: string[] = [];
  private readonly numbers = new Map<string, number>();

  number(text: string): number {
    let n = this.numbers.get(text);
    if (n === undefined) {
      n = this.values.push(text) - 1;
      this.numbers.set(text, n);
    }
    return n;
  }

  /** Each text's place in code-unit order (R13), by number. */
  ranks(): Int32Array {
    const order = this.values.map((_, i) => i).sort((a, b) => (this.values[a]! < this.values[b]! ? -1 : this.values[a]! > this.values[b]! ? 1 : 0));
    const ranks = new Int32Array(this.values.length);
    order.forEach((n, rank) => (ranks[n] = rank));
    return ranks;
  }
}

/** The code of a value not given (no case, no start time, no role, …), and of a row that is not a record's. */
export const NONE = -1;
/** The codes of `role`, `cause` and `billable` are places in these lists. */
export const CAUSES: readonly Cause[] = ['customer', 'ipex'];
export const BILLABLE: readonly boolean[] = [false, true];

/** An entry table as plain, transferable arrays (`EntryTable.parts`). */
export interface EntryTableParts {
  size: number;
  texts: { customers: string[]; cases: string[]; days: string[]; times: string[]; words: string[] };
  ids: string[];
  codes: Record<'customer' | 'case' | 'day' | 'start' | 'end' | 'minutes' | 'technician' | 'activity' | 'file' | 'line' | 'month', Int32Array> &
    Record<'role' | 'cause' | 'billable', Int8Array>;
  text: Uint8Array;
  textStart: Float64Array;
}

/**
 * One entry as its columns' codes: numbers of the table's texts (`customer` in `customers`, `technician`,
 * `activity` and `file` in `words`, …), places in ROLES / CAUSES / BILLABLE, or NONE.
 */
export interface EntryCodes {
  id: string;
  customer: number;
  case: number;
  day: number;
  start: number;
  end: number;
  minutes: number;
  technician: number;
  activity: number;
  role: number;
  cause: number;
  billable: number;
  file: number;
  line: number;
  month: number;
  /** As text, or as its UTF-8 bytes (a record read back, copied without decoding). */
  description: string | Uint8Array;
}

export class EntryTable {
  size = 0;
  readonly customers = new TextTable();
  readonly cases = new TextTable();
  readonly days = new TextTable();
  readonly times = new TextTable();
  /** Technicians, activities and file names. */
  readonly words = new TextTable();
  readonly ids: string[] = [];
  customer = new Int32Array(1024);
  case = new Int32Array(1024);
  day = new Int32Array(1024);
  start = new Int32Array(1024);
  end = new Int32Array(1024);
  minutes = new Int32Array(1024);
  technician = new Int32Array(1024);
  activity = new Int32Array(1024);
  /** Index into ROLES, causes, or 0/1 for billable; -1: not given. */
  role = new Int8Array(1024);
  cause = new Int8Array(1024);
  billable = new Int8Array(1024);
  file = new Int32Array(1024);
  line = new Int32Array(1024);
  /** For the records of closed months: which month billed the entry (the caller's numbering); -1 in a log. */
  month = new Int32Array(1024);
  private text: Buffer = Buffer.allocUnsafe(1 << 16);
  private textEnd = 0;
  /** Where each description starts in `text`; the next one's start is where it ends. */
  private textStart = new Float64Array(1025);

  /** Keep one entry given as its columns' codes (the reader's way: each distinct text is coded once); gives its row. */
  addCodes(codes: EntryCodes): number {
    const row = this.size;
    if (row === this.customer.length) this.grow();
    this.ids.push(codes.id);
    this.customer[row] = codes.customer;
    this.case[row] = codes.case;
    this.day[row] = codes.day;
    this.start[row] = codes.start;
    this.end[row] = codes.end;
    this.minutes[row] = codes.minutes;
    this.technician[row] = codes.technician;
    this.activity[row] = codes.activity;
    this.role[row] = codes.role;
    this.cause[row] = codes.cause;
    this.billable[row] = codes.billable;
    this.file[row] = codes.file;
    this.line[row] = codes.line;
    this.month[row] = codes.month;
    const description = codes.description;
    const most = typeof description === 'string' ? description.length * 3 : description.length;
    if (this.textEnd + most > this.text.length) {
      const larger = Buffer.allocUnsafe(Math.max(this.text.length * 2, this.textEnd + most));
      this.text.copy(larger, 0, 0, this.textEnd);
      this.text = larger;
    }
    if (typeof description === 'string') this.textEnd += this.text.write(description, this.textEnd, 'utf8');
    else {
      this.text.set(description, this.textEnd);
      this.textEnd += description.length;
    }
    this.textStart[row + 1] = this.textEnd;
    this.size++;
    return row;
  }

  /**
   * The table as plain arrays, sized to its rows, to hand to another thread (every buffer can be transferred):
   * a piece of a log read on a worker comes back this way and is appended with `appendParts`.
   */
  parts(): EntryTableParts {
    const int32 = (a: Int32Array) => a.slice(0, this.size);
    const int8 = (a: Int8Array) => a.slice(0, this.size);
    return {
      size: this.size,
      texts: { customers: this.customers.values, cases: this.cases.values, days: this.days.values, times: this.times.values, words: this.words.values },
      ids: this.ids.slice(0, this.size),
      codes: {
        customer: int32(this.customer), case: int32(this.case), day: int32(this.day), start: int32(this.start), end: int32(this.end),
        minutes: int32(this.minutes), technician: int32(this.technician), activity: int32(this.activity), file: int32(this.file),
        line: int32(this.line), month: int32(this.month), role: int8(this.role), cause: int8(this.cause), billable: int8(this.billable),
      },
      text: new Uint8Array(this.text.subarray(0, this.textEnd)),
      textStart: this.textStart.slice(0, this.size + 1),
    };
  }

  /** Append the rows of another table's parts, their lines moved down by `lineOffset` (where its piece starts). */
  appendParts(parts: EntryTableParts, lineOffset: number): void {
    const remap = (values: readonly string[], table: TextTable) => Int32Array.from(values, (value) => table.number(value));
    const customers = remap(parts.texts.customers, this.customers);
    const cases = remap(parts.texts.cases, this.cases);
    const days = remap(parts.texts.days, this.days);
    const times = remap(parts.texts.times, this.times);
    const words = remap(parts.texts.words, this.words);
    const coded = (map: Int32Array, code: number) => (code === NONE ? NONE : map[code]!);
    const c = parts.codes;
    for (let row = 0; row < parts.size; row++) {
      this.addCodes({
        id: parts.ids[row]!,
        customer: customers[c.customer[row]!]!,
        case: coded(cases, c.case[row]!),
        day: days[c.day[row]!]!,
        start: coded(times, c.start[row]!),
        end: coded(times, c.end[row]!),
        minutes: c.minutes[row]!,
        technician: words[c.technician[row]!]!,
        activity: coded(words, c.activity[row]!),
        role: c.role[row]!,
        cause: c.cause[row]!,
        billable: c.billable[row]!,
        file: words[c.file[row]!]!,
        line: c.line[row]! + lineOffset,
        month: c.month[row]!,
        description: parts.text.subarray(parts.textStart[row]!, parts.textStart[row + 1]!),
      });
    }
  }

  /** Forget the rows from `size` on (a file found broken after its first rows were kept). */
  truncate(size: number): void {
    if (size >= this.size) return;
    this.size = size;
    this.ids.length = size;
    this.textEnd = this.textStart[size]!;
  }

  /** The entry of a row, as the reader made it (the same shape, so the rules' code stays monomorphic). */
  entry(row: number): Entry {
    const caseNumber = this.case[row]!;
    const start = this.start[row]!;
    const end = this.end[row]!;
    const activity = this.activity[row]!;
    const role = this.role[row]!;
    const cause = this.cause[row]!;
    const billable = this.billable[row]!;
    return {
      id: this.ids[row]!,
      caseId: caseNumber === NONE ? null : this.cases.values[caseNumber]!,
      customer: this.customers.values[this.customer[row]!]!,
      date: this.days.values[this.day[row]!]!,
      start: start === NONE ? null : this.times.values[start]!,
      end: end === NONE ? null : this.times.values[end]!,
      minutes: this.minutes[row]!,
      technician: this.words.values[this.technician[row]!]!,
      role: role === NONE ? null : (ROLES[role] as Role),
      activity: activity === NONE ? null : this.words.values[activity]!,
      cause: cause === NONE ? null : CAUSES[cause]!,
      billable: billable === NONE ? null : BILLABLE[billable]!,
      description: this.text.toString('utf8', this.textStart[row]!, this.textStart[row + 1]!),
      source: { file: this.words.values[this.file[row]!]!, line: this.line[row]! },
    };
  }

  /** The dates some row has, in no particular order. */
  datesInUse(): string[] {
    const used = new Uint8Array(this.days.values.length);
    for (let row = 0; row < this.size; row++) used[this.day[row]!] = 1;
    return this.days.values.filter((_, day) => used[day] === 1);
  }

  customerOf(row: number): string {
    return this.customers.values[this.customer[row]!]!;
  }

  dateOf(row: number): string {
    return this.days.values[this.day[row]!]!;
  }

  fileOf(row: number): string {
    return this.words.values[this.file[row]!]!;
  }

  private grow(): void {
    const size = this.customer.length * 2;
    const int32 = (a: Int32Array) => {
      const b = new Int32Array(size);
      b.set(a);
      return b;
    };
    const int8 = (a: Int8Array) => {
      const b = new Int8Array(size);
      b.set(a);
      return b;
    };
    this.customer = int32(this.customer);
    this.case = int32(this.case);
    this.day = int32(this.day);
    this.start = int32(this.start);
    this.end = int32(this.end);
    this.minutes = int32(this.minutes);
    this.technician = int32(this.technician);
    this.activity = int32(this.activity);
    this.file = int32(this.file);
    this.line = int32(this.line);
    this.month = int32(this.month);
    this.role = int8(this.role);
    this.cause = int8(this.cause);
    this.billable = int8(this.billable);
    const starts = new Float64Array(size + 1);
    starts.set(this.textStart);
    this.textStart = starts;
  }
}
