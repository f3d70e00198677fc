import { BILLABLE, CAUSES, NONE, type EntryTable } from '../billing/entry-table.js';
import { ROLES, type Entry } from '../billing/types.js';

/*
 * `record.bin`, a closed month's record in a compact binary form (issue 14; manifest@3, documented in
 * docs/outputs.md). It lists the same entries as `lines.csv`, in the same order, exactly as the log had them,
 * so that every later run reads a month's record back in a fraction of the time parsing `lines.csv` takes:
 * history must not make each run slower. `lines.csv` stays the record a person or another tool reads; `verify`
 * checks that the two agree.
 *
 * Layout: the 8 bytes of RECORD_MAGIC, then one entry after another up to the end of the file:
 *   id                                             string
 *   customer, case, date, start, end, technician,  text references, in this order
 *   activity
 *   minutes                                        varint
 *   role, cause, billable                          one byte each: 0 not given, else 1 + the place in
 *                                                  ROLES / CAUSES / BILLABLE (the table's own codes + 1)
 *   line                                           varint: the line of the entry's row in lines.csv
 *   description                                    string
 * where
 *   varint          an unsigned LEB128 number (7 bits a byte, low bits first, high bit set on all but the last)
 *   string          a varint byte length, then that many bytes of UTF-8
 *   text reference  a varint r: 0 not given; r odd: a new text follows as a string and takes the next
 *                   number (from 0, one numbering for all columns); r even: the text numbered r / 2 − 1
 * Each repeated text (a customer, a day, a technician) is thus written once per file.
 */

export const RECORD_BIN = 'record.bin';
/** "IPEXREC" and the layout's version, 1. */
export const RECORD_MAGIC = Uint8Array.from([0x49, 0x50, 0x45, 0x58, 0x52, 0x45, 0x43, 0x01]);
/** The text columns of an entry, in the order they are written. */
export const RECORD_TEXTS = ['customer', 'case', 'date', 'start', 'end', 'technician', 'activity'] as const;

/**
 * Encodes entries in the layout above, one file's worth: `start()` gives its first bytes, `entry(e, line)`
 * adds an entry (with the line of its row in lines.csv), and `take()` gives the bytes added since the last
 * `take`. It keeps the texts written so far, so one encoder serves one file, fed in the file's order.
 */
export function recordEncoder() {
  const texts = new Map<string, number>();
  /** Texts written so far: the next one's number. */
  let count = 0;
  let out = Buffer.allocUnsafe(1 << 16);
  let end = 0;
  const room = (bytes: number) => {
    if (end + bytes <= out.length) return;
    const larger = Buffer.allocUnsafe(Math.max(out.length * 2, end + bytes));
    out.copy(larger, 0, 0, end);
    out = larger;
  };
  const varint = (value: number) => {
    room(10);
    let rest = value;
    while (rest >= 0x80) {
      out[end++] = (rest % 0x80) | 0x80;
      rest = Math.floor(rest / 0x80);
    }
    out[end++] = rest;
  };
  const string = (text: string) => {
    const bytes = Buffer.byteLength(text, 'utf8');
    varint(bytes);
    room(bytes);
    end += out.write(text, end, 'utf8');
  };
  const text = (value: string | null) => {
    if (value === null) return varint(0);
    const known = texts.get(value);
    if (known !== undefined) return varint(2 * (known + 1));
    texts.set(value, count++);
    varint(1);
    string(value);
  };
  const small = (index: number) => {
    room(1);
    out[end++] = index + 1;
  };
  const bytes = (from: Uint8Array, start: number, stop: number) => {
    varint(stop - start);
    room(stop - start);
    end = copyAt(out, end, from, start, stop);
  };
  // For rows of a table: each text table's codes mapped to the texts' numbers here, found once per code, and
  // how each column finds a code's text (made once per table, not once per row).
  let table: EntryTable | null = null;
  let numbered: Int32Array[] = [];
  let textOf: ((code: number) => string)[] = [];
  /** Case codes whose text another column's table has too: numbered through `texts`, like every other text. */
  let sharedCases = new Set<number>();
  const use = (from: EntryTable) => {
    table = from;
    numbered = [from.customers.values.length, from.cases.size, from.days.values.length, from.times.values.length, from.words.values.length].map((n) => new Int32Array(n).fill(-1));
    textOf = [(c) => from.customers.values[c]!, (c) => from.cases.text(c), (c) => from.days.values[c]!, (c) => from.times.values[c]!, (c) => from.words.values[c]!];
    sharedCases = new Set();
    for (const values of [from.customers.values, from.days.values, from.times.values, from.words.values]) {
      for (const value of values) {
        const code = from.cases.find(value);
        if (code >= 0) sharedCases.add(code);
      }
    }
  };
  /**
   * Writes the text of `code` in table `column` the first time the file has it, and numbers it. A case is
   * copied as the bytes it is: a month has hundreds of thousands of cases, each written once, and as strings
   * in `texts` they were most of its size. A case whose text another table has too goes through `texts`, so
   * that a text has one number whichever column it first came in, as `entry` numbers it.
   */
  const first = (column: number, code: number) => {
    if (column === CASE_TABLE && !sharedCases.has(code)) {
      const cases = table!.cases.packed;
      varint(1);
      bytes(cases.bytes, cases.from(code), cases.to(code));
      numbered[column]![code] = count++;
      return;
    }
    const found = textOf[column]!(code);
    text(found);
    numbered[column]![code] = texts.get(found)!;
  };
  return {
    start: (): Uint8Array => RECORD_MAGIC.slice(),
    /** Adds an entry given as an object. (An encoder is fed objects or the rows of one table, not both.) */
    entry(e: Entry, line: number): void {
      string(e.id);
      for (const value of [e.customer, e.caseId, e.date, e.start, e.end, e.technician, e.activity]) text(value);
      varint(e.minutes);
      small(e.role === null ? -1 : ROLES.indexOf(e.role));
      small(e.cause === null ? -1 : CAUSES.indexOf(e.cause));
      small(e.billable === null ? -1 : BILLABLE.indexOf(e.billable));
      varint(line);
      string(e.description);
    },
    /**
     * The same bytes as `entry(from.entry(row), line)`, from the columns: ids and descriptions are copied as
     * the bytes they are, and each repeated text is looked up once per code, not once per entry. Every entry
     * of a month comes through here on the thread that writes the month, so a row is written with the buffer
     * and the position in locals, and room is made once for all of it (a text new to the file makes its own).
     */
    row(from: EntryTable, row: number, line: number): void {
      if (table !== from) use(from);
      const { ids, descriptions } = from;
      const idFrom = ids.from(row);
      const idTo = ids.to(row);
      const descriptionFrom = descriptions.from(row);
      const descriptionTo = descriptions.to(row);
      const most = idTo - idFrom + descriptionTo - descriptionFrom + ROW_BYTES;
      room(most);
      let o = out;
      let at = varintAt(o, end, idTo - idFrom);
      at = copyAt(o, at, ids.bytes, idFrom, idTo);
      const codes = [from.customer[row]!, from.case[row]!, from.day[row]!, from.start[row]!, from.end[row]!, from.technician[row]!, from.activity[row]!];
      for (let k = 0; k < codes.length; k++) {
        const code = codes[k]!;
        const column = TEXT_TABLES[k]!;
        if (code === NONE) {
          o[at++] = 0;
          continue;
        }
        const known = numbered[column]![code]!;
        if (known >= 0) {
          at = varintAt(o, at, 2 * (known + 1));
          continue;
        }
        end = at;
        first(column, code);
        room(most);
        o = out;
        at = end;
      }
      at = varintAt(o, at, from.minutes[row]!);
      o[at++] = from.role[row]! + 1;
      o[at++] = from.cause[row]! + 1;
      o[at++] = from.billable[row]! + 1;
      at = varintAt(o, at, line);
      at = varintAt(o, at, descriptionTo - descriptionFrom);
      end = copyAt(o, at, descriptions.bytes, descriptionFrom, descriptionTo);
    },
    take(): Uint8Array {
      const bytes = Uint8Array.prototype.slice.call(out, 0, end);
      end = 0;
      return bytes;
    },
  };
}

/** Which text table each of RECORD_TEXTS takes its codes from: customers, cases, days, times (start, end), words. */
const TEXT_TABLES = [0, 1, 2, 3, 3, 4, 4] as const;
const CASE_TABLE = 1;
/** A row's bytes besides its id and description, at most: seven references, three varints, three bytes. */
const ROW_BYTES = 10 * 10 + 3;

/** Writes `value` as a varint at `at` in `out` (room made); gives where it ends. Values below 2³² only. */
function varintAt(out: Uint8Array, at: number, value: number): number {
  let rest = value;
  while (rest >= 0x80) {
    out[at++] = (rest & 0x7f) | 0x80;
    rest >>>= 7;
  }
  out[at++] = rest;
  return at;
}

/** Copies `from[start] … from[stop]` to `at` in `out` (room made); gives where it ends. */
function copyAt(out: Uint8Array, at: number, from: Uint8Array, start: number, stop: number): number {
  // Ids and most descriptions are short: copied byte by byte rather than through a view made for each.
  if (stop - start > 64) {
    out.set(from.subarray(start, stop), at);
    return at + stop - start;
  }
  for (let k = start; k < stop; k++) out[at++] = from[k]!;
  return at;
}
