import { PackedTextTable } from './packed-text-table.js';
import { PackedTexts, type PackedParts } from './packed-texts.js';
import { ROLES, type Cause, type Entry, type Role } from './types.js';

/*
 * The entries of a run as columns (issue 14): one typed array per field, repeated texts (customers, cases, days,
 * times, technicians, activities, files) stored once each and referred to by number, ids and descriptions each
 * in one shared UTF-8 buffer (`PackedTexts`). A million entries take about 80 MB this way instead of half a
 * gigabyte of objects, and ten million fit in one process. Billing still works on `Entry` objects: `entry(row)` makes one, a customer at a
 * time, and the rules never see the columns.
 */

/** Texts stored once each, numbered in the order first seen. */
export class TextTable {
  readonly values: string[] = [];
  /** Each text's number; made when first asked for (a table only read, on another thread, never needs it). */
  private numbers: Map<string, number> | null = new Map();

  /** A table of these texts, numbered in this order (another thread's table, rebuilt). */
  static of(values: readonly string[]): TextTable {
    const table = new TextTable();
    for (const value of values) table.values.push(value); // not push(...values): too many arguments for a call
    table.numbers = null;
    return table;
  }

  number(text: string): number {
    const numbers = (this.numbers ??= new Map(this.values.map((value, n) => [value, n])));
    let n = numbers.get(text);
    if (n === undefined) {
      n = this.values.push(text) - 1;
      numbers.set(text, n);
    }
    return n;
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
  texts: { customers: string[]; cases: PackedParts; days: string[]; times: string[]; words: string[] };
  ids: PackedParts;
  codes: Record<'customer' | 'case' | 'day' | 'start' | 'end' | 'minutes' | 'technician' | 'activity' | 'file' | 'line' | 'month', Int32Array> &
    Record<'role' | 'cause' | 'billable', Int8Array>;
  descriptions: PackedParts;
}

/** The buffers of a table's parts (`EntryTable.parts`), to move to another thread rather than copy. */
export function partsBuffers(parts: EntryTableParts): ArrayBuffer[] {
  const packed = [parts.ids, parts.descriptions, parts.texts.cases].flatMap((p) => [p.bytes, p.starts]);
  return [...Object.values(parts.codes), ...packed].map((column) => column.buffer as ArrayBuffer);
}

/**
 * One entry as its columns' codes: numbers of the table's texts (`customer` in `customers`, `technician`,
 * `activity` and `file` in `words`, …), places in ROLES / CAUSES / BILLABLE, or NONE.
 */
export interface EntryCodes {
  /** As text, or as its UTF-8 bytes (a record read back, copied without decoding). */
  id: string | Uint8Array;
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
  /** Case ids: millions of them in a large month, so packed like the ids. */
  readonly cases = new PackedTextTable();
  readonly days = new TextTable();
  readonly times = new TextTable();
  /** Technicians, activities and file names. */
  readonly words = new TextTable();
  /** Each row's entry id (`ids.text(row)`; compared and joined as bytes, R14). */
  readonly ids = new PackedTexts();
  readonly descriptions = new PackedTexts();
  // The columns lie in shared memory, so that another thread can bill from them without a copy (`share`).
  customer = shared32(1024);
  case = shared32(1024);
  day = shared32(1024);
  start = shared32(1024);
  end = shared32(1024);
  minutes = shared32(1024);
  technician = shared32(1024);
  activity = shared32(1024);
  /** Index into ROLES, causes, or 0/1 for billable; -1: not given. */
  role = shared8(1024);
  cause = shared8(1024);
  billable = shared8(1024);
  file = shared32(1024);
  line = shared32(1024);
  /** For the records of closed months: which month billed the entry (the caller's numbering); -1 in a log. */
  month = shared32(1024);

  /**
   * The table as views of its shared memory, to bill from on another thread (`EntryTable.over`): nothing is
   * copied but the text tables' values, and neither side may add rows while the other reads.
   */
  share(): EntryTableParts {
    return this.asParts((a) => a.subarray(0, this.size), (a) => a.subarray(0, this.size), this.ids.share(), this.descriptions.share(), this.cases.share());
  }

  /** A table over another thread's shared parts (`share`), read only. */
  static over(parts: EntryTableParts): EntryTable {
    const table = new EntryTable();
    const texts = parts.texts;
    Object.assign(table, {
      customers: TextTable.of(texts.customers), cases: PackedTextTable.over(texts.cases), days: TextTable.of(texts.days), times: TextTable.of(texts.times),
      words: TextTable.of(texts.words), ids: PackedTexts.over(parts.ids), descriptions: PackedTexts.over(parts.descriptions), size: parts.size,
      ...parts.codes,
    });
    return table;
  }

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
    this.descriptions.push(codes.description);
    this.size++;
    return row;
  }

  /**
   * The table as plain arrays, sized to its rows, to hand to another thread (every buffer can be transferred):
   * a piece of a log read on a worker comes back this way and is appended with `appendParts`.
   */
  parts(): EntryTableParts {
    return this.asParts((a) => a.slice(0, this.size), (a) => a.slice(0, this.size), this.ids.parts(), this.descriptions.parts(), this.cases.parts());
  }

  /** The table's parts, each code column through `int32` or `int8`. */
  private asParts(int32: (a: Int32Array) => Int32Array, int8: (a: Int8Array) => Int8Array, ids: PackedParts, descriptions: PackedParts, cases: PackedParts): EntryTableParts {
    return {
      size: this.size,
      texts: { customers: this.customers.values, cases, days: this.days.values, times: this.times.values, words: this.words.values },
      ids,
      codes: {
        customer: int32(this.customer), case: int32(this.case), day: int32(this.day), start: int32(this.start), end: int32(this.end),
        minutes: int32(this.minutes), technician: int32(this.technician), activity: int32(this.activity), file: int32(this.file),
        line: int32(this.line), month: int32(this.month), role: int8(this.role), cause: int8(this.cause), billable: int8(this.billable),
      },
      descriptions,
    };
  }

  /** Append the rows of another table's parts, their lines moved down by `lineOffset` (where its piece starts). */
  appendParts(parts: EntryTableParts, lineOffset: number): void {
    // Column by column: the texts as two blocks of bytes, the codes through each text table's new numbers.
    const at = this.size;
    while (this.customer.length < at + parts.size) this.grow();
    this.ids.append(parts.ids);
    this.descriptions.append(parts.descriptions);
    const remap = (values: readonly string[], table: TextTable) => Int32Array.from(values, (value) => table.number(value));
    const customers = remap(parts.texts.customers, this.customers);
    const cases = this.cases.numbersOf(parts.texts.cases);
    const days = remap(parts.texts.days, this.days);
    const times = remap(parts.texts.times, this.times);
    const words = remap(parts.texts.words, this.words);
    const coded = (map: Int32Array, code: number) => (code === NONE ? NONE : map[code]!);
    const c = parts.codes;
    for (let row = 0; row < parts.size; row++) {
      const to = at + row;
      this.customer[to] = customers[c.customer[row]!]!;
      this.case[to] = coded(cases, c.case[row]!);
      this.day[to] = days[c.day[row]!]!;
      this.start[to] = coded(times, c.start[row]!);
      this.end[to] = coded(times, c.end[row]!);
      this.minutes[to] = c.minutes[row]!;
      this.technician[to] = words[c.technician[row]!]!;
      this.activity[to] = coded(words, c.activity[row]!);
      this.role[to] = c.role[row]!;
      this.cause[to] = c.cause[row]!;
      this.billable[to] = c.billable[row]!;
      this.file[to] = words[c.file[row]!]!;
      this.line[to] = c.line[row]! + lineOffset;
      this.month[to] = c.month[row]!;
    }
    this.size += parts.size;
  }

  /** Forget the rows from `size` on (a file found broken after its first rows were kept). */
  truncate(size: number): void {
    if (size >= this.size) return;
    this.size = size;
    this.ids.truncate(size);
    this.descriptions.truncate(size);
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
      id: this.ids.text(row),
      caseId: caseNumber === NONE ? null : this.cases.text(caseNumber),
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
      description: this.descriptions.text(row),
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

  /**
   * Make room for `rows` more rows, with `idBytes` and `descriptionBytes` of text in all, at once: reading a
   * large log, growing by doubling would leave the columns up to twice as large as the rows (a third more
   * memory at ten million entries) and copy them on the way.
   */
  reserve(rows: number, idBytes: number, descriptionBytes: number): void {
    if (this.size + rows > this.customer.length) this.resize(this.size + rows);
    this.ids.reserve(idBytes, rows);
    this.descriptions.reserve(descriptionBytes, rows);
  }

  /**
   * Let go of the room beyond the rows held, a column at a time (once the inputs are read), when it is more
   * than an eighth: the columns are copied to do it, which for room reserved close to the size (a large log)
   * would cost far more memory for a while than it gives back.
   */
  compact(): void {
    if (this.customer.length > this.size * SLACK) this.resize(this.size);
    this.ids.compact();
    this.descriptions.compact();
    this.cases.compact();
  }

  /** How many bytes the rows' descriptions take (for an estimate of what is still to come). */
  get descriptionBytes(): number {
    return this.descriptions.from(this.size);
  }

  /** How many bytes the rows' ids take. */
  get idBytes(): number {
    return this.ids.from(this.size);
  }

  private grow(): void {
    this.resize(Math.max(1024, this.customer.length * 2));
  }

  private resize(size: number): void {
    const int32 = (a: Int32Array) => {
      const b = shared32(size);
      b.set(a.subarray(0, Math.min(size, this.size)));
      return b;
    };
    const int8 = (a: Int8Array) => {
      const b = shared8(size);
      b.set(a.subarray(0, Math.min(size, this.size)));
      return b;
    };
    // The parts' code columns are named as the table's own: each is replaced by its resized copy.
    Object.assign(this, this.asParts(int32, int8, this.ids.share(), this.descriptions.share(), this.cases.share()).codes);
  }
}

/** Room beyond the rows that `compact` leaves as it is. */
const SLACK = 1.125;

/** An Int32Array in shared memory: another thread reads it where it lies. */
export function shared32(size: number): Int32Array {
  return new Int32Array(new SharedArrayBuffer(size * 4));
}

function shared8(size: number): Int8Array {
  return new Int8Array(new SharedArrayBuffer(size));
}
