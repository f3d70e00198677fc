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
    texts.set(value, texts.size);
    varint(1);
    string(value);
  };
  const small = (index: number) => {
    room(1);
    out[end++] = index + 1;
  };
  const bytes = (from: Uint8Array, start: number, stop: number) => {
    const length = stop - start;
    varint(length);
    room(length);
    // Ids and most descriptions are short: copied byte by byte rather than through a view made for each.
    if (length <= 64) for (let at = start; at < stop; at++) out[end++] = from[at]!;
    else {
      out.set(from.subarray(start, stop), end);
      end += length;
    }
  };
  // For rows of a table: each text table's codes mapped to the texts' numbers here, found once per code, and
  // how each column finds a code's text (made once per table, not once per row).
  let table: EntryTable | null = null;
  let numbered: Int32Array[] = [];
  let textOf: ((code: number) => string)[] = [];
  const coded = (column: number, code: number) => {
    if (code === NONE) return varint(0);
    const known = numbered[column]![code]!;
    if (known >= 0) return varint(2 * (known + 1));
    const found = textOf[column]!(code);
    text(found);
    numbered[column]![code] = texts.get(found)!;
  };
  const use = (from: EntryTable) => {
    table = from;
    numbered = [from.customers.values.length, from.cases.size, from.days.values.length, from.times.values.length, from.words.values.length].map((n) => new Int32Array(n).fill(-1));
    textOf = [(c) => from.customers.values[c]!, (c) => from.cases.text(c), (c) => from.days.values[c]!, (c) => from.times.values[c]!, (c) => from.words.values[c]!];
  };
  return {
    start: (): Uint8Array => RECORD_MAGIC.slice(),
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
     * the bytes they are, and each repeated text is looked up once per code, not once per entry.
     */
    row(from: EntryTable, row: number, line: number): void {
      if (table !== from) use(from);
      bytes(from.ids.bytes, from.ids.from(row), from.ids.to(row));
      coded(0, from.customer[row]!);
      coded(1, from.case[row]!);
      coded(2, from.day[row]!);
      coded(3, from.start[row]!);
      coded(3, from.end[row]!);
      coded(4, from.technician[row]!);
      coded(4, from.activity[row]!);
      varint(from.minutes[row]!);
      small(from.role[row]!);
      small(from.cause[row]!);
      small(from.billable[row]!);
      varint(line);
      bytes(from.descriptions.bytes, from.descriptions.from(row), from.descriptions.to(row));
    },
    take(): Uint8Array {
      const bytes = Uint8Array.prototype.slice.call(out, 0, end);
      end = 0;
      return bytes;
    },
  };
}
